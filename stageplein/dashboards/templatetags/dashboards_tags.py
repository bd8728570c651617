"""Menu filters that ask the access layer (templates never decide access themselves)."""

from django import template

from stageplein.accounts.access import Scope
from stageplein.dashboards import selectors
from stageplein.funding.selectors import may_see_funding as _may_see_funding

register = template.Library()


@register.filter
def may_see_school_dashboard(scope: Scope) -> bool:
    return selectors.may_see_school_dashboard(scope)


@register.filter
def may_see_broker_dashboard(scope: Scope) -> bool:
    return selectors.may_see_broker_dashboard(scope)


@register.filter
def may_see_municipality_dashboard(scope: Scope) -> bool:
    return selectors.may_see_municipality_dashboard(scope)


@register.filter
def may_see_national_dashboard(scope: Scope) -> bool:
    return selectors.may_see_national_dashboard(scope)


@register.filter
def may_see_funding(scope: Scope) -> bool:
    return _may_see_funding(scope)
