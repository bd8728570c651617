"""JSON bodies with a size limit checked before parsing (413 instead of a slow parse)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.parsers import JSONParser

from stageplein.api.problems import PayloadTooLarge


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        if request is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.API_MAX_BODY_BYTES:
                raise PayloadTooLarge()
        return super().parse(stream, media_type, parser_context)
