from collections.abc import Callable

from django.db.models import Model
from django.urls import reverse

from tests.support.url_matrix import Row
from tests.support.world import World

REGION = {
    "anonymous": 302,
    "student": 200,
    "parent": 200,
    "coordinator": 200,
    "mentor": 200,
    "provider_contact": 200,
    "supervisor": 200,
    "broker": 200,
    "municipality": 200,
    "admin": 200,
}
SCHOOL_ONLY = {"anonymous": 302, "coordinator": 200, "mentor": 200, "admin": 200}
KEEPERS_SCHOOL = {"anonymous": 302, "coordinator": 400, "admin": 400}


def _pk(obj: Callable[[World], Model], name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[obj(w).pk])


ROWS = {
    "document_list": Row(lambda w: reverse("document_list"), {"anonymous": 302}, default=200),
    "document_create": Row(
        lambda w: reverse("document_create"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "other_coordinator": 200,
            "broker": 200,
            "admin": 200,
        },
        default=403,
    ),
    "document_detail": Row(
        _pk(lambda w: w.document_region, "document_detail"), REGION, default=404
    ),
    "document_download": Row(
        _pk(lambda w: w.version_region, "document_download"), REGION, default=404
    ),
    # An empty POST: keepers get the form back (400), those who may see it 403, others 404.
    "document_version_create": Row(
        _pk(lambda w: w.document_school, "document_version_create"),
        {**KEEPERS_SCHOOL, "mentor": 403},
        default=404,
        method="POST",
    ),
}
# The school-only template, checked separately in tests/test_visibility.py.
