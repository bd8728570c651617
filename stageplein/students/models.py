import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Role, User
from stageplein.core.schoolyear import school_year_label
from stageplein.geo.models import PostcodeArea, Region
from stageplein.organisations.models import Level, School, SchoolLocation, Sector


class Student(models.Model):
    """A leerling: a minor whose data stays within the school's scope (see access.py)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="student")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    location = models.ForeignKey(
        SchoolLocation, on_delete=models.SET_NULL, null=True, blank=True, related_name="students"
    )
    student_number = models.CharField(_("student number"), max_length=20)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(
        _("school year group"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    class_name = models.CharField(_("class"), max_length=20, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    home_postcode = models.ForeignKey(
        PostcodeArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home postcode area"),
    )
    mentor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
    # The school year in which the student entered secondary school: it decides the norm.
    cohort = models.PositiveSmallIntegerField(_("entered secondary school in"))
    interests = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("interests")
    )
    hobbies = models.CharField(_("hobbies"), max_length=200, blank=True)
    guidance_needs = models.CharField(_("guidance needed"), max_length=200, blank=True)
    # R-INT-5 in a form the matching can filter on (the free text above explains the rest).
    needs_teacher_present = models.BooleanField(
        _("needs a protected setting with a teacher present"),
        default=False,
        db_default=False,
        help_text=_("Only placements where a teacher of the school may be present suit."),
    )
    needs_pair = models.BooleanField(
        _("goes at least in pairs"),
        default=False,
        db_default=False,
        help_text=_("Only placements that take students in pairs or groups suit."),
    )
    left_on = models.DateField(_("left school on"), null=True, blank=True)
    # Set once the student's personal data is gone (students/anonymise.py).
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "class_name", "user__last_name", "user__first_name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student_number"], name="student_unique_number_per_school"
            ),
        ]
        indexes = [models.Index(fields=["school", "class_name"])]

    def __str__(self) -> str:
        if self.anonymised_at is not None:
            return str(_("anonymised student"))
        return self.user.get_full_name() or self.student_number

    @property
    def first_name(self) -> str:
        return self.user.first_name

    def age_on(self, day: datetime.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Guardianship(models.Model):
    """A parent or guardian of a student; may sign the contract and follow progress."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(User, on_delete=models.CASCADE, related_name="guardianships")

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="guardianship_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student}"


class HourNorm(models.Model):
    """The MaS norm per level (R-HOURS-1). It applies to cohorts from ``from_cohort`` on.

    The norm changed during the pilots (72 hours for everyone, then by level), so it is data.
    """

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    from_cohort = models.PositiveSmallIntegerField(_("for students entering from school year"))
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["level", "-from_cohort"]
        verbose_name = _("hour norm")
        verbose_name_plural = _("hour norms")
        constraints = [
            models.UniqueConstraint(fields=["level", "from_cohort"], name="hournorm_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {school_year_label(self.from_cohort)}: {self.hours} h"


class YearlyTarget(models.Model):
    """A streefgetal (R-PLAN-2) for one school year: students placed and hours done, for a
    school, a broker's area or a region (a pilot). Progress against it is computed, never
    stored (stageplein.planning.selectors.target_progress)."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    broker = models.ForeignKey(
        "organisations.Broker",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("broker"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    hours_per_student = models.PositiveSmallIntegerField(
        _("hours per student this year"), null=True, blank=True
    )
    students = models.PositiveIntegerField(_("students to place"), null=True, blank=True)
    # Hours done by all the students together this school year; when empty, progress uses
    # hours_per_student times the number of students.
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.CheckConstraint(
                name="target_one_subject",
                condition=Q(school__isnull=False, broker__isnull=True, region__isnull=True)
                | Q(school__isnull=True, broker__isnull=False, region__isnull=True)
                | Q(school__isnull=True, broker__isnull=True, region__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["school", "school_year"],
                condition=Q(school__isnull=False),
                name="target_unique_school_year",
            ),
            models.UniqueConstraint(
                fields=["broker", "school_year"],
                condition=Q(broker__isnull=False),
                name="target_unique_broker_year",
            ),
            models.UniqueConstraint(
                fields=["region", "school_year"],
                condition=Q(region__isnull=False),
                name="target_unique_region_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school or self.broker or self.region} {school_year_label(self.school_year)}"


class ReadLogEntry(models.Model):
    """Who read a student's personal data (R-PRIV-1, issue 13): every view of the student's
    pages, files and exports by someone other than the student themselves."""

    class Kind(models.TextChoices):
        PAGE = "page", _("page")
        FILE = "file", _("file")
        EXPORT = "export", _("export")
        # Returned by the REST API to a system (API client) or a personal access token.
        API = "api", _("via API")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="read_log")
    # Kept when the reader's account goes: the name is copied so the log still says who.
    reader = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    reader_name = models.CharField(_("who"), max_length=200)
    role = models.CharField(_("as"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PAGE)
    what = models.CharField(_("what"), max_length=300)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("read log entry")
        verbose_name_plural = _("read log entries")
        indexes = [models.Index(fields=["student", "-at"], name="readlog_student_at")]

    def __str__(self) -> str:
        return f"{self.reader_name} {self.what} {self.at:%Y-%m-%d %H:%M}"

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role


class ConsentPurpose(models.TextChoices):
    """What needs consent beyond the school's public task (R-PRIV-1, issue 13). The contract
    itself is consented to by signing it (internships.Signature, the parent's for a minor)."""

    PHOTOS = "photos", _("photos in the logbook")
    SHARING = "sharing", _("sharing guidance needs with the organisation")


class Consent(models.Model):
    """One consent: for which student and purpose, the text version agreed to (and the text as
    it was shown), who gave it, when; withdrawn by whom and when. Giving it again after a
    withdrawal is a new row, so the history stays."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("for"), max_length=20, choices=ConsentPurpose.choices)
    text_version = models.PositiveSmallIntegerField(_("text version"))
    text = models.TextField(_("text agreed to"))
    # Names are copied: the record must still say who after an account is removed.
    given_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    given_by_name = models.CharField(_("given by"), max_length=200)
    given_as = models.CharField(_("as"), max_length=40)
    given_at = models.DateTimeField(_("given on"))
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_by_name = models.CharField(_("withdrawn by"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["student", "purpose", "-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            # Two parents clicking "give" at once leave one consent in force, not two.
            models.UniqueConstraint(
                fields=["student", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.purpose} v{self.text_version}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class PrivacyRequest(models.Model):
    """A student's or parent's request to correct or remove data (AVG art. 16, 17), handled
    by the school's coordinator within a month (art. 12(3)); every change is audited."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correct data")
        REMOVAL = "removal", _("remove data")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the school")
        DONE = "done", _("handled")
        REFUSED = "refused", _("refused")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="privacy_requests")
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("what should change"), max_length=2000)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_by_name = models.CharField(_("asked by"), max_length=200)
    requested_as = models.CharField(_("as"), max_length=40)
    requested_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    due_on = models.DateField(_("answer due by"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    handled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_by_name = models.CharField(_("handled by"), max_length=200, blank=True)
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        constraints = [
            models.CheckConstraint(
                name="privacyrequest_handled_when_closed",
                condition=Q(status="open", handled_at__isnull=True)
                | (~Q(status="open") & Q(handled_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.student_id} {self.requested_at:%Y-%m-%d}"

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()
