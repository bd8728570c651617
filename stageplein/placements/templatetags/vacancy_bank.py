"""Template filters that ask the access layer (never decide in the template) whether a menu
item applies: ``{% if scope|may_search_placements %}``."""

from django import template

from stageplein.accounts.access import Scope
from stageplein.applications import selectors as application_selectors
from stageplein.placements import selectors as placement_selectors

register = template.Library()


@register.filter
def may_search_placements(scope: Scope) -> bool:
    return placement_selectors.may_search_placements(scope)


@register.filter
def may_manage_placements(scope: Scope) -> bool:
    return placement_selectors.may_manage_placements(scope)


@register.filter
def may_list_applications(scope: Scope) -> bool:
    return application_selectors.may_list_applications(scope)
