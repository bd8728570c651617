"""Reactions (reacties): a student reacts to a placement period; the provider decides, the school
approves, and only then an internship starts. How seats are claimed: docs/capacity.md."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.placements.capacity import OFFER_HOLDING, SEAT_HOLDING
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.students.models import Student


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for the provider")
    ACCEPTED = "accepted", _("accepted, waiting for the school")
    APPROVED = "approved", _("approved by the school")
    DECLINED = "declined", _("declined by the provider")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Statuses that hold a seat of the period: the capacity counts these. Defined once, next to the
# seat count in placements/capacity.py (below this app); a renamed status fails here at start-up.
CLAIMING = tuple(Status(value) for value in SEAT_HOLDING)
# At most one reaction per student and placement may be in these (a database constraint).
ACTIVE = (Status.SUBMITTED, Status.ACCEPTED, Status.APPROVED)
# These count towards the limit of open reactions per student (APPLICATION_MAX_OPEN).
OPEN = (Status.SUBMITTED, Status.ACCEPTED)


class Side(models.TextChoices):
    STUDENT = "student", _("the student")
    SCHOOL = "school", _("the school")
    PROVIDER = "provider", _("the provider")
    BROKER = "broker", _("the broker")


class ApplicationQuerySet(models.QuerySet["Application"]):
    def claiming(self) -> ApplicationQuerySet:
        return self.filter(status__in=CLAIMING)

    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN)

    def active(self) -> ApplicationQuerySet:
        """Seats claimed plus reactions still waiting for the provider."""
        return self.filter(status__in=ACTIVE)

    def in_reaction_order(self) -> ApplicationQuerySet:
        """The fairness order (R-MATCH-4): who reacted first, never anything else."""
        return self.order_by("submitted_at", "pk")


class Application(models.Model):
    """A reactie: one student, one period of one placement."""

    Status = Status
    Side = Side

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="applications", verbose_name=_("student")
    )
    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("placement"),
    )
    period = models.ForeignKey(
        PlacementPeriod,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("period"),
    )
    motivation = models.TextField(_("motivation"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    # A broker may react on the student's behalf (R-MATCH-2); the student's own is the default.
    submitted_side = models.CharField(
        _("reacted by"),
        max_length=10,
        choices=Side.choices,
        default=Side.STUDENT,
        db_default=Side.STUDENT,
    )
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The fairness order: when seats are scarce, earlier reactions go first (R-MATCH-4).
    submitted_at = models.DateTimeField(_("reacted on"), default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    withdraw_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    # R-MATCH-5: the provider flags a poor match; school and broker see it and solve it together.
    flag_reason = models.TextField(_("what is not going well"), max_length=1000, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    flagged_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag_resolved_at = models.DateTimeField(null=True, blank=True)
    flag_resolution = models.TextField(_("how it was solved"), max_length=1000, blank=True)
    internship = models.OneToOneField(
        "internships.Internship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "placement"],
                condition=Q(status__in=[s.value for s in ACTIVE]),
                name="application_one_active_per_student_placement",
            ),
            models.CheckConstraint(
                name="application_declined_has_reason",
                condition=~Q(status="declined") | ~Q(decline_reason=""),
            ),
            models.CheckConstraint(
                name="application_withdrawn_has_reason",
                condition=~Q(status="withdrawn") | (~Q(withdraw_reason="") & ~Q(withdrawn_side="")),
            ),
            models.CheckConstraint(
                name="application_claiming_was_accepted",
                condition=~Q(status__in=[s.value for s in CLAIMING]) | Q(accepted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="application_approved_has_date",
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
            ),
            models.CheckConstraint(
                name="application_flag_has_reason",
                condition=Q(flagged_at__isnull=True) | ~Q(flag_reason=""),
            ),
        ]
        indexes = [
            models.Index(fields=["period", "status"], name="application_period_status"),
            models.Index(fields=["student", "status"], name="application_student_status"),
            models.Index(
                fields=["placement", "status", "submitted_at"],
                name="application_placement_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.placement}"

    @property
    def holds_seat(self) -> bool:
        return self.status in CLAIMING

    @property
    def is_flagged(self) -> bool:
        return self.flagged_at is not None and self.flag_resolved_at is None


class Message(models.Model):
    """Contact between student and provider goes through the platform (R-PLACE-4): no phone
    numbers or e-mail addresses change hands before the school approves the match."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.body[:40]}"


class WaitStatus(models.TextChoices):
    WAITING = "waiting", _("on the waiting list")
    OFFERED = "offered", _("a place is offered")
    TAKEN = "taken", _("place taken")
    EXPIRED = "expired", _("offer expired")
    LEFT = "left", _("left the waiting list")


# A student is at most once on a period's list in these (a database constraint).
ON_LIST = (WaitStatus.WAITING, WaitStatus.OFFERED)
# The offered status is the one placements/capacity.py counts as holding a seat; a renamed
# status fails here at start-up.
assert WaitStatus(OFFER_HOLDING) is WaitStatus.OFFERED


class WaitingListEntry(models.Model):
    """R-PLACE-8: a student waits for a full period. When a seat frees, the first on the list
    is offered it until a deadline; the offer holds the seat (counted in
    placements/capacity.py), then it goes to the next."""

    Status = WaitStatus

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="waiting_list", verbose_name=_("student")
    )
    period = models.ForeignKey(
        PlacementPeriod,
        on_delete=models.CASCADE,
        related_name="waiting_list",
        verbose_name=_("period"),
    )
    motivation = models.TextField(_("motivation"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=WaitStatus.choices, default=WaitStatus.WAITING
    )
    # The list's order: who joined first, never anything else (R-MATCH-4).
    joined_at = models.DateTimeField(_("joined on"), default=timezone.now)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("answer before"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waiting_list_entry",
    )

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "period"],
                condition=Q(status__in=[s.value for s in ON_LIST]),
                name="waiting_list_once_per_student_period",
            ),
            models.CheckConstraint(
                name="waiting_list_offer_has_deadline",
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["period", "status", "joined_at"], name="waiting_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.student} ⏳ {self.period_id}"
