from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "stageplein.placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from auditlog.registry import auditlog

        from stageplein.placements.models import Placement, PlacementPeriod

        # Who published, closed or changed capacity is asked after the fact (R-PLACE-4).
        auditlog.register(Placement, exclude_fields=["lat", "lon", "updated_at"])
        auditlog.register(PlacementPeriod)
