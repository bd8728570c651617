from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _indexable(response: HttpResponse) -> HttpResponse:
    # Meant to be found: the privacy middleware keeps every other page out of search engines.
    response["X-Robots-Tag"] = "index, follow"
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy statement, written for students of 13 and for their parents."""
    return _indexable(render(request, "core/privacy.html"))


def accessibility(request: HttpRequest) -> HttpResponse:
    return _indexable(render(request, "core/accessibility.html"))
