"""Django set up in this process as gunicorn serves it, for the benchmarks that request pages
through the test client: DEBUG off, the whole middleware stack, the cached template loader.

Import it first and call `production_django()` before importing any model. Production refuses
to start without a secret key and a mail server; a benchmark sends nothing anywhere, so it gets
a throwaway key and the in-memory mail backend. The files are served by WhiteNoise from the
collected folder in production; a benchmark never collects them, so the plain storage is used
(the manifest storage would refuse every {% static %} without a manifest).
"""

import os
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def production_django(*, force_debug_off: bool = False, collected_static: bool = False) -> None:
    """force_debug_off: even when the shell exports DEBUG=true (page CPU must be production's).
    collected_static: keep production's storage (a benchmark that ran collectstatic)."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
    if force_debug_off:
        os.environ["DEBUG"] = "false"
    else:
        os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic

    import django  # imported here: DJANGO_SETTINGS_MODULE must be set first

    django.setup()
    if not collected_static:
        from django.conf import settings  # after setup(), like every settings read

        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
