from django.db import models
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User


class Notification(models.Model):
    """An in-app message, optionally also sent by e-mail.

    The title and link are all an e-mail carries: a minor's details stay on the platform.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Whether the sender wanted an e-mail; when it goes (at once or in the digest) is the
    # recipient's choice.
    send_email = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(_("last e-mail error"), max_length=500, blank=True)
    # Delivered as a push message to at least one of the recipient's devices: then no e-mail
    # follows, not at once and not in the digest (e-mail is the fallback).
    pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["recipient"],
                condition=models.Q(send_email=True, emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("immediately, one e-mail per notification")
    DAILY = "daily", _("once a day, one e-mail with everything new")


class NotificationSettings(models.Model):
    """A person's choice of how often to receive e-mail. No row means: immediately."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_frequency = models.CharField(
        _("e-mail me"),
        max_length=20,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # The kinds (PushKind values) this person wants as a push message on their devices. Empty
    # means none: push is opt-in, kind by kind.
    push_kinds = models.JSONField(_("push messages for"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_frequency_display()}"


class PushKind(models.TextChoices):
    """What a person may ask to receive as a push message (issue 19)."""

    REACTION_DECIDED = "reaction_decided", _("a reaction of mine has been decided")
    CONTRACT_TO_SIGN = "contract_to_sign", _("a contract is waiting for my signature")
    HOURS_TO_CONFIRM = "hours_to_confirm", _("hours are waiting for my confirmation")
    REMINDER = "reminder", _("a reminder")


def push_kind_of(kind: str) -> str | None:
    """The push kind of a notification kind, or None when it is never pushed."""
    if kind in ("application_accepted", "application_approved", "application_declined"):
        return PushKind.REACTION_DECIDED
    if kind == "contract_to_sign":
        return PushKind.CONTRACT_TO_SIGN
    if kind == "hours_to_verify":
        return PushKind.HOURS_TO_CONFIRM
    if kind.startswith("reminder:"):
        return PushKind.REMINDER
    return None


class PushSubscription(models.Model):
    """One browser (device) that agreed to receive push messages for a person. The push service
    forgets an endpoint when the person withdraws permission; it then answers 404 or 410 and
    the row is deleted."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_subscriptions")
    # A device belongs to one person at a time: signing in as someone else moves it.
    endpoint = models.URLField(_("push service address"), max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return f"{self.user}: {self.endpoint[:40]}"
