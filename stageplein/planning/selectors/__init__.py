"""Reads of the annual calendar (R-PLAN-1) and of targets and progress (R-PLAN-2), one module per
part: windows, demand, calendar, targets.

For other apps (dashboards, reports): ``demand_supply(region_or_schools, school_year)`` returns
the week-by-week calendar (``Calendar.weeks``: students, seats, status per week, and the
warnings); ``target_progress(targets)`` the progress of targets; ``targets_visible_to(scope)``
(planning/access.py) the targets a person may see. None of them returns a person.

The names are re-exported here for the callers; new code imports from the submodule."""

from stageplein.planning.selectors.calendar import Calendar, CalendarArea, area_of, demand_supply
from stageplein.planning.selectors.demand import region_windows, window_demand
from stageplein.planning.selectors.targets import (
    Cell,
    Subject,
    TargetProgress,
    subject_of,
    target_progress,
    target_subjects,
)
from stageplein.planning.selectors.windows import (
    Group,
    assign_groups,
    group_filter,
    school_year_choices,
    window_for_student,
    window_students,
    windows_for_students,
    windows_of_schools,
    with_student_counts,
)

__all__ = [
    "Calendar",
    "CalendarArea",
    "Cell",
    "Group",
    "Subject",
    "TargetProgress",
    "area_of",
    "assign_groups",
    "demand_supply",
    "group_filter",
    "region_windows",
    "school_year_choices",
    "subject_of",
    "target_progress",
    "target_subjects",
    "window_demand",
    "window_for_student",
    "window_students",
    "windows_for_students",
    "windows_of_schools",
    "with_student_counts",
]
