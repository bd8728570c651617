from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "stageplein.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from stageplein.api.webhooks import receivers  # noqa: F401 - connects the receiver
