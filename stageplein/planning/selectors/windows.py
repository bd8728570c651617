"""Internship windows (R-PLAN-1): which window a student or a class belongs to. Counting who
belongs to a window is done here once, so the calendar, the reminders and the matching all
agree on it: each class belongs to the most specific window that covers it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from stageplein.core.schoolyear import current_school_year, school_year_of
from stageplein.planning.models import InternshipWindow
from stageplein.students.models import Student


def group_filter(window: InternshipWindow, prefix: str = "") -> Q:
    """The students of a window's group, as a Q on Student (or on a relation with ``prefix``)."""
    q = Q(**{f"{prefix}school_id": window.school_id, f"{prefix}year": window.year})
    q &= Q(**{f"{prefix}left_on__isnull": True})
    if window.level:
        q &= Q(**{f"{prefix}level": window.level})
    if window.class_name:
        q &= Q(**{f"{prefix}class_name": window.class_name})
    return q


def window_students(window: InternshipWindow) -> QuerySet[Student]:
    return Student.objects.filter(group_filter(window))


def with_student_counts(windows: QuerySet[InternshipWindow]) -> QuerySet[InternshipWindow]:
    """Annotate ``n_students``: the school's own figure when it entered one, else the number
    of current students in the group (one correlated subquery, no query per window)."""
    # Level and class narrow the group only when set: express "field = outer or outer = ''".
    counted = (
        Student.objects.filter(
            school_id=OuterRef("school_id"), year=OuterRef("year"), left_on__isnull=True
        )
        .filter(Q(Exact(OuterRef("level"), "")) | Q(level=OuterRef("level")))
        .filter(Q(Exact(OuterRef("class_name"), "")) | Q(class_name=OuterRef("class_name")))
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return windows.annotate(  # type: ignore[no-redef]
        counted_students=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
        n_students=Coalesce("expected_students", "counted_students"),
    )


def windows_of_schools(
    school_ids: Iterable[int], school_year: int | None = None
) -> QuerySet[InternshipWindow]:
    year = current_school_year() if school_year is None else school_year
    return with_student_counts(
        InternshipWindow.objects.filter(school_id__in=list(school_ids), school_year=year)
    ).select_related("school")


def window_for_student(student: Student, school_year: int | None = None) -> InternshipWindow | None:
    """The window the student's group is scheduled in this school year; the most specific one
    (class, then level, then year group) when several apply, the earliest when tied."""
    windows = windows_for_students([student], school_year)
    return windows.get(student.pk)


def windows_for_students(
    students: Iterable[Student], school_year: int | None = None
) -> dict[int, InternshipWindow]:
    """Student pk → window, for many students with one query."""
    students = list(students)
    year = current_school_year() if school_year is None else school_year
    schools = {s.school_id for s in students}
    by_school: dict[int, list[InternshipWindow]] = {}
    for window in InternshipWindow.objects.filter(school_id__in=schools, school_year=year):
        by_school.setdefault(window.school_id, []).append(window)

    def specificity(w: InternshipWindow) -> tuple:
        return (0 if w.class_name else 1, 0 if w.level else 1, w.starts_on, w.pk)

    for windows in by_school.values():
        windows.sort(key=specificity)
    found = {}
    for s in students:
        for w in by_school.get(s.school_id, []):
            if (
                w.year == s.year
                and (not w.level or w.level == s.level)
                and (not w.class_name or w.class_name == s.class_name)
            ):
                found[s.pk] = w
                break
    return found


def school_year_choices(today: datetime.date | None = None) -> list[int]:
    """The calendar plans the current school year and the next."""
    year = school_year_of(today or timezone.localdate())
    return [year, year + 1]


Group = tuple[int, int, str, str]  # school, year group, level, class


def _specificity(w: InternshipWindow) -> tuple:
    return (0 if w.class_name else 1, 0 if w.level else 1, w.starts_on, w.pk)


def assign_groups(
    windows: Iterable[InternshipWindow], groups: Iterable[Group]
) -> dict[Group, InternshipWindow]:
    """Each class of students belongs to the most specific window that covers it (the same
    rule as window_for_student), so a student is never counted twice."""
    by_key: dict[tuple[int, int], list[InternshipWindow]] = {}
    for window in windows:
        by_key.setdefault((window.school_id, window.year), []).append(window)
    for options in by_key.values():
        options.sort(key=_specificity)
    found = {}
    for group in groups:
        school_id, year, level, class_name = group
        for window in by_key.get((school_id, year), []):
            if (not window.level or window.level == level) and (
                not window.class_name or window.class_name == class_name
            ):
                found[group] = window
                break
    return found
