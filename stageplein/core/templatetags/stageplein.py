from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people write them: 3, 2,5 or 1,25 (localised), never 3,00."""
    if value in (None, ""):
        return "0"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return number_format(int(number), use_l10n=True, force_grouping=True)
    return number_format(number.normalize(), use_l10n=True)
