"""What every API view shares: the scope check, the caller's Scope for the access modules,
ETag/If-None-Match on lists that systems poll."""

from __future__ import annotations

import builtins
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, generics
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from stageplein.accounts.access import Scope
from stageplein.api.access import Caller, caller_of
from stageplein.students.readlog import record_api_reads


class InsufficientScope(exceptions.PermissionDenied):
    default_detail = _("The access token lacks the scope for this.")
    default_code = "insufficient_scope"

    def __init__(self, scope: str) -> None:
        super().__init__(_("The access token lacks the scope “%(scope)s”.") % {"scope": scope})
        self.scope = scope


class HasApiScope(BasePermission):
    """The view's ``read_scope`` for GET/HEAD, ``write_scope`` for the rest."""

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = (
            getattr(view, "read_scope", None)
            if request.method in ("GET", "HEAD", "OPTIONS")
            else getattr(view, "write_scope", None)
        )
        if needed and needed not in caller_of(request).scopes:
            raise InsufficientScope(needed)
        return True


class ApiView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, HasApiScope]
    read_scope: str | None = None
    write_scope: str | None = None

    @property
    def caller(self) -> Caller:
        return caller_of(self.request)

    @property
    def scope(self) -> Scope:
        return self.caller.scope

    def log_reads(self, student_ids: Iterable[int | None]) -> int:
        """Record in each student's read log (R-PRIV-1) that this caller received their data:
        a system under its client's name, a personal token (or a signed-in browser) as its
        owner. Called by every view whose answer names a student; see test_api_read_log.py."""
        caller = self.caller
        if caller.client is not None:
            reader, name = None, caller.client.name
        else:
            reader = caller.actor
            name = (reader.get_full_name() or reader.email or "") if reader else ""
        return record_api_reads(
            scope=caller.scope,
            reader=reader,
            reader_name=name,
            student_ids=[pk for pk in student_ids if pk is not None],
            what=self.request.get_full_path(),
        )


def etag_of(data: Any) -> str:
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


class PolledList(generics.ListAPIView, ApiView):
    """A list that school systems poll: answers 304 when nothing changed since their ETag."""

    model: Any = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return self.model.objects.none()
        return self.scoped()

    def scoped(self):
        raise NotImplementedError

    def students_of(self, items: builtins.list) -> builtins.list[int | None]:
        """The students whose data the answer holds (read-logged); none unless overridden."""
        return []

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        items = list(page if page is not None else queryset)
        data = self.get_serializer(items, many=True, context=self.extra_context(items)).data
        response = self.get_paginated_response(data)
        etag = etag_of(response.data)
        matches = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
        if etag in matches or "*" in matches:
            return Response(status=304, headers={"ETag": etag})
        # Only a 200 hands data out: a 304 says the caller still has what it was given before.
        self.log_reads(self.students_of(items))
        response["ETag"] = etag
        return response

    def get_serializer(self, *args: Any, **kwargs: Any):
        context = {**self.get_serializer_context(), **kwargs.pop("context", {})}
        return self.get_serializer_class()(*args, context=context, **kwargs)

    def extra_context(self, items: builtins.list) -> dict:
        return {}
