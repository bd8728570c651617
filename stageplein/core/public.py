"""Pages anyone may read without signing in (the public vacancy bank, issue 19): cacheable by
browsers and proxies, and indexable, unlike the rest of the platform (core/middleware.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

# Short enough that a closed placement disappears from shared caches within minutes.
PUBLIC_MAX_AGE = 300


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        # The privacy middleware only sets the noindex header when a view has not.
        response["X-Robots-Tag"] = "index, follow"
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapped
