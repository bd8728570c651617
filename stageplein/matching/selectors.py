"""Reads for the broker's matching workspace, always scoped to one broker's municipalities
through the access layer (stageplein.accounts.access): the queue of students without a place,
the runs and their proposals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate
from django.http import HttpRequest
from django.utils import timezone

from stageplein.accounts.access import Scope, get_scope, require
from stageplein.applications.mas_state import StudentStatus, with_status
from stageplein.applications.models import CLAIMING, OPEN, Application
from stageplein.applications.selectors import students_without_place
from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.matching.access import (
    may_change_weights,
    may_edit_guidance,
    may_match,
    schools_that_match,
)
from stageplein.matching.models import DEFAULT_WEIGHTS, MatchingSettings, Proposal, Run
from stageplein.organisations.models import Broker, School
from stageplein.placements.models import PlacementPeriod
from stageplein.planning.models import InternshipWindow
from stageplein.students.access import get_student_for_user, students_visible_to
from stageplein.students.models import Student

# -- who may do what -------------------------------------------------------------------------


def brokers_of(scope: Scope) -> QuerySet[Broker]:
    return Broker.objects.filter(pk__in=scope.brokers).order_by("name", "pk")


@dataclass(frozen=True)
class Desk:
    """Whose workspace: a broker's (its municipalities' students) or one school's, where no
    broker serves it (R-MATCH-8: its own unplaced students only)."""

    broker: Broker | None = None
    school: School | None = None

    @property
    def key(self) -> str:
        """The ``desk`` parameter that chooses it among a person's desks."""
        if self.broker is not None:
            return f"broker-{self.broker.pk}"
        assert self.school is not None
        return f"school-{self.school.pk}"

    @property
    def name(self) -> str:
        return str(self.broker if self.broker is not None else self.school)

    @property
    def is_school(self) -> bool:
        return self.broker is None

    def scope(self, user_id: int | None = None) -> Scope:
        if self.broker is not None:
            return broker_scope(self.broker, user_id)
        assert self.school is not None
        return school_scope(self.school, user_id)

    def weights(self) -> MatchingSettings:
        if self.broker is not None:
            return settings_for(self.broker)
        # No broker, no stored weights: a school's round counts with the defaults.
        return MatchingSettings(**DEFAULT_WEIGHTS)

    def runs(self) -> QuerySet[Run]:
        if self.broker is not None:
            return Run.objects.filter(broker=self.broker)
        return Run.objects.filter(school=self.school)


def desks_of(scope: Scope) -> list[Desk]:
    """Every workspace a person has: their brokers', then the schools they run rounds for."""
    return [Desk(broker=b) for b in brokers_of(scope)] + [
        Desk(school=s) for s in schools_that_match(scope).order_by("name", "pk")
    ]


def desk_for(request: HttpRequest) -> Desk:
    """The workspace chosen (``?desk=broker-1`` or ``school-2``; ``?broker=1`` as before)
    among the person's own, else the first. 403 for people with none."""
    scope = get_scope(request)
    require(may_match(scope))
    desks = desks_of(scope)
    wanted = request.POST.get("desk") or request.GET.get("desk") or ""
    broker = request.POST.get("broker") or request.GET.get("broker") or ""
    if broker and not wanted:
        wanted = f"broker-{broker}"
    return next((d for d in desks if d.key == wanted), desks[0])


def broker_for(request: HttpRequest) -> Broker:
    """The broker whose weights the person changes: the one chosen (``?desk=broker-1`` or
    ``?broker=1``) among their own, else the first. 403 without a broker membership."""
    scope = get_scope(request)
    require(may_change_weights(scope))
    brokers = list(brokers_of(scope))
    wanted = request.POST.get("desk") or request.GET.get("desk") or ""
    broker = request.POST.get("broker") or request.GET.get("broker") or ""
    return next(
        (b for b in brokers if wanted == f"broker-{b.pk}" or str(b.pk) == broker), brokers[0]
    )


