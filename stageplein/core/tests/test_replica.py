"""Reads of the overview pages from a replica, and a person's own writes read from the primary
(stageplein.core.replica). Routing only: no replica database is started here."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from stageplein.core.replica import (
    STICKY_COOKIE,
    ReplicaRouter,
    StickyPrimaryMiddleware,
    reads_from_replica,
)
from stageplein.students.models import Student


@pytest.fixture
def with_replica(monkeypatch):
    # As if DATABASE_REPLICA_URL were set.
    monkeypatch.setattr("stageplein.core.replica.replica_configured", lambda: True)


def database_the_view_reads(request) -> str:
    seen = {}

    @reads_from_replica
    def overview(request):
        seen["db"] = ReplicaRouter().db_for_read(Student) or "default"
        return HttpResponse("ok")

    overview(request)
    return seen["db"]


def test_an_overview_reads_from_the_replica(with_replica):
    assert database_the_view_reads(RequestFactory().get("/overzicht/school/")) == "replica"


def test_someone_who_just_wrote_reads_their_overview_from_the_primary(with_replica):
    post = RequestFactory().post("/reacties/1/goedkeuren/")
    response = StickyPrimaryMiddleware(lambda request: HttpResponse("saved"))(post)
    cookie = response.cookies[STICKY_COOKIE]
    assert cookie["max-age"] == settings.REPLICA_STICKY_SECONDS
    request = RequestFactory().get("/overzicht/school/")
    request.COOKIES[STICKY_COOKIE] = cookie.value
    assert database_the_view_reads(request) == "default"


def test_without_a_replica_everything_reads_from_the_primary():
    assert database_the_view_reads(RequestFactory().get("/overzicht/school/")) == "default"
    response = StickyPrimaryMiddleware(lambda request: HttpResponse("saved"))(
        RequestFactory().post("/x/")
    )
    assert STICKY_COOKIE not in response.cookies


def test_writes_and_migrations_stay_on_the_primary():
    router = ReplicaRouter()
    assert router.db_for_write(Student) == "default"
    assert router.allow_migrate("replica", "students") is False
    assert router.allow_migrate("default", "students") is True
