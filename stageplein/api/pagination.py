"""Cursor pagination (stable under inserts; large lists are walked without OFFSET). A cursor
that was tampered with is a 400 problem, not a 404."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except (NotFound, ValueError, TypeError):
            raise ValidationError({"cursor": [_("This cursor is not valid.")]}) from None

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            try:
                size = int(raw)
            except ValueError:
                raise ValidationError(
                    {"page_size": [_("Give a whole number from 1 to 1000.")]}
                ) from None
            if not 1 <= size <= self.max_page_size:
                raise ValidationError({"page_size": [_("Give a whole number from 1 to 1000.")]})
            return size
        return self.page_size

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for p in params:
            if p["name"] == self.page_size_query_param:
                p["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return params
