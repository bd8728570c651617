"""The internship itself and the group activity several internships can share."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
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
    tasks = models.TextField(_("what you will do"), blank=True)
    # Copied from the placement's period when a match is approved: the contract names them,
    # so a parent signs for days and times, not only for dates.
    schedule = models.CharField(
        _("when"),
        max_length=200,
        blank=True,
        db_default="",  # the demo's bulk load writes rows with COPY and its own column list
        help_text=_("Days and times, e.g. Wednesday afternoons 14.00-17.00."),
    )
    learning_goals = models.TextField(_("my learning goals"), blank=True)
    insurance = models.CharField(
        _("insurance"), max_length=20, choices=Insurance.choices, default=Insurance.SCHOOL
    )
    insurance_details = models.CharField(_("insurance details"), max_length=300, blank=True)
    # R-INT-5: the guidance this student needs here, and who gives it.
    guidance_teacher_present = models.BooleanField(_("a teacher is present"), default=False)
    guidance_in_pairs = models.BooleanField(_("at least in pairs"), default=False)
    guidance_notes = models.CharField(_("other guidance needs"), max_length=300, blank=True)
    # What the organisation itself offers (the placement's "guidance offered"), so that the
    # contract's guidance is this placement's, not only the rule by level and year.
    provider_guidance = models.TextField(
        _("guidance the organisation offers"), max_length=1000, blank=True, db_default=""
    )
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
