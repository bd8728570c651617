"""Every app's access predicates as template filters, so templates never decide access:

    {% load access %}
    {% if scope|may_list_students %} … {% endif %}
    {% if scope|may_edit_placement:placement %} … {% endif %}

The filters are generated from the ``may_*`` functions of each app's ``access.py`` (found with
``autodiscover_modules``), so a template asks the very function a view asks; nobody wraps a
predicate by hand. Two apps may not define a predicate of the same name.
"""

from collections.abc import Callable

from django import template
from django.core.exceptions import ImproperlyConfigured

from stageplein.core.discovery import app_modules

register = template.Library()


def predicates() -> dict[str, Callable[..., bool]]:
    """Every ``may_*`` function of the apps' access modules, by name."""
    found: dict[str, Callable[..., bool]] = {}
    for module in app_modules("access"):
        for name, value in vars(module).items():
            if not name.startswith("may_") or not callable(value):
                continue
            if getattr(value, "__module__", None) != module.__name__:
                continue  # imported from another app's access module: registered there
            if name in found and found[name] is not value:
                raise ImproperlyConfigured(f"Two access modules define {name}")
            found[name] = value
    return found


for _name, _predicate in predicates().items():
    register.filter(_name, _predicate)
