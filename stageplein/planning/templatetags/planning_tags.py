"""Menu filters that ask the access layer (never decide in the template), and small
formatting helpers for the calendar."""

from django import template

from stageplein.accounts.access import Scope
from stageplein.planning import selectors

register = template.Library()

CALENDAR_PAGES = {
    "calendar_school",
    "calendar_window_create",
    "calendar_window_edit",
    "calendar_window_delete",
    "calendar_region",
    "calendar_region_windows",
}
TARGET_PAGES = {"target_list", "target_create", "target_edit", "target_delete"}


@register.filter
def may_see_school_calendar(scope: Scope) -> bool:
    return selectors.may_see_school_calendar(scope)


@register.filter
def may_see_region_calendar(scope: Scope) -> bool:
    return selectors.may_see_region_calendar(scope)


@register.filter
def may_see_targets(scope: Scope) -> bool:
    return selectors.may_see_targets(scope)


@register.filter
def is_calendar_page(url_name: str) -> bool:
    return url_name in CALENDAR_PAGES


@register.filter
def is_target_page(url_name: str) -> bool:
    return url_name in TARGET_PAGES
