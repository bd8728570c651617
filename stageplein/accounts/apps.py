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
        connect_scope_invalidation()


def connect_scope_invalidation() -> None:
    """Drop a person's cached scope (stageplein.accounts.access.get_scope) whenever what it is
    built from changes. Senders by name: accounts sits below students and organisations."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from stageplein.accounts.access import forget_scope
    from stageplein.accounts.models import Membership

    def by_user_id(sender, instance, **kwargs) -> None:
        forget_scope(instance.user_id)

    def by_guardian(sender, instance, **kwargs) -> None:
        forget_scope(instance.guardian_id)

    def by_pk(sender, instance, **kwargs) -> None:
        forget_scope(instance.pk)

    def broker_staff(broker_ids) -> None:
        staff = Membership.objects.filter(broker_id__in=broker_ids)
        forget_scope(*staff.values_list("user_id", flat=True))

    def by_broker(sender, instance, **kwargs) -> None:
        broker_staff([instance.pk])

    def by_broker_area(sender, instance, action, reverse, pk_set, **kwargs) -> None:
        if action.startswith("post_"):
            broker_staff((pk_set or []) if reverse else [instance.pk])

    for signal in (post_save, post_delete):
        for sender, receiver in (
            ("accounts.Membership", by_user_id),
            ("students.Student", by_user_id),
            ("students.Guardianship", by_guardian),
            ("accounts.User", by_pk),
            ("organisations.Broker", by_broker),
        ):
            signal.connect(receiver, sender=sender, weak=False, dispatch_uid=f"scope-{sender}")
    m2m_changed.connect(
        by_broker_area,
        sender=apps.get_model("organisations", "Broker").municipalities.through,
        weak=False,
        dispatch_uid="scope-broker-area",
    )
