"""The student's MaS state is defined once, in applications/mas_state.py; the dashboards'
modules import it from here under the names they always used."""

from stageplein.applications.mas_state import (
    MAX_YEAR_GROUP,
    STATUS_ORDER,
    WITHOUT_PLACE,
    StudentStatus,
    due_this_year_expression,
    expected_hours_expression,
    norm_by_year,
    norm_expression,
    pace_share,
    percent,
    with_status,
    without_place,
)

__all__ = [
    "MAX_YEAR_GROUP",
    "STATUS_ORDER",
    "WITHOUT_PLACE",
    "StudentStatus",
    "due_this_year_expression",
    "expected_hours_expression",
    "norm_by_year",
    "norm_expression",
    "pace_share",
    "percent",
    "with_status",
    "without_place",
]
