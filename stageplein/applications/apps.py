from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "stageplein.applications"
    verbose_name = _("Reactions")

    def ready(self) -> None:
        # AppConfig.ready: auditlog's registry loads its own models, so only once they can load.
        from auditlog.registry import auditlog

        # Receivers import services, which import models: only once the registry is ready.
        from stageplein.applications import receivers  # noqa: F401  (connects the receivers)

        # Every decision on a minor's reaction can be traced: who accepted, approved, withdrew.
        auditlog.register(self.get_model("Application"), exclude_fields=["motivation"])
