"""What an internship leaves behind: logbook, report (R-INT-3), evaluations (R-INT-4, R-INT-7),
concerns and the certificate (R-INT-6)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.internships.models.internship import Internship
from stageplein.students.models import Student


class LogbookEntry(models.Model):
    """What happened in a session, in the student's words (or a supervisor's note)."""

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="logbook")
    date = models.DateField(_("date"))
    text = models.TextField(_("what happened"))
    photo = models.FileField(_("photo"), upload_to="internships/photos/%Y/", blank=True)
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")

    def __str__(self) -> str:
        return f"{self.internship} {self.date}"


class Report(models.Model):
    """One submission of the logbook, the reflection or the final report (R-INT-3).

    Sending back keeps the submission and its comments; the student's next version is a new row,
    so the whole history stays.
    """

    class Kind(models.TextChoices):
        LOGBOOK = "logbook", _("logbook")
        REFLECTION = "reflection", _("reflection")
        FINAL = "final", _("final report")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for the mentor")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("sent back")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="internships/reports/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("comments"), blank=True)

    class Meta:
        ordering = ["internship", "kind", "-version"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "kind", "version"], name="report_unique_version"
            ),
            # At most one version waiting or approved: the rest is history.
            models.UniqueConstraint(
                fields=["internship", "kind"],
                condition=Q(status__in=["submitted", "approved"]),
                name="report_one_open_or_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.internship} {self.kind} v{self.version}"


class Rating(models.TextChoices):
    GOOD = "good", _("good")
    SUFFICIENT = "sufficient", _("sufficient")
    POOR = "poor", _("needs improvement")


class StudentEvaluation(models.Model):
    """The student grades the internship (R-INT-4)."""

    internship = models.OneToOneField(
        Internship, on_delete=models.CASCADE, related_name="student_evaluation"
    )
    grade = models.PositiveSmallIntegerField(
        _("grade (1-10)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    comments = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("student evaluation")
        verbose_name_plural = _("student evaluations")
        constraints = [
            models.CheckConstraint(
                name="studentevaluation_grade_1_10", condition=Q(grade__gte=1, grade__lte=10)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.internship}: {self.grade}"


class ProviderAssessment(models.Model):
    """The provider assesses the student (R-INT-4): a short form, not the deep evaluation."""

    internship = models.OneToOneField(
        Internship, on_delete=models.CASCADE, related_name="provider_assessment"
    )
    attendance = models.CharField(_("attendance"), max_length=20, choices=Rating.choices)
    effort = models.CharField(_("effort"), max_length=20, choices=Rating.choices)
    went_well = models.TextField(_("what went well"))
    to_improve = models.TextField(_("what could be better"), blank=True)
    assessed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provider assessment")
        verbose_name_plural = _("provider assessments")

    def __str__(self) -> str:
        return f"{self.internship}: {self.attendance}/{self.effort}"


class Concern(models.Model):
    """A provider reports lateness or low effort (R-INT-7); the school follows up."""

    class Kind(models.TextChoices):
        LATE = "late", _("late or absent")
        EFFORT = "effort", _("low effort")
        OTHER = "other", _("something else")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="concerns")
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("what happened"))
    reported_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    followed_up_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    followed_up_at = models.DateTimeField(null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report by the provider")
        verbose_name_plural = _("reports by the provider")

    def __str__(self) -> str:
        return f"{self.internship}: {self.kind}"


class Certificate(models.Model):
    """Issued when a student's counting hours reach the norm (R-INT-6).

    It holds a copy of the four facts the public verification page shows, so that page never
    reads the student record.
    """

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="certificates")
    code = models.CharField(max_length=32, unique=True)
    student_name = models.CharField(_("name"), max_length=200)
    school_name = models.CharField(_("school"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    issued_at = models.DateTimeField(_("issued on"))
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_valid_per_student",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student_name} {self.code}"

    @property
    def valid(self) -> bool:
        return self.revoked_at is None
