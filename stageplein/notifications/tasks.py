"""E-mail by the task worker. A failed send is recorded on the notification (visible in the
admin), the task fails visibly (django-tasks-db's admin) and is tried again with back-off."""

import datetime
import json
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from pywebpush import WebPushException, webpush

from stageplein.accounts.models import User
from stageplein.core.links import absolute_url

# services.py imports this module too: both import the module, not its names, so either
# may be imported first.
from stageplein.notifications import services, vapid
from stageplein.notifications.models import EmailFrequency, Notification, PushSubscription

logger = logging.getLogger(__name__)

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


# How long a push service keeps a message for a device that is off (seconds).
PUSH_TTL = 24 * 3600


def push_service_allowed(endpoint: str) -> bool:
    """Only the push services of the browsers (settings.PUSH_SERVICE_HOSTS): an endpoint is
    given by the browser, so a forged one must not make the worker post inside our network.
    An entry with a scheme ("http://127.0.0.1:8123") names one exact origin (tests)."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    for allowed in settings.PUSH_SERVICE_HOSTS:
        if "://" in allowed:
            if f"{parts.scheme}://{parts.netloc}".lower() == allowed.lower().rstrip("/"):
                return True
        elif parts.scheme == "https" and (host == allowed or host.endswith("." + allowed)):
            return True
    return False


def _email_instead(notification: Notification) -> None:
    """No device took the message: e-mail as the person chose (at once, or the digest)."""
    if not notification.send_email or not notification.recipient.email:
        return
    if services.email_frequency_of(notification.recipient) == EmailFrequency.IMMEDIATELY:
        send_notification_email.enqueue(notification.pk)


@task(queue_name="push")
def send_push(notification_id: int) -> int:
    """Send one notification to each device of its recipient. Like the e-mail it carries only
    the title and the link. A device the push service no longer knows (404, 410) is forgotten;
    when no device took it, the e-mail goes instead. Returns the number of devices reached."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.pushed_at is not None:
        return 0
    key = vapid.server_key()
    subscriptions = list(PushSubscription.objects.filter(user=notification.recipient))
    payload = json.dumps(
        {"title": notification.title, "url": notification.url or "/", "tag": notification.kind}
    )
    reached = 0
    for subscription in subscriptions if key is not None else []:
        if not push_service_allowed(subscription.endpoint):
            continue
        try:
            webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=payload,
                vapid_private_key=key,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=PUSH_TTL,
                timeout=10,
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (404, 410):
                subscription.delete()  # permission withdrawn or the browser was reset
            else:
                logger.warning("push to a device failed: %s", status or exc)
            continue
        except OSError as exc:  # the push service cannot be reached
            logger.warning("push service unreachable: %s", exc)
            continue
        reached += 1
        PushSubscription.objects.filter(pk=subscription.pk).update(last_pushed_at=timezone.now())
    if reached:
        Notification.objects.filter(pk=notification_id).update(pushed_at=timezone.now())
    else:
        _email_instead(notification)
    return reached
