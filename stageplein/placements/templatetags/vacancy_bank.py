"""Template filters that ask the access layer (never decide in the template) whether a menu
item applies: ``{% if scope|may_search_placements %}``."""

from django import template
from django.utils.translation import gettext as _

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


@register.filter
def km(value) -> str:
    """A distance as people say it; PC4 centroids are good to about a kilometre."""
    if value is None or value == "":
        return ""
    value = float(value)
    if value < 1:
        return str(_("less than 1 km"))
    return str(_("%(km)s km") % {"km": round(value)})
