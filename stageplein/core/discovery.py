"""Finding the per-app modules that frameworks collect (``access``, ``tables``, ``reminders``,
``audiences``, ``jobs``): Django's ``autodiscover_modules`` imports ``<app>.<name>`` of every
installed app that has one, the way the admin finds ``admin.py``. A framework in a low app
thus learns of the apps above it without importing them (docs/architecture.md)."""

import sys
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


def app_modules(name: str) -> list[ModuleType]:
    """The ``name`` modules of the installed apps, sorted by module path (a stable order that
    does not depend on how INSTALLED_APPS happens to be listed)."""
    autodiscover_modules(name)
    found = [sys.modules.get(f"{config.name}.{name}") for config in apps.get_app_configs()]
    return sorted((m for m in found if m is not None), key=lambda m: m.__name__)
