from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.organisations.models import Provider
from stageplein.students.models import Student


class Internship(models.Model):
    """One student doing one MaS internship. Vocational internships are never recorded here."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        GROUP = "group", _("group internship")
        AT_SCHOOL = "at_school", _("internship at school")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("in progress")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="internships")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="internships")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    planned_hours = models.PositiveSmallIntegerField(_("planned hours"))
    supervisor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_internships",
        verbose_name=_("supervisor at the provider"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("internship")
        verbose_name_plural = _("internships")
        constraints = [
            models.CheckConstraint(
                name="internship_end_after_start",
                condition=models.Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} – {self.title}"


class HourEntryQuerySet(models.QuerySet["HourEntry"]):
    def counting(self) -> "HourEntryQuerySet":
        """Entries whose hours count towards the MaS norm (R-HOURS-4): verified ones only."""
        return self.filter(status=HourEntry.Status.VERIFIED).exclude(
            internship__status=Internship.Status.CANCELLED
        )


class HourEntry(models.Model):
    """A session the student logged. Only verified entries count; a verified entry is locked."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

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
        ]

    def __str__(self) -> str:
        return f"{self.internship} {self.date} {self.hours} h"
