from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "stageplein.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from auditlog.registry import auditlog

        from stageplein.matching import receivers
        from stageplein.matching.models import MatchingSettings

        receivers.connect()

        # Who changed a broker's weights, and when: the runs keep the weights they used.
        auditlog.register(MatchingSettings, exclude_fields=["updated_at"])
