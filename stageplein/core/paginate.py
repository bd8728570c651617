"""Pagination: the one helper every list uses, in three forms for three kinds of list."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from stageplein.core.params import page_number as requested_page


def paginate(request: HttpRequest, qs: QuerySet, per_page: int = 50) -> Page:
    """A page of an ordinary list (``?page=`` from the request; out of range gives the last)."""
    return Paginator(qs, per_page).get_page(requested_page(request.GET))


def paginate_by_keys(request: HttpRequest, qs: QuerySet, per_page: int = 50) -> Page:
    """A page of an expensive list (each row sums a student's hours to decide whether it is
    in the list at all): the keys of the whole list in one query, then the page's rows by
    key, instead of a COUNT and an OFFSET query that would both compute every row."""
    keys = list(qs.values_list("pk", flat=True))
    page = Paginator(keys, per_page).get_page(requested_page(request.GET))
    rows = {row.pk: row for row in qs.filter(pk__in=list(page.object_list))}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def page_number(raw: str | None) -> int:
    """The page asked for; anything that is not a positive number is the first page."""
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def page_with_total(object_list: list, number: int, per_page: int, total: int) -> Page:
    """A page whose rows and total the caller fetched itself (the search gets both in one
    windowed query), so the paginator never counts again."""
    paginator = Paginator(object_list, per_page)
    paginator.count = total  # a cached property: set here, never computed
    return Page(object_list, number, paginator)
