"""Small helpers for the calendar's menu and pages. Whether a menu item applies is asked of
the access modules through ``{% load access %}``."""

from django import template

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
def is_calendar_page(url_name: str) -> bool:
    return url_name in CALENDAR_PAGES


@register.filter
def is_target_page(url_name: str) -> bool:
    return url_name in TARGET_PAGES
