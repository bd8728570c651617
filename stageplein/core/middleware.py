"""Response headers for a platform that holds minors' data (issue 13, hardening)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# The platform uses none of these; a script that got in could not either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Nothing here is meant for search engines: not the public certificate check (it names
        # a student), not the sign-in pages.
        response.setdefault("X-Robots-Tag", "noindex, nofollow")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages for a signed-in person hold personal data (often a minor's): never kept by
            # the browser or a proxy, so the back button on a shared school computer shows
            # nothing after signing out.
            patch_cache_control(response, private=True, no_store=True)
        return response
