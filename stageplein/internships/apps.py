from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "stageplein.internships"
    verbose_name = _("Internships")

    def ready(self) -> None:
        # Receivers import models: only once the registry is ready.
        from stageplein.internships import receivers  # noqa: F401  (connects the receivers)
