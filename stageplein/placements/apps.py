from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "stageplein.placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        # AppConfig.ready: auditlog's registry loads its own models, so only once they can load.
        from auditlog.registry import auditlog

        # Who published, closed or changed capacity is asked after the fact (R-PLACE-4).
        auditlog.register(self.get_model("Placement"), exclude_fields=["lat", "lon", "updated_at"])
        auditlog.register(self.get_model("PlacementPeriod"))
