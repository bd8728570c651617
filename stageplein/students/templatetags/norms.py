"""The norm per level as it applies to students entering this school year, for public pages."""

from django import template

from stageplein.core.schoolyear import current_school_year
from stageplein.organisations.models import Level
from stageplein.students.selectors import NormTable

register = template.Library()


@register.simple_tag
def current_norms() -> list[tuple[str, int]]:
    table, year = NormTable(), current_school_year()
    return [(str(label), table.norm(value, year)) for value, label in Level.choices]
