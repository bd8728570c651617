"""The internship (stagevolgsysteem): contract and signatures, planning, hours, logbook, reports,
evaluations and the certificate. Only MaS internships live here; vocational ones never do."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.geo.models import Region
from stageplein.organisations.models import Provider, ProviderLocation, School
from stageplein.students.models import Student


class Insurance(models.TextChoices):
    """R-INT-8: how the student is insured during the internship."""

    SCHOOL = "school", _("the school's insurance")
    MUNICIPALITY = "municipality", _("the municipality's volunteer insurance")
    PROVIDER = "provider", _("the provider's insurance")
    OTHER = "other", _("other insurance (see details)")


class GuidanceBy(models.TextChoices):
    """R-INT-5, R-ROLE-3: who guides the student during the internship."""

    MENTOR = "mentor", _("the mentor")
    PROVIDER_SUPERVISOR = "provider_supervisor", _("the provider's supervisor")
    STUDENT_SUPERVISOR = "student_supervisor", _("an mbo/hbo student supervisor")


class GroupActivity(models.Model):
    """A group internship (R-HOURS-5): a class musical, a project week, a sports day.

    Each participant has an internship of its own (contract, evaluations); the activity's
    verified sessions credit every participant who took part.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="group_activities")
    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="group_activities",
        verbose_name=_("provider"),
        help_text=_("The school itself for an internship at school."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the group does"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    planned_hours = models.PositiveSmallIntegerField(_("planned hours per participant"))
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="group_activities_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("group internship")
        verbose_name_plural = _("group internships")
        constraints = [
            models.CheckConstraint(
                name="groupactivity_end_after_start",
                condition=Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def at_school(self) -> bool:
        return self.provider.school_id == self.school_id


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
    location = models.ForeignKey(
        ProviderLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internships",
        verbose_name=_("location"),
    )
    tasks = models.TextField(_("tasks"), blank=True)
    learning_goals = models.TextField(_("my learning goals"), blank=True)
    insurance = models.CharField(
        _("insurance"), max_length=20, choices=Insurance.choices, default=Insurance.SCHOOL
    )
    insurance_details = models.CharField(_("insurance details"), max_length=300, blank=True)
    # R-INT-5: the guidance this student needs here, and who gives it.
    guidance_teacher_present = models.BooleanField(_("a teacher is present"), default=False)
    guidance_in_pairs = models.BooleanField(_("at least in pairs"), default=False)
    guidance_notes = models.CharField(_("other guidance needs"), max_length=300, blank=True)
    guidance_by = models.CharField(
        _("guidance given by"),
        max_length=30,
        choices=GuidanceBy.choices,
        default=GuidanceBy.PROVIDER_SUPERVISOR,
    )
    group_activity = models.ForeignKey(
        GroupActivity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="internships",
    )
    # When a contract version of this internship was first signed by every party. Stored (not
    # computed) because HourEntry.objects.counting() filters half a million entries on it; the
    # signing service sets it in the transaction that adds the last signature.
    contract_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
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
            models.UniqueConstraint(
                fields=["group_activity", "student"],
                condition=Q(group_activity__isnull=False),
                name="internship_one_per_group_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} – {self.title}"

    @property
    def contract_in_force(self) -> bool:
        return self.contract_signed_at is not None


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


class ContractTemplate(models.Model):
    """The uniform contract's editable parts, for a school or a region (R-INT-1).

    A school's template wins over its region's; without either the platform's default applies.
    """

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="contract_template"
    )
    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="contract_template"
    )
    rules_of_conduct = models.TextField(_("rules of conduct"))
    insurance = models.CharField(
        _("insurance"), max_length=20, choices=Insurance.choices, default=Insurance.SCHOOL
    )
    insurance_details = models.CharField(_("insurance details"), max_length=300, blank=True)
    extra_terms = models.TextField(_("other agreements"), blank=True)
    # R-HOURS-4 fallback: some schools accept a scan of a paper log signed by the provider.
    accepts_paper_logs = models.BooleanField(_("accept scans of signed paper logs"), default=False)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contract template")
        verbose_name_plural = _("contract templates")
        constraints = [
            models.CheckConstraint(
                name="contracttemplate_school_xor_region",
                condition=Q(school__isnull=False, region__isnull=True)
                | Q(school__isnull=True, region__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.school or self.region)


class Party(models.TextChoices):
    STUDENT = "student", _("student")
    PARENT = "parent", _("parent or guardian")
    SCHOOL = "school", _("school")
    PROVIDER = "provider", _("provider")


class Contract(models.Model):
    """One version of an internship's contract: a snapshot of what the parties agree to.

    Changing the terms makes a new version that needs every signature again; the previous
    signed version stays in force until then (an unsigned amendment does not void an agreement).
    """

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="contracts")
    version = models.PositiveSmallIntegerField(_("version"))
    student_name = models.CharField(_("student"), max_length=200)
    school_name = models.CharField(_("school"), max_length=200)
    provider_name = models.CharField(_("provider"), max_length=200)
    placement = models.CharField(_("placement"), max_length=400)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    planned_hours = models.PositiveSmallIntegerField(_("planned hours"))
    tasks = models.TextField(_("tasks"), blank=True)
    supervisor_name = models.CharField(_("supervisor at the provider"), max_length=200, blank=True)
    mentor_name = models.CharField(_("mentor"), max_length=200, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    insurance = models.CharField(_("insurance"), max_length=20, choices=Insurance.choices)
    insurance_details = models.CharField(_("insurance details"), max_length=300, blank=True)
    rules_of_conduct = models.TextField(_("rules of conduct"))
    extra_terms = models.TextField(_("other agreements"), blank=True)
    parent_required = models.BooleanField(_("a parent or guardian signs"))
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    fully_signed_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["internship", "-version"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "version"], name="contract_unique_version"
            ),
            models.UniqueConstraint(
                fields=["internship"],
                condition=Q(superseded_at__isnull=True),
                name="contract_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.internship} v{self.version}"

    @property
    def required_parties(self) -> list[str]:
        parties = [Party.STUDENT.value, Party.SCHOOL.value, Party.PROVIDER.value]
        if self.parent_required:
            parties.insert(1, Party.PARENT.value)
        return parties

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class Signature(models.Model):
    """Who signed which contract version, when, and how."""

    class Method(models.TextChoices):
        PLATFORM = "platform", _("signed in on the platform")
        LINK = "link", _("through a one-time link")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    signed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="signatures"
    )
    name = models.CharField(_("name"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            # One signature per party and version, however often someone clicks.
            models.UniqueConstraint(fields=["contract", "party"], name="signature_one_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.party}: {self.name}"


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
