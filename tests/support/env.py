"""Loaded by pytest as a plugin (`-p tests.support.env` in pyproject) before Django's settings.

DEBUG is off when unset (production's safe default); the tests run with the development
settings (no SECRET_KEY or mail server needed), so they ask for them explicitly. pytest-django
itself still runs each test with DEBUG off.
"""

import os

os.environ.setdefault("DEBUG", "true")
