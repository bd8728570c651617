"""A student's MaS state and pace, the one definition, as SQL expressions, so that a page
counts a whole school (or area, or municipality) in one aggregate query. Every page, queue,
calendar, overview, export, mailing audience and reminder that says whether a student still
needs a place asks this module (``with_status``, ``without_place``); docs/reporting.md explains
the definitions. It lives with the reactions, the highest of the two apps it reads
(reactions and internships), so that matching, planning and the dashboards above can use it.

Status, the furthest step a student has reached (checked in this order):

- ``done``: the hours that count (``HourEntry.objects.counting()``, every school year together)
  reach the norm for the student's level and cohort;
- ``in_progress``: some hours count, or an internship is planned or running;
- ``matched``: a provider accepted a reaction (or the school approved it) for a period in this
  school year, and no internship has started yet;
- ``reacted``: a reaction for a period in this school year waits for the provider;
- ``none``: no reaction yet (a declined or withdrawn reaction does not count: the student is
  back at the start, like ``applications.selectors.reaction_statuses`` says).

Falling behind: fewer counting hours than the steady pace to the norm by the end of year
MAS_NORM_BY_YEAR (3: the pilots placed the MaS in the lower years) asked for by the end of the
previous school year: a share (year group − 1) / 3 of the norm. A first-year student is never
behind, a second-year student with less than a third of the norm is, and from year 4 on
everyone who has not reached the norm. The line moves once a year, on 1 August, so a list of
students falling behind does not change from one day to the next. ``due_this_year`` is what a
student still needs this school year to stay on that pace (year group / 3 of the norm).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from stageplein.applications.models import CLAIMING, Application, Status
from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.internships.models import Internship
from stageplein.internships.progress import with_progress
from stageplein.students.models import HourNorm, Student
from stageplein.students.selectors import DEFAULT_NORMS

MAX_YEAR_GROUP = 6


class StudentStatus(TextChoices):
    NONE = "none", _("no reaction yet")
    REACTED = "reacted", _("reacted")
    MATCHED = "matched", _("matched")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


STATUS_ORDER = [s.value for s in StudentStatus]


def norm_by_year() -> int:
    return int(getattr(settings, "MAS_NORM_BY_YEAR", 3))


def norm_expression() -> Case:
    """The norm for each student's (level, cohort), as NormTable decides it, in SQL: the
    newest norm whose first cohort is not after the student's, else the default."""
    whens = [
        When(Q(level=level, cohort__gte=from_cohort), then=Value(hours))
        for level, from_cohort, hours in HourNorm.objects.order_by(
            "level", "-from_cohort"
        ).values_list("level", "from_cohort", "hours")
    ]
    whens += [When(level=level, then=Value(hours)) for level, hours in DEFAULT_NORMS.items()]
    return Case(*whens, default=Value(72), output_field=IntegerField())


def pace_share(year: int) -> float:
    """The share of the norm a student in this year group should have had by the end of the
    previous school year."""
    return max(0.0, min(1.0, (year - 1) / norm_by_year()))


def _share_by_year(share) -> Case:
    return Case(
        *[When(year=year, then=Value(share(year))) for year in range(1, MAX_YEAR_GROUP + 1)],
        default=Value(1.0),
        output_field=FloatField(),
    )


def expected_hours_expression() -> ExpressionWrapper:
    return ExpressionWrapper(F("norm") * _share_by_year(pace_share), output_field=FloatField())


def due_this_year_expression() -> ExpressionWrapper:
    """Hours still needed this school year to be on pace by its end (never below 0)."""
    share = _share_by_year(lambda year: min(1.0, year / norm_by_year()))
    return ExpressionWrapper(
        Greatest(F("norm") * share - F("verified_hours"), Value(0.0)), output_field=FloatField()
    )


def with_status(
    students: QuerySet[Student], *, school_year: int | None = None
) -> QuerySet[Student]:
    """Annotate ``verified_hours``, ``norm``, ``status``, ``behind``, ``expected_hours``,
    ``due_this_year`` and ``counted_hours`` (hours up to the norm); see the module."""
    start, end = school_year_bounds(
        school_year if school_year is not None else current_school_year()
    )
    this_year = Q(period__ends_on__gte=start, period__starts_on__lte=end)
    running = Internship.objects.filter(
        student=OuterRef("pk"),
        status__in=[Internship.Status.PLANNED, Internship.Status.ACTIVE],
    )
    claiming = Application.objects.filter(this_year, student=OuterRef("pk"), status__in=CLAIMING)
    waiting = Application.objects.filter(this_year, student=OuterRef("pk"), status=Status.SUBMITTED)
    qs = with_progress(students).annotate(norm=norm_expression())
    return qs.annotate(
        status=Case(
            When(verified_hours__gte=F("norm"), then=Value(StudentStatus.DONE.value)),
            When(
                Q(verified_hours__gt=0) | Exists(running),
                then=Value(StudentStatus.IN_PROGRESS.value),
            ),
            When(Exists(claiming), then=Value(StudentStatus.MATCHED.value)),
            When(Exists(waiting), then=Value(StudentStatus.REACTED.value)),
            default=Value(StudentStatus.NONE.value),
        ),
        expected_hours=expected_hours_expression(),
        due_this_year=due_this_year_expression(),
        behind=Case(
            # The expected hours never exceed the norm, so a student behind is never done.
            When(verified_hours__lt=F("expected_hours"), then=Value(True)),
            default=Value(False),
        ),
        counted_hours=Least(
            "verified_hours", "norm", output_field=DecimalField(max_digits=8, decimal_places=2)
        ),
    )


def percent(part: Decimal | int | float | None, whole: Decimal | int | float | None) -> int:
    if not whole:
        return 0
    return round(100 * float(part or 0) / float(whole))


# The states in which a student still needs a place: the broker's queue, a round's students,
# the "no place yet" mailing and the search reminder. Matched, busy and done students are not.
WITHOUT_PLACE = (StudentStatus.NONE.value, StudentStatus.REACTED.value)


def without_place(
    students: QuerySet[Student], *, school_year: int | None = None
) -> QuerySet[Student]:
    return with_status(students, school_year=school_year).filter(
        status__in=WITHOUT_PLACE  # type: ignore[misc]
    )
