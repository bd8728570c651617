"""Menu filter that asks the access layer (templates never decide access themselves)."""

from django import template

from stageplein.accounts.access import Scope
from stageplein.matching import selectors

register = template.Library()


@register.filter
def may_match(scope: Scope) -> bool:
    return selectors.may_match(scope)
