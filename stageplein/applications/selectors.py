"""Reads of reactions, always scoped (see stageplein.accounts.access), and what each side may
do with one. Also the selectors the dashboards and the matching engine build on: each
student's reaction status and "students without a place"."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, QuerySet, TextChoices, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.access import Scope
from stageplein.applications.access import (
    may_approve,
    may_decide,
    may_flag,
    may_message,
    may_resolve_flag,
    withdraw_side,
)
from stageplein.applications.mas_state import without_place
from stageplein.applications.models import ACTIVE, CLAIMING, Application, Status
from stageplein.applications.refusals import EarlierReactionsFirst, PeriodFull
from stageplein.applications.services.seats import earlier_waiting
from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.placements.capacity import free_seats
from stageplein.placements.selectors import distance_from_student
from stageplein.students.access import students_visible_to
from stageplein.students.models import Student

# -- what each side may do ----------------------------------------------------------------------


@dataclass(frozen=True)
class Actions:
    accept: bool
    # Why accepting is not possible now although the person may decide (fairness, full).
    accept_blocked: str
    decline: bool
    approve: bool
    withdraw_as: str | None
    flag: bool
    flag_as_school: bool
    resolve_flag: bool
    message: bool


def accept_blocked(app: Application) -> str:
    """The refusal an accept would meet right now (shown instead of the button)."""

    free = free_seats(app.period)
    if free <= 0:
        return str(PeriodFull.default_message)
    if earlier_waiting(app) >= free:
        return str(EarlierReactionsFirst.default_message)
    return ""


def actions_for(scope: Scope, app: Application) -> Actions:
    decide = may_decide(scope, app)
    blocked = accept_blocked(app) if decide and app.status == Status.SUBMITTED else ""
    return Actions(
        accept=decide and app.status == Status.SUBMITTED and not blocked,
        accept_blocked=blocked,
        decline=decide and app.status == Status.SUBMITTED,
        approve=may_approve(scope, app) and app.status == Status.ACCEPTED,
        withdraw_as=withdraw_side(scope, app),
        flag=may_flag(scope, app) and app.status in CLAIMING,
        flag_as_school=may_approve(scope, app) and not decide,
        resolve_flag=may_resolve_flag(scope, app),
        message=may_message(scope, app),
    )


# -- what a provider sees of a student (minors' data) -------------------------------------------


@dataclass(frozen=True)
class StudentCard:
    """Before the school approves, a provider sees a first name, level, year, the motivation
    and the distance: nothing else. After approval (or for school staff, brokers, the student
    and parents) the full name and school."""

    first_name: str
    level: str
    year: int
    distance_km: float | None
    full_name: str | None = None
    school: str | None = None
    class_name: str | None = None
    mentor: str | None = None
    student_id: int | None = None
    own: bool = False  # the student reads about themself: the page speaks to them


def student_cards(scope: Scope, apps: list[Application]) -> dict[int, StudentCard]:
    student_ids = {a.student_id for a in apps}
    full = set(students_visible_to(scope).filter(pk__in=student_ids).values_list("pk", flat=True))
    cards = {}
    for app in apps:
        s = app.student
        full_view = s.pk in full
        cards[app.pk] = StudentCard(
            first_name=s.user.first_name,
            level=s.get_level_display(),
            year=s.year,
            distance_km=distance_from_student(s, app.placement),
            full_name=s.user.get_full_name() if full_view else None,
            school=s.school.name if full_view else None,
            class_name=s.class_name if full_view else None,
            mentor=str(s.mentor) if full_view and s.mentor_id else None,
            student_id=s.pk if full_view else None,
            own=scope.student_id == s.pk,
        )
    return cards


def queue_positions(apps: list[Application]) -> dict[int, int]:
    """For waiting reactions: their place in line among the waiting reactions to the same
    period, in reaction order (R-MATCH-4). One query for a whole page."""
    periods = {a.period_id for a in apps if a.status == Status.SUBMITTED}
    if not periods:
        return {}
    line = (
        Application.objects.filter(period_id__in=periods, status=Status.SUBMITTED)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("period_id")],
                order_by=[F("submitted_at").asc(), F("pk").asc()],
            )
        )
        .values_list("pk", "position")
    )
    wanted = {a.pk for a in apps}
    return {pk: position for pk, position in line if pk in wanted}


# -- for dashboards and the matching engine ------------------------------------------------------


class ReactionStatus(TextChoices):
    NONE = "none", _("no reaction yet")
    REACTED = "reacted", _("reacted")
    MATCHED = "matched", _("accepted by a provider")
    APPROVED = "approved", _("approved by the school")


def reaction_statuses(
    student_ids: list[int] | QuerySet, school_year: int | None = None
) -> dict[int, str]:
    """Each student's furthest step this school year: approved > matched > reacted > none."""
    start, end = school_year_bounds(school_year or current_school_year())
    rows = (
        Application.objects.filter(
            student_id__in=student_ids,
            status__in=ACTIVE,
            period__ends_on__gte=start,
            period__starts_on__lte=end,
        )
        .values_list("student_id", "status")
        .order_by()
    )
    rank = {Status.SUBMITTED.value: 1, Status.ACCEPTED.value: 2, Status.APPROVED.value: 3}
    best: dict[int, int] = {}
    for student_id, status in rows:
        best[student_id] = max(best.get(student_id, 0), rank[status])
    names = {
        0: ReactionStatus.NONE,
        1: ReactionStatus.REACTED,
        2: ReactionStatus.MATCHED,
        3: ReactionStatus.APPROVED,
    }
    ids = student_ids if isinstance(student_ids, list) else list(student_ids)
    return {sid: names[best.get(sid, 0)].value for sid in ids}


def students_without_place(scope: Scope, school_year: int | None = None) -> QuerySet[Student]:
    """Students (in the person's scope, still at school) who still need a place this school
    year: no reaction yet or only waiting ones (R-MATCH-2's "about 30%"). Matched, busy and
    done students are not: the one definition in applications/mas_state.py decides."""
    return without_place(
        students_visible_to(scope).filter(left_on__isnull=True), school_year=school_year
    )
