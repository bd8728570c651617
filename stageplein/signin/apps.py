from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "stageplein.signin"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from django.db.models.signals import post_delete

        from stageplein.accounts.models import Membership
        from stageplein.signin.receivers import end_sessions_on_role_loss

        post_delete.connect(end_sessions_on_role_loss, sender=Membership)
