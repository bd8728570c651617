"""The uniform contract (R-INT-1): the template, the contract of one internship and its
signatures."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.geo.models import Region
from stageplein.internships.models.internship import Insurance, Internship
from stageplein.organisations.models import School


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
    tasks = models.TextField(_("what you will do"), blank=True)
    # db_default: the demo's bulk load writes contracts with COPY and its own column list.
    schedule = models.CharField(_("when"), max_length=200, blank=True, db_default="")
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
