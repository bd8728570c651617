"""Hours and planned sessions: what counts towards the norm is decided here, once
(``HourEntry.objects.counting()``)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.internships.models.internship import GroupActivity, Internship


class HourEntryQuerySet(models.QuerySet["HourEntry"]):
    def counting(self) -> "HourEntryQuerySet":
        """Entries whose hours count towards the MaS norm: the ONE definition, used by every
        progress figure. Verified by the provider (R-HOURS-4), on an internship that is not
        cancelled and whose contract has been signed by every party (R-INT-1)."""
        return self.filter(
            status=HourEntry.Status.VERIFIED, internship__contract_signed_at__isnull=False
        ).exclude(internship__status=Internship.Status.CANCELLED)


class GroupSession(models.Model):
    """One session of a group activity; once verified, each participant present is credited."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for verification")
        # Not "verified": allauth's catalogue translates that word for e-mail addresses.
        VERIFIED = "verified", _("confirmed")

    activity = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("12"))],
    )
    description = models.TextField(_("what the group did"))
    participants = models.ManyToManyField(
        Internship, related_name="group_sessions", verbose_name=_("present")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        constraints = [
            models.CheckConstraint(name="groupsession_hours_positive", condition=Q(hours__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.date}"


class HourEntry(models.Model):
    """A session the student logged. Only verified entries count; a verified entry is locked:
    a correction is a new entry that replaces it once verified in its turn."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for verification")
        # Not "verified": allauth's catalogue translates that word for e-mail addresses.
        VERIFIED = "verified", _("confirmed")
        REJECTED = "rejected", _("rejected")
        CORRECTED = "corrected", _("replaced by a correction")

    class Method(models.TextChoices):
        PLATFORM = "platform", _("on the platform")
        LINK = "link", _("by e-mail link")
        QR = "qr", _("by QR code at the placement")
        PAPER = "paper", _("signed paper log")
        GROUP = "group", _("group session")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="hours")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("12"))],
    )
    description = models.TextField(_("what I did"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A retried or double-clicked submission carries the same key: the unique constraint makes
    # the second insert impossible, so the student never gets two entries for one session.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Database defaults too: the demo loads entries with COPY, naming only the columns it knows.
    method = models.CharField(
        _("confirmed how"),
        max_length=20,
        choices=Method.choices,
        blank=True,
        default="",
        db_default="",
    )
    rejection_reason = models.TextField(_("reason"), blank=True, default="", db_default="")
    corrects = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    paper_log = models.FileField(
        _("scan of the signed paper log"),
        upload_to="internships/paper-logs/%Y/",
        blank=True,
        default="",
        db_default="",
    )
    group_session = models.ForeignKey(
        GroupSession, on_delete=models.CASCADE, null=True, blank=True, related_name="credits"
    )

    objects = HourEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("hour entry")
        verbose_name_plural = _("hour entries")
        constraints = [
            models.CheckConstraint(
                name="hourentry_hours_positive", condition=models.Q(hours__gt=0)
            ),
            models.CheckConstraint(
                name="hourentry_verified_has_verifier",
                condition=~models.Q(status="verified") | models.Q(verified_at__isnull=False),
            ),
            # A group session credits each participant once, however often it is verified.
            models.UniqueConstraint(
                fields=["internship", "group_session"],
                condition=Q(group_session__isnull=False),
                name="hourentry_one_credit_per_group_session",
            ),
        ]
        indexes = [models.Index(fields=["internship", "status"])]

    def __str__(self) -> str:
        return f"{self.internship} {self.date} {self.hours} h"

    @property
    def locked(self) -> bool:
        return self.status in (self.Status.VERIFIED, self.Status.CORRECTED)


class PlannedSession(models.Model):
    """When the student is expected at the placement (R-INT-2)."""

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("planned session")
        verbose_name_plural = _("planned sessions")
        constraints = [
            models.CheckConstraint(
                name="plannedsession_end_after_start",
                condition=Q(end_time__gt=models.F("start_time")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.internship} {self.date} {self.start_time}"
