"""Mediation requests (bemiddeling, R-MATCH-2, R-MATCH-8): a student who finds nothing, or the
school for them, asks for help; the mediator (the broker of the school's municipality, or the
school itself where no broker works) proposes one placement period; the student or the school
accepts it, and a reaction is made on the student's behalf through the vacancy bank's own
service (applications), so every guard of the vacancy bank still holds."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.applications.models import Application
from stageplein.organisations.models import Broker
from stageplein.placements.models import PlacementPeriod
from stageplein.students.models import Student


class Status(models.TextChoices):
    OPEN = "open", _("waiting for a proposal")
    PROPOSED = "proposed", _("a proposal waits for an answer")
    ACCEPTED = "accepted", _("proposal accepted")
    WITHDRAWN = "withdrawn", _("withdrawn")


# A student has at most one request in these at a time (a database constraint).
LIVE = (Status.OPEN, Status.PROPOSED)


class AskedBy(models.TextChoices):
    STUDENT = "student", _("the student or a parent")
    SCHOOL = "school", _("the school")


class MediationRequest(models.Model):
    Status = Status
    AskedBy = AskedBy

    student = models.ForeignKey(
        Student,
        on_delete=models.CASCADE,
        related_name="mediation_requests",
        verbose_name=_("student"),
    )
    asked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_side = models.CharField(_("asked by"), max_length=10, choices=AskedBy.choices)
    wishes = models.TextField(
        _("what the student is looking for"),
        max_length=2000,
        help_text=_("Interests, when the student is free, how far they can travel."),
    )
    # The broker who mediates; empty when no broker works in the school's municipality and
    # the school mediates itself (R-MATCH-8). Fixed when the request is made.
    broker = models.ForeignKey(
        Broker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediation_requests",
        verbose_name=_("broker"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    proposed_period = models.ForeignKey(
        PlacementPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed period"),
    )
    proposal_note = models.TextField(_("why this place suits"), max_length=1000, blank=True)
    proposed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    # The last proposal that was declined (or could not be taken), so the mediator sees why.
    decline_reason = models.TextField(_("why not"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediation_request",
        verbose_name=_("reaction"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("mediation request")
        verbose_name_plural = _("mediation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status__in=[s.value for s in LIVE]),
                name="mediation_one_live_request_per_student",
            ),
            models.CheckConstraint(
                name="mediation_proposed_has_period",
                condition=~Q(status="proposed") | Q(proposed_period__isnull=False),
            ),
            models.CheckConstraint(
                name="mediation_accepted_has_reaction",
                condition=~Q(status="accepted") | Q(application__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["broker", "status"], name="mediation_broker_status")]

    def __str__(self) -> str:
        return f"{self.student} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE
