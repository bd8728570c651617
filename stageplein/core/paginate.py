from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from stageplein.core.params import page_number


def paginate(request: HttpRequest, qs: QuerySet, per_page: int = 50) -> Page:
    return Paginator(qs, per_page).get_page(page_number(request.GET))
