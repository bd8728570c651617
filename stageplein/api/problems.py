"""Every API error in one shape: RFC 9457 problem details (``application/problem+json``),
with a title and detail in the caller's language (Accept-Language: nl or en).

    {"type": ".../api/v1/problems/validation", "title": "Your request has errors.",
     "status": 400, "detail": "…", "instance": "/api/v1/students/bulk/",
     "errors": [{"pointer": "/students/3/date_of_birth", "detail": "…"}]}
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

CONTENT_TYPE = "application/problem+json"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"
    default_detail = "The request body is too large."


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The request conflicts with the current state."


class Unprocessable(exceptions.APIException):
    """Well-formed, but the rules refuse it (the import's checks, an hour outside the dates)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"
    default_detail = "The request breaks a rule."

    def __init__(self, detail: Any = None, errors: list[dict] | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or []


def _titles() -> dict[str, str]:
    # Built per call: the titles follow the language of the request being answered.
    return {
        "validation": _("Your request has errors."),
        "parse_error": _("The request body is not valid JSON."),
        "not_authenticated": _("Sign in first: send an access token."),
        "authentication_failed": _("The access token is not valid."),
        "permission_denied": _("You may not do this."),
        "insufficient_scope": _("The access token lacks the scope for this."),
        "not_found": _("Not found."),
        "method_not_allowed": _("This method is not allowed here."),
        "not_acceptable": _("The requested format is not available."),
        "unsupported_media_type": _("Send the request body as JSON."),
        "throttled": _("Too many requests: wait and try again."),
        "payload_too_large": _("The request body is too large."),
        "conflict": _("The request conflicts with the current state."),
        "unprocessable": _("The request breaks a rule."),
        "server_error": _("Something went wrong on our side."),
        "bad_request": _("The request is not valid."),
    }


def problem_type(code: str) -> str:
    return f"{settings.SITE_ROOT}/api/v1/problems/{code}"


def problem_body(code: str, status_code: int, detail: str, instance: str, **extra: Any) -> dict:
    titles = _titles()
    return {
        "type": problem_type(code),
        "title": titles.get(code, titles["bad_request"]),
        "status": status_code,
        "detail": detail,
        "instance": instance,
        **extra,
    }


def _pointers(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error dict/list as a flat list of JSON pointers (RFC 6901) and messages."""
    if isinstance(detail, dict):
        return [
            e
            for key, value in detail.items()
            for e in _pointers(
                value,
                prefix
                if key == "non_field_errors"
                else f"{prefix}/{str(key).replace('~', '~0').replace('/', '~1')}",
            )
        ]
    if isinstance(detail, list):
        if all(not isinstance(v, dict | list) for v in detail):
            return [{"pointer": prefix or "/", "detail": str(v)} for v in detail]
        return [e for i, v in enumerate(detail) for e in _pointers(v, f"{prefix}/{i}")]
    return [{"pointer": prefix or "/", "detail": str(detail)}]


def problem_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    elif isinstance(exc, SuspiciousOperation):
        # RequestDataTooBig and friends: the body was refused before we read it.
        exc = PayloadTooLarge() if "too big" in str(exc).lower() else exceptions.ParseError()
    if not isinstance(exc, exceptions.APIException):
        return None
    request = context.get("request")
    instance = request.path if request is not None else ""
    extra: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        code, detail = "validation", _("See “errors” for what to correct.")
        extra["errors"] = _pointers(exc.detail)
    elif isinstance(exc, Unprocessable):
        code, detail = "unprocessable", str(exc.detail)
        extra["errors"] = exc.errors
    else:
        code = str(getattr(exc, "default_code", "bad_request"))
        if isinstance(exc, exceptions.PermissionDenied) and getattr(exc, "scope", None):
            code = "insufficient_scope"
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else ""
        if isinstance(exc, exceptions.Throttled):
            detail = _("Try again in %(seconds)d seconds.") % {"seconds": int(exc.wait or 1)}
    headers = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(int(wait))
    set_rollback()
    body = problem_body(code, exc.status_code, detail, instance, **extra)
    return Response(body, status=exc.status_code, headers=headers, content_type=CONTENT_TYPE)
