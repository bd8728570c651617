"""Exports are private to the person who asked for them: nobody else learns they exist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import get_scope
from stageplein.exports.models import Export


def get_export_for_user(request: HttpRequest, pk: int) -> Export:
    return get_object_or_404(exports_of(get_scope(request).user_id), pk=pk)


def exports_of(user_id: int | None) -> QuerySet[Export]:
    return Export.objects.filter(requested_by_id=user_id).defer("content")
