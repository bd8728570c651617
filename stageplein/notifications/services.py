"""The one way to tell a person something: in-app, and by e-mail through the task worker."""

from django.db import transaction

from stageplein.accounts.models import User
from stageplein.notifications.models import Notification


def notify(
    recipient: User, *, kind: str, title: str, url: str = "", email: bool = True
) -> Notification:
    """Create an in-app notification and, after the transaction commits, queue its e-mail.

    ``title`` must not contain another person's personal data: it travels by e-mail.
    """
    notification = Notification.objects.create(recipient=recipient, kind=kind, title=title, url=url)
    if email and recipient.email:
        from stageplein.notifications.tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def mark_read(recipient: User, notification_ids: list[int] | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
