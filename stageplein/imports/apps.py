from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "stageplein.imports"
    verbose_name = _("Student import")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from stageplein.imports import receivers

        receivers.connect()
