from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "stageplein.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from auditlog.registry import auditlog

        from stageplein.accounts.models import Membership, User

        # Who changed a person's details or granted a role is kept in the audit log.
        # Granting superuser, a group or a permission is recorded too (issue 13).
        auditlog.register(
            User,
            include_fields=[
                "email",
                "first_name",
                "last_name",
                "is_active",
                "is_staff",
                "is_superuser",
            ],
            m2m_fields={"groups", "user_permissions"},
        )
        auditlog.register(Membership)