def broker_scope(broker: Broker, user_id: int | None = None) -> Scope:
    """A scope with this broker's area only: a person who is broker and coordinator at once
    must not see their school's students in the broker's queue, and a background task acting
    for the broker sees what the broker sees."""
    return Scope(
        user_id=user_id,
        brokers=frozenset({broker.pk}),
        broker_regions=frozenset({broker.region_id}),
        broker_municipalities=frozenset(broker.municipalities.values_list("pk", flat=True)),
    )


def school_scope(school: School, user_id: int | None = None) -> Scope:
    """A scope with one school's students only, as its coordinator sees them: the school's
    round never reaches another school's students, nor a broker area's."""
    return Scope(user_id=user_id, coordinator_schools=frozenset({school.pk}))


def run_scope(run: Run) -> Scope:
    """What a background task acting for the run's owner sees."""
    if run.broker is not None:
        return broker_scope(run.broker)
    assert run.school is not None
    return school_scope(run.school)


def settings_for(broker: Broker) -> MatchingSettings:
    """The broker's weights; the defaults (unsaved) until the broker changes them."""
    found = MatchingSettings.objects.filter(broker=broker).first()
    return found or MatchingSettings(broker=broker)


# The queue's rows carry annotations (window, waiting since, reactions) the model has not.
Queue = QuerySet[Any]

# -- the queue --------------------------------------------------------------------------------


def window_of_student(school_year: int) -> QuerySet[InternshipWindow]:
    """The student's window as a correlated subquery, picked like
    planning.selectors.windows_for_students picks it (class, then level, then year group; the
    earliest when tied), so that the queue can filter and sort on it in SQL."""
    return (
        InternshipWindow.objects.filter(
            school_id=OuterRef("school_id"), school_year=school_year, year=OuterRef("year")
        )
        .filter(Q(level="") | Q(level=OuterRef("level")))
        .filter(Q(class_name="") | Q(class_name=OuterRef("class_name")))
        .order_by(
            Case(When(class_name="", then=Value(1)), default=Value(0)),
            Case(When(level="", then=Value(1)), default=Value(0)),
            "starts_on",
            "pk",
        )
    )


def open_flags() -> QuerySet[Application]:
    """R-MATCH-5: a provider or school flagged the student's match and nobody solved it yet."""
    return Application.objects.filter(
        student=OuterRef("pk"),
        status__in=CLAIMING,
        flagged_at__isnull=False,
        flag_resolved_at__isnull=True,
    ).order_by("-flagged_at")


def exclude_done(students: QuerySet[Student], year: int) -> QuerySet[Student]:
    done = with_status(students, school_year=year).filter(
        status=StudentStatus.DONE  # type: ignore[misc]
    )
    return students.exclude(pk__in=done.values("pk"))


def queue(scope: Scope, school_year: int | None = None) -> Queue:
    """Students without a place in the scope this school year, plus those whose match was
    flagged (back in the queue, flag visible). Each row carries its window (``window_id``,
    ``window_starts``, ``window_ends``), ``open_reactions``, the open flag and
    ``waiting_since``; ordered by waiting order: who waits longest comes first.

    Waiting since: the flag's date for a flagged match; otherwise the earlier of the first
    reaction this school year and the start of the student's window (once it has begun);
    otherwise the day the student was registered (not before the school year began)."""
    year = current_school_year() if school_year is None else school_year
    without = students_without_place(scope, year)
    # A flagged match brings the student back, unless the norm is reached already.
    flagged = exclude_done(
        students_visible_to(scope).filter(left_on__isnull=True).filter(Exists(open_flags())), year
    )
    members = Student.objects.filter(
        Q(pk__in=without.values("pk")) | Q(pk__in=flagged.values("pk"))
    )
    return with_queue_columns(members, year)


