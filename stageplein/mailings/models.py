from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.organisations.models import Broker, School


class Mailing(models.Model):
    """A mailing or newsletter from a broker or a school to an audience in its scope (R-COM-2)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        QUEUED = "queued", _("waiting for the task worker")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    broker = models.ForeignKey(
        Broker, on_delete=models.CASCADE, null=True, blank=True, related_name="mailings"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="mailings"
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    audience = models.CharField(_("audience"), max_length=60)
    audience_options = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    total = models.PositiveIntegerField(default=0)
    sent_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        constraints = [
            models.CheckConstraint(
                name="mailing_from_broker_xor_school",
                condition=Q(broker__isnull=False, school__isnull=True)
                | Q(broker__isnull=True, school__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def sender(self) -> Broker | School:
        return self.broker or self.school  # type: ignore[return-value]

    @property
    def percent(self) -> int:
        return 100 * self.sent_count // self.total if self.total else 0

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.SENDING)


class MailingRecipient(models.Model):
    """Who a mailing went to, and how: the record of what was sent to whom."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("e-mailed")
        IN_APP = "in_app", _("no e-mail address: on the platform only")
        FAILED = "failed", _("e-mail failed")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("mailing recipient")
        verbose_name_plural = _("mailing recipients")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "user"], name="mailingrecipient_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mailing} → {self.user_id}"
