"""Funding reports: municipality officers their municipality's, brokers theirs, the national
viewer all (numbers); the per-student list only for the broker itself."""

from django.urls import reverse

from tests.support.url_matrix import Row

READERS = {"anonymous": 302, "national": 200, "admin": 200}

ROWS = {
    # Officers and brokers with one report are sent straight to it.
    "funding_overview": Row(
        lambda w: reverse("funding_overview"),
        {**READERS, "municipality": 302, "broker": 302},
        default=403,
    ),
    "funding_municipality": Row(
        lambda w: reverse("funding_municipality", args=[w.municipality.pk]),
        {**READERS, "municipality": 200},
        default=404,
    ),
    "funding_broker": Row(
        lambda w: reverse("funding_broker", args=[w.broker.pk]),
        {**READERS, "broker": 200},
        default=404,
    ),
    "funding_students": Row(
        lambda w: reverse("funding_students", args=[w.broker.pk]),
        {"anonymous": 302, "broker": 200, "admin": 200, "national": 403},
        default=404,
    ),
}
