"""Writes of the annual calendar and of targets. Every check runs before the one save, in one
transaction, so nothing is ever half-saved."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stageplein.accounts.models import Role, User
from stageplein.geo.models import HolidayRegion
from stageplein.notifications.services import notify
from stageplein.organisations.models import School
from stageplein.planning.models import InternshipWindow, SchoolHoliday
from stageplein.planning.selectors.calendar import move_explanation
from stageplein.planning.selectors.targets import subject_of
from stageplein.students.models import Student, YearlyTarget


def known_classes(window: InternshipWindow) -> list[str]:
    students = Student.objects.filter(
        school_id=window.school_id, year=window.year, left_on__isnull=True
    ).exclude(class_name="")
    if window.level:
        students = students.filter(level=window.level)
    return sorted(set(students.values_list("class_name", flat=True)))


def window_problems(window: InternshipWindow) -> dict[str, str]:
    """What is wrong with a window beyond its own fields: a class the school does not have,
    or another window of the same group in overlapping weeks."""
    problems: dict[str, str] = {}
    if window.class_name:
        classes = known_classes(window)
        if window.class_name not in classes:
            message = _("There is no class %(class)s in year %(year)d of this school.") % {
                "class": window.class_name,
                "year": window.year,
            }
            if classes:
                message += " " + _("Known classes: %(classes)s.") % {"classes": ", ".join(classes)}
            else:
                message += " " + _(
                    "Leave the class empty and enter the number of students instead."
                )
            problems["class_name"] = message
    clash = (
        InternshipWindow.objects.filter(
            school_id=window.school_id,
            school_year=window.school_year,
            year=window.year,
            level=window.level,
            class_name=window.class_name,
            starts_on__lte=window.ends_on,
            ends_on__gte=window.starts_on,
        )
        .exclude(pk=window.pk)
        .first()
    )
    if clash is not None:
        problems["starts_on"] = _("%(group)s already has a window in %(weeks)s.") % {
            "group": clash.group_label,
            "weeks": clash.weeks_label,
        }
    return problems


def _check_and_save(window: InternshipWindow) -> InternshipWindow:
    window.full_clean(validate_unique=False, validate_constraints=False)
    problems = window_problems(window)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            window.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"starts_on": _("This group already has a window starting on that day.")}
        ) from exc
    return window


@transaction.atomic
def window_save(*, window: InternshipWindow, by: User) -> InternshipWindow:
    """Create or change a window. Two coordinators saving windows of one school at the same
    moment take turns (the school's row is locked), so the overlap check cannot be raced."""
    School.objects.select_for_update().filter(pk=window.school_id).first()
    if window.pk is None:
        window.created_by = by
    return _check_and_save(window)


@transaction.atomic
def window_delete(*, window: InternshipWindow, by: User) -> None:
    window.delete()


@transaction.atomic
def target_save(*, target: YearlyTarget, by: User) -> YearlyTarget:
    """Create or change a target: one per school, broker area or region and school year."""
    target.full_clean(validate_unique=False, validate_constraints=False)
    subject = subject_of(target)
    same = YearlyTarget.objects.filter(school_year=target.school_year).exclude(pk=target.pk)
    column = {"school": "school_id", "broker": "broker_id", "region": "region_id"}[subject.kind]
    message = _("%(subject)s already has a target for this school year: change that one.") % {
        "subject": subject.name
    }
    if same.filter(**{column: subject.pk}).exists():
        raise ValidationError({"subject": message})
    target.updated_by = by
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:  # the same target saved at the same moment
        raise ValidationError({"subject": message}) from exc
    return target


@transaction.atomic
def target_delete(*, target: YearlyTarget, by: User) -> None:
    target.delete()


def window_move_propose(
    *, window: InternshipWindow, by: User, starts_on: datetime.date, ends_on: datetime.date
) -> int:
    """The broker acts on a suggestion of the regional calendar: the school's coordinators are
    asked to move the window, with a link to its form filled in with the new dates, and told
    why (issue 14): the weeks, its students without a seat, and how many of them would be
    without one where it is and where it would go (the form shows the same figures). The
    school decides (R-ROLE-2); nothing changes until a coordinator saves. Returns how many
    were asked."""
    if ends_on < starts_on:
        raise ValidationError(_("The last day comes before the first day."))
    url = (
        reverse("calendar_window_edit", args=[window.pk])
        + "?"
        + urlencode({"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
    )
    why = move_explanation(window, starts_on, ends_on)
    # E-mailed: in the platform's language, with its one date format; no person named.
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext_lazy(
            "The broker proposes to move %(group)s from %(weeks)s to %(first)s – %(last)s"
        ) % {
            "group": window.group_label,
            "weeks": window.weeks_label,
            "first": date_format(starts_on, "j F Y"),
            "last": date_format(ends_on, "j F Y"),
        }
        title = str(title)
        if why is not None:
            title += ": " + ngettext(
                "%(n)d student without a seat; %(after)d instead of %(before)d would be "
                "without one.",
                "%(n)d students without a seat; %(after)d instead of %(before)d would be "
                "without one.",
                why.students,
            ) % {"n": why.students, "after": why.short_after, "before": why.short_before}
    coordinators = User.objects.filter(
        memberships__role=Role.COORDINATOR, memberships__school_id=window.school_id
    ).distinct()
    asked = 0
    for coordinator in coordinators:
        if coordinator.pk == by.pk:
            continue
        notify(
            coordinator,
            kind="window_move_proposed",
            title=title[:200],
            url=url,
        )
        asked += 1
    return asked


# The school holidays as a file in the repository (R-PLAN-5): one row per holiday region,
# school year and kind. Source to check each row against: docs/planning.md.
HOLIDAYS_CSV = Path(__file__).resolve().parent / "data" / "school_holidays.csv"


@dataclass
class HolidayChange:
    holiday: SchoolHoliday
    before: tuple[datetime.date, datetime.date] | None  # None: new

    def __str__(self) -> str:
        h = self.holiday
        now = f"{h.starts_on.isoformat()}..{h.ends_on.isoformat()}"
        if self.before is None:
            return f"new {h.school_year} {h.holiday_region} {h.kind}: {now}"
        was = f"{self.before[0].isoformat()}..{self.before[1].isoformat()}"
        return f"changed {h.school_year} {h.holiday_region} {h.kind}: {was} -> {now}"


def holidays_load(path: Path = HOLIDAYS_CSV, *, write: bool = True) -> list[HolidayChange]:
    """Bring planning.SchoolHoliday in line with the CSV: new rows are added, changed dates
    updated; rows the file does not name are left alone (the admin may have entered them).
    Every row is checked before anything is written; one transaction. Returns the changes
    (with ``write=False`` only reports them)."""
    regions = {value for value, _label in HolidayRegion.choices}
    kinds = {value for value, _label in SchoolHoliday.Kind.choices}
    wanted: list[SchoolHoliday] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                holiday = SchoolHoliday(
                    school_year=int(row["school_year"]),
                    holiday_region=row["holiday_region"].strip(),
                    kind=row["kind"].strip(),
                    starts_on=datetime.date.fromisoformat(row["starts_on"].strip()),
                    ends_on=datetime.date.fromisoformat(row["ends_on"].strip()),
                )
            except (KeyError, ValueError, AttributeError) as exc:
                raise ValidationError(f"{path.name} line {line}: {exc}") from exc
            if holiday.holiday_region not in regions or holiday.kind not in kinds:
                raise ValidationError(f"{path.name} line {line}: unknown region or kind")
            if holiday.ends_on < holiday.starts_on:
                raise ValidationError(f"{path.name} line {line}: ends before it starts")
            wanted.append(holiday)
    changes: list[HolidayChange] = []
    with transaction.atomic():
        existing = {
            (h.school_year, h.holiday_region, h.kind): h
            for h in SchoolHoliday.objects.select_for_update()
        }
        for holiday in wanted:
            key = (holiday.school_year, holiday.holiday_region, holiday.kind)
            found = existing.get(key)
            if found is None:
                changes.append(HolidayChange(holiday, None))
                if write:
                    holiday.save()
            elif (found.starts_on, found.ends_on) != (holiday.starts_on, holiday.ends_on):
                before = (found.starts_on, found.ends_on)
                found.starts_on, found.ends_on = holiday.starts_on, holiday.ends_on
                changes.append(HolidayChange(found, before))
                if write:
                    found.save(update_fields=["starts_on", "ends_on"])
    return changes
