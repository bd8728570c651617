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

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_frequency_display()}"
