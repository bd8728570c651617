"""The OpenAPI 3.1 document and its documentation page (Swagger UI from the sidecar package,
served by us: no CDN)."""

from __future__ import annotations

from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []


# Swagger UI sets style attributes from its script; everything else stays as strict as the site.
@method_decorator(
    csp_override(
        {
            "default-src": [CSP.SELF],
            "script-src": [CSP.SELF],
            "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
            "img-src": [CSP.SELF, "data:"],
            "connect-src": [CSP.SELF],
            "object-src": [CSP.NONE],
            "base-uri": [CSP.SELF],
            "frame-ancestors": [CSP.NONE],
        }
    ),
    name="dispatch",
)
class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    url_name = "api_schema"
