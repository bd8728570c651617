from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "stageplein.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Receivers import services, which import models: only once the registry is ready.
        from stageplein.notifications import receivers  # noqa: F401  (connects the receivers)