def with_queue_columns(students: QuerySet[Student], school_year: int | None = None) -> Queue:
    """The queue's columns and waiting order (see ``queue``) for these students, without
    asking again who belongs in the queue: the page lists rows already taken from it."""
    year = current_school_year() if school_year is None else school_year
    start, _end = school_year_bounds(year)
    today = timezone.localdate()
    window = window_of_student(year)
    first_reaction = (
        Application.objects.filter(student=OuterRef("pk"), submitted_at__date__gte=start)
        .order_by()
        .values("student")
        .annotate(first=Min("submitted_at"))
        .values("first")
    )
    open_reactions = (
        Application.objects.filter(student=OuterRef("pk"), status__in=OPEN)
        .order_by()
        .values("student")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = students.annotate(
        window_id=Subquery(window.values("pk")[:1]),
        window_starts=Subquery(window.values("starts_on")[:1]),
        window_ends=Subquery(window.values("ends_on")[:1]),
        first_reaction=TruncDate(Subquery(first_reaction)),
        open_reactions=Coalesce(Subquery(open_reactions, output_field=IntegerField()), 0),
        flagged_on=TruncDate(Subquery(open_flags().values("flagged_at")[:1])),
        flag_reason=Subquery(open_flags().values("flag_reason")[:1]),
        flag_placement=Subquery(open_flags().values("placement__title")[:1]),
    )
    started = Case(
        When(window_starts__lte=today, then=F("window_starts")), output_field=DateField()
    )
    registered = Greatest(TruncDate("created_at"), Value(start), output_field=DateField())
    return qs.annotate(
        window_started=started,
        waiting_since=Case(
            When(flagged_on__isnull=False, then=F("flagged_on")),
            When(
                first_reaction__isnull=False,
                window_started__isnull=False,
                then=Least("first_reaction", "window_started"),
            ),
            When(first_reaction__isnull=False, then=F("first_reaction")),
            When(window_started__isnull=False, then=F("window_started")),
            default=registered,
            output_field=DateField(),
        ),
    ).order_by("waiting_since", "pk")


def days_waiting(since: datetime.date | None) -> int:
    return 0 if since is None else max(0, (timezone.localdate() - since).days)


def waiting_order(scope: Scope, student_ids: list[int]) -> list[tuple[int, datetime.date]]:
    """The selected students still in the queue, in waiting order (the stable mode's priority
    and the order reactions are made in): who was placed meanwhile drops out."""
    return list(queue(scope).filter(pk__in=student_ids).values_list("pk", "waiting_since"))


# -- runs and proposals ------------------------------------------------------------------------


def get_student_for_guidance(request: HttpRequest, pk: int) -> Student:
    require(may_edit_guidance(get_scope(request)))
    return get_student_for_user(request, pk)


def seats_left_in_run(proposal: Proposal, period_ids: list[int]) -> dict[int, int]:
    """For a hand change: the seats of each period nobody holds or asked for, minus what other
    proposals of this run already give away."""

    held = dict(
        Application.objects.active()
        .filter(period_id__in=period_ids)
        .values_list("period_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    given = dict(
        Proposal.objects.filter(run_id=proposal.run_id, period_id__in=period_ids)
        .exclude(pk=proposal.pk)
        .values_list("period_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    capacity = dict(PlacementPeriod.objects.filter(pk__in=period_ids).values_list("pk", "capacity"))
    return {
        pk: max(0, capacity.get(pk, 0) - held.get(pk, 0) - given.get(pk, 0)) for pk in period_ids
    }


def placed_alone(run: Run) -> set[int]:
    """The proposals of students who go at least in pairs (R-INT-5) but would be the only
    student of their placement-period: no other proposal of this round and nobody holding a
    seat there. The engine places students one by one and cannot promise a companion, so the
    review shows these for the broker to pair by hand."""
    pairs = list(
        Proposal.objects.filter(run=run, period__isnull=False, student__needs_pair=True)
        .values_list("pk", "period_id", "student_id")
        .order_by()
    )
    if not pairs:
        return set()
    periods = {period_id for _pk, period_id, _student in pairs}
    there: dict[int, set[int]] = {period_id: set() for period_id in periods}
    proposed = Proposal.objects.filter(run=run, period_id__in=periods).values_list(
        "period_id", "student_id"
    )
    holding = (
        Application.objects.claiming()
        .filter(period_id__in=periods)
        .values_list("period_id", "student_id")
    )
    # Students, not rows: after confirming, a proposal and its accepted reaction are one person.
    for period_id, student_id in [*proposed.order_by(), *holding.order_by()]:
        there[period_id].add(student_id)
    return {pk for pk, period_id, _student in pairs if len(there[period_id]) < 2}
