from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "stageplein.signin"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from allauth.socialaccount.signals import social_account_added, social_account_removed
        from django.db.models.signals import post_delete

        from stageplein.accounts.models import Membership
        from stageplein.signin import receivers

        post_delete.connect(receivers.end_sessions_on_role_loss, sender=Membership)
        social_account_added.connect(receivers.audit_school_account_linked)
        social_account_removed.connect(receivers.audit_school_account_unlinked)
