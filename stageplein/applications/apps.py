from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "stageplein.applications"
    verbose_name = _("Reactions")

    def ready(self) -> None:
        # Models (and the receivers, which import services) load only once the registry is ready.
        from auditlog.registry import auditlog

        from stageplein.applications import receivers  # noqa: F401  (connects the receivers)
        from stageplein.applications.models import Application

        # Every decision on a minor's reaction can be traced: who accepted, approved, withdrew.
        auditlog.register(Application, exclude_fields=["motivation"])
