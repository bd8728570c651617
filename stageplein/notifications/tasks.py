import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from stageplein.notifications.models import Notification

MAX_EMAIL_ATTEMPTS = 5


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
    context = {
        "notification": notification,
        "link": f"{settings.SITE_ROOT}{notification.url}"
        if notification.url
        else settings.SITE_ROOT,
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("notifications/email.txt", context)
    try:
        send_mail(
            subject=f"Stageplein: {notification.title}",
            message=body,
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception:
        # Mail servers fail transiently; retry later with back-off where the backend can defer.
        attempts = notification.email_attempts + 1
        if attempts < MAX_EMAIL_ATTEMPTS and default_task_backend.supports_defer:
            delay = datetime.timedelta(minutes=2**attempts)
            send_notification_email.using(run_after=timezone.now() + delay).enqueue(notification_id)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
