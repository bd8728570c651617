"""The one rule for absolute links: every link that leaves the page (e-mails, iCal feeds, PDFs,
QR codes) starts with ``settings.SITE_ROOT``, never with the request's host.

Behind a proxy the request's host is whatever the proxy passed on (an internal name, a port,
http instead of https), and a task that sends mail has no request at all; a link built from one
place and a link built from the other disagree. SITE_ROOT is the address people type.
"""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str = "") -> str:
    """``path`` (starting with "/") under SITE_ROOT; SITE_ROOT itself when empty."""
    return f"{settings.SITE_ROOT}{path}"


def absolute_reverse(viewname: str, *args) -> str:
    return absolute_url(reverse(viewname, args=args))
