"""An internship the student arranged themselves (zelf geregeld): registered by the student or a
parent, approved or refused by the school, and from approval on an ordinary internship."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.geo.models import PostcodeArea
from stageplein.internships.models.internship import Internship
from stageplein.organisations.models import Provider, Sector
from stageplein.students.models import Student


class OwnPlacement(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for the school")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("at an organisation")
        PROJECT = "project", _("a project of my own club or hobby")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="own_placements")
    registered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="own_placements_registered"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION
    )
    # Either an organisation already on the platform, or a new one described here: it becomes
    # a provider (not yet reviewed) when the school approves.
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_placements",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("name of the organisation"), max_length=150, blank=True)
    organisation_address = models.CharField(_("address"), max_length=200, blank=True)
    # Where a new organisation is: its region decides whether the school's rules allow it.
    organisation_postcode = models.ForeignKey(
        PostcodeArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("postcode"),
    )
    organisation_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    organisation_phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation_email = models.EmailField(_("e-mail of the organisation"), blank=True)
    title = models.CharField(_("title"), max_length=200)
    tasks = models.TextField(_("what I will do"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    planned_hours = models.PositiveSmallIntegerField(_("planned hours"))
    supervisor_name = models.CharField(_("supervisor's name"), max_length=150)
    supervisor_email = models.EmailField(_("supervisor's e-mail"))
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason"), blank=True)
    internship = models.OneToOneField(
        Internship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="own_placement",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("own placement")
        verbose_name_plural = _("own placements")
        constraints = [
            models.CheckConstraint(
                name="ownplacement_end_after_start",
                condition=Q(end_date__gte=models.F("start_date")),
            ),
            models.CheckConstraint(
                name="ownplacement_names_an_organisation",
                condition=Q(provider__isnull=False) | ~Q(organisation_name=""),
            ),
            # The student and parent read the reason: a refusal without one is not allowed.
            models.CheckConstraint(
                name="ownplacement_refusal_has_reason",
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
            ),
            models.CheckConstraint(
                name="ownplacement_approved_has_internship",
                condition=~Q(status="approved") | Q(internship__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> str:
        return self.provider.name if self.provider is not None else self.organisation_name
