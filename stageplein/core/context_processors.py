from django.conf import settings
from django.http import HttpRequest

from stageplein.core.pwa import outbox_strings


def platform(request: HttpRequest) -> dict:
    return {"SITE_NAME": settings.SITE_NAME, "OUTBOX_STRINGS": outbox_strings}
