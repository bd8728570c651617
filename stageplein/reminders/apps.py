from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "stageplein.reminders"
    verbose_name = _("Reminders and scheduled work")

    def ready(self) -> None:
        # Each app registers its scheduled jobs in its own jobs.py (the admin's pattern).
        autodiscover_modules("jobs")
