from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from stageplein.core.params import page_number


def page_of(request: HttpRequest, qs: QuerySet, per_page: int = 50) -> Page:
    """A page of an expensive list (each row sums a student's hours to decide whether it is
    in the list at all): the keys of the whole list in one query, then the page's rows by
    key, instead of a COUNT and an OFFSET query that would both compute every row."""
    keys = list(qs.values_list("pk", flat=True))
    page = Paginator(keys, per_page).get_page(page_number(request.GET))
    rows = {row.pk: row for row in qs.filter(pk__in=list(page.object_list))}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page
