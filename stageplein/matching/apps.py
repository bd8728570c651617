from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "stageplein.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # AppConfig.ready: auditlog's registry loads its own models, so only once they can load.
        from auditlog.registry import auditlog

        from stageplein.matching import receivers

        receivers.connect()

        # Who changed a broker's weights, and when: the runs keep the weights they used.
        auditlog.register(self.get_model("MatchingSettings"), exclude_fields=["updated_at"])
