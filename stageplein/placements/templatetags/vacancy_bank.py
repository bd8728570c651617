"""Template filters of the vacancy bank. Whether a menu item applies is asked of the access
modules through ``{% load access %}``."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def km(value) -> str:
    """A distance as people say it; PC4 centroids are good to about a kilometre."""
    if value is None or value == "":
        return ""
    value = float(value)
    if value < 1:
        return str(_("less than 1 km"))
    return str(_("%(km)s km") % {"km": round(value)})
