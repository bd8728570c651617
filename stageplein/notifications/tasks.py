"""E-mail by the task worker. A failed send is recorded on the notification (visible in the
admin), the task fails visibly (django-tasks-db's admin) and is tried again with back-off."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from stageplein.accounts.models import User
from stageplein.core.links import absolute_url

# services.py imports this module too: both import the module, not its names, so either
# may be imported first.
from stageplein.notifications import services
from stageplein.notifications.models import Notification

MAX_EMAIL_ATTEMPTS = 5


def _link(url: str) -> str:
    return absolute_url(url)


def _retry_later(task_obj, attempts: int, *args) -> None:
    if attempts < MAX_EMAIL_ATTEMPTS and default_task_backend.supports_defer:
        delay = datetime.timedelta(minutes=2**attempts)
        task_obj.using(run_after=timezone.now() + delay).enqueue(*args)


@task(queue_name="email")
def send_notification_email(notification_id: int) -> None:
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if (
        notification is None
        or notification.emailed_at is not None
        or not notification.recipient.email
    ):
        return  # deleted, or already sent by an earlier attempt: sending twice would confuse
    Notification.objects.filter(pk=notification_id).update(email_attempts=F("email_attempts") + 1)
    context = {"notification": notification, "link": _link(notification.url)}
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("notifications/email.txt", context)
    try:
        send_mail(
            subject=f"Stageplein: {notification.title}",
            message=body,
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(email_error=str(exc)[:500])
        _retry_later(send_notification_email, notification.email_attempts + 1, notification_id)
        raise
    Notification.objects.filter(pk=notification_id).update(
        emailed_at=timezone.now(), email_error=""
    )


@task(queue_name="email")
def send_digest_email(user_id: int, attempt: int = 1) -> int:
    """One e-mail with the titles and links of everything not yet e-mailed."""

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    notifications = list(services.pending_email(user)[:100])
    if not notifications:
        return 0  # an earlier attempt sent them
    ids = [n.pk for n in notifications]
    Notification.objects.filter(pk__in=ids).update(email_attempts=F("email_attempts") + 1)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "notifications/digest.txt",
            {
                "items": [(n, _link(n.url)) for n in notifications],
                "all_link": _link("/meldingen/"),
            },
        )
        subject = "Stageplein: " + gettext("what is new today")
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    except Exception as exc:
        Notification.objects.filter(pk__in=ids).update(email_error=str(exc)[:500])
        _retry_later(send_digest_email, attempt, user_id, attempt + 1)
        raise
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now(), email_error="")
    return len(ids)
