"""Shared pieces of the internship views: load an internship the person may see (404 for
outsiders) together with what they may do on it (403 for actions they may not take)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from stageplein.internships.access import (
    InternshipAccess,
    access_for_request,
    get_internship_for_user,
)
from stageplein.internships.models import Internship
from stageplein.internships.services import InternshipError


def load(request: HttpRequest, pk: int) -> tuple[Internship, InternshipAccess]:
    internship = get_internship_for_user(request, pk)
    return internship, access_for_request(request, internship)


def refused(request: HttpRequest, error: InternshipError, to: str, *args) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(to, *args)


def posted(request: HttpRequest):
    """The POST data for a form, also when it is empty (an empty form is still submitted)."""
    return request.POST if request.method == "POST" else None


def files(request: HttpRequest):
    return request.FILES if request.method == "POST" else None
