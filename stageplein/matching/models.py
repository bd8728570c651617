"""The broker's matching (R-MATCH-2): weights per broker, allocation runs and their proposals.

A run records who ran what (selection, mode, the weights used), what the engine proposed, what
the broker changed by hand and what was confirmed. Free seats are never stored here: they are
counted from the reactions when candidates are generated and again, under the period lock,
when a proposal is confirmed (docs/matching.md).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.applications import refusals
from stageplein.organisations.models import Broker, Level, School
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.students.models import Student

# Defaults a broker starts from; each broker can read and change its own (MatchingSettings).
DEFAULT_WEIGHTS = {
    "rank_weight": 10,
    "km_weight": 3,
    "link_bonus": 6,
    "max_km_vmbo": 8,
    "max_km_havo": 15,
    "max_km_vwo": 15,
    "max_km_pro": 6,
}
MAX_KM_FIELDS = {level.value: f"max_km_{level.value}" for level in Level}


def _points(label, default: int, help_text) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MaxValueValidator(1000)],
        help_text=help_text,
    )


def _km(label, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Kilometres from home (as the crow flies)."),
    )


class MatchingSettings(models.Model):
    """How a broker weighs a match: the cost of a proposal is
    ``rank_weight × preference step + km_weight × km (+ link_bonus unless the school works with
    the provider)``; lower is better. The distances limit which placements count at all. School
    level only sets the distance (vmbo close to home), never the cost or the order (R-MATCH-4)."""

    broker = models.OneToOneField(
        Broker, on_delete=models.CASCADE, related_name="matching_settings"
    )
    rank_weight = _points(
        _("points per step down the student's interests"),
        DEFAULT_WEIGHTS["rank_weight"],
        _("1st interest 0 steps, 2nd 1 step, 3rd 2 steps, another sector 3 steps."),
    )
    km_weight = _points(
        _("points per kilometre"),
        DEFAULT_WEIGHTS["km_weight"],
        _("How much a longer trip counts against a placement."),
    )
    link_bonus = _points(
        _("points for a provider the school works with"),
        DEFAULT_WEIGHTS["link_bonus"],
        _("Placements of providers linked to the student's school this year cost this much less."),
    )
    max_km_vmbo = _km(_("furthest placement for vmbo"), DEFAULT_WEIGHTS["max_km_vmbo"])
    max_km_havo = _km(_("furthest placement for havo"), DEFAULT_WEIGHTS["max_km_havo"])
    max_km_vwo = _km(_("furthest placement for vwo"), DEFAULT_WEIGHTS["max_km_vwo"])
    max_km_pro = _km(_("furthest placement for praktijkonderwijs"), DEFAULT_WEIGHTS["max_km_pro"])
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return str(self.broker)

    def as_weights(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in DEFAULT_WEIGHTS}


class Mode(models.TextChoices):
    OPTIMAL = "optimal", _("as many students as possible, each as well as possible")
    STABLE = "stable", _("in waiting order: who waits longest chooses first")


class Run(models.Model):
    """One allocation for a selection of students, from the queue to the confirmation.

    A run is a broker's (its area's students) or, where no broker serves the school's
    municipality, one school's (its own unplaced students, R-MATCH-8): never both, never
    neither (a database constraint)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the task worker")
        RUNNING = "running", _("computing proposals")
        PROPOSED = "proposed", _("proposals to review")
        CONFIRMING = "confirming", _("making the reactions")
        CONFIRMED = "confirmed", _("confirmed")
        FAILED = "failed", _("failed")

    class Phase(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CANDIDATES = "candidates", _("finding suitable placements")
        ALLOCATING = "allocating", _("dividing the places")
        SAVING = "saving", _("saving the proposals")
        CONFIRMING = "confirming", _("making the reactions")
        FINISHED = "finished", _("finished")

    Mode = Mode

    broker = models.ForeignKey(
        Broker,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matching_runs",
        verbose_name=_("broker"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matching_runs",
        verbose_name=_("school"),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("run by")
    )
    created_at = models.DateTimeField(_("run on"), auto_now_add=True)
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.OPTIMAL)
    # The weights as they were when the run started (the broker may change them later).
    weights = models.JSONField(_("weights"), default=dict)
    # What was selected: the queue's filters and whether the broker ticked students by hand.
    selection = models.JSONField(default=dict)
    student_ids = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    n_students = models.PositiveIntegerField(_("students"), default=0)
    n_proposed = models.PositiveIntegerField(_("proposed"), default=0)
    n_changed = models.PositiveIntegerField(_("changed by hand"), default=0)
    n_created = models.PositiveIntegerField(_("reactions made"), default=0)
    n_refused = models.PositiveIntegerField(_("could not be made"), default=0)
    # Seconds per phase and counters (candidate pairs, seats) for the history and the bench.
    stats = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        constraints = [
            models.CheckConstraint(
                name="run_confirmed_has_date",
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="run_broker_or_school",
                condition=Q(broker__isnull=False, school__isnull=True)
                | Q(broker__isnull=True, school__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["broker", "-created_at"], name="run_broker_created"),
            models.Index(fields=["school", "-created_at"], name="run_school_created"),
        ]

    def __str__(self) -> str:
        return f"{self.desk_name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def desk_name(self) -> str:
        """Whose round: the broker's or the school's name."""
        return str(self.broker if self.broker_id is not None else self.school)

    @property
    def desk_key(self) -> str:
        """The workspace's ``desk`` parameter (selectors.Desk.key) the run belongs to."""
        if self.broker_id is not None:
            return f"broker-{self.broker_id}"
        return f"school-{self.school_id}"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING, self.Status.CONFIRMING)

    @property
    def percent(self) -> int:
        if self.status in (self.Status.PROPOSED, self.Status.CONFIRMED):
            return 100
        if not self.total:
            return 0
        share = self.done * 100 // self.total
        if self.status == self.Status.CONFIRMING:
            return share
        # The phases' shares of a national round's time (bench/matching_region.py
        # --national): the waiting order and finding candidates 76 %, dividing the places
        # and the explanations 9 %, saving 14 %. While the places are divided, ``done``
        # counts the students the engine has solved.
        if self.phase == self.Phase.ALLOCATING:
            return 76 + share * 9 // 100
        if self.phase == self.Phase.SAVING:
            return 86
        return share * 76 // 100


class Proposal(models.Model):
    """What the run proposes for one student: a period, or no place and why not."""

    class Outcome(models.TextChoices):
        PENDING = "", _("not confirmed yet")
        CREATED = "created", _("reaction made")
        REFUSED = "refused", _("could not be made")
        SKIPPED = "skipped", _("no place proposed")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="proposals")
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    # Order in the queue (waiting order); the stable mode's priority, and the confirm order.
    position = models.PositiveIntegerField(default=0)
    waiting_since = models.DateField(null=True, blank=True)
    # The broker's current choice (None: no place) and what the engine proposed.
    period = models.ForeignKey(
        PlacementPeriod, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    engine_period = models.ForeignKey(
        PlacementPeriod, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cost = models.IntegerField(null=True, blank=True)
    # The student's candidates, best first: [{"period", "placement", "cost", "km", ...}], the
    # facts the explanation is made of (rendered in the reader's language, see explain.py).
    candidates = models.JSONField(default=list)
    # Where the student stands: origin of distances, window, needs (for the explanations).
    context = models.JSONField(default=dict)
    # Why no place: {"code": ..., facts}; empty when a place is proposed.
    unplaced = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default="", blank=True)
    # The refusal's class name (e.g. "PeriodFull") and its message, when a reaction failed.
    outcome_code = models.CharField(max_length=40, blank=True)
    outcome_message = models.CharField(max_length=300, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["run", "position", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["run", "student"], name="proposal_one_per_student"),
            models.CheckConstraint(
                name="proposal_period_has_placement",
                condition=Q(period__isnull=True) | Q(placement__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["run", "period"], name="proposal_run_period")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.student_id} → {self.period_id}"

    @property
    def is_changed(self) -> bool:
        return self.changed_at is not None and self.period_id != self.engine_period_id

    def outcome_text(self) -> str:
        """Why a reaction could not be made, in the reader's language when we know the rule."""
        refusal = getattr(refusals, self.outcome_code, None) if self.outcome_code else None
        known = getattr(refusal, "default_message", None)
        if known is not None and self.outcome_code != "TooManyOpen":
            return str(known)
        return self.outcome_message

    def candidate(self, period_id: int | None = None) -> dict | None:
        wanted = self.period_id if period_id is None else period_id
        return next((c for c in self.candidates if c["period"] == wanted), None)
