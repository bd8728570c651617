from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "stageplein.exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from stageplein.exports import receivers

        receivers.connect()
