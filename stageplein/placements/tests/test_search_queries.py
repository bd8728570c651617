"""The search page's queries (issue 12): what does not change between a student's keystrokes is
kept, and dropped the moment it changes. bench/search_queries.py measures the CPU time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stageplein.accounts.access import get_scope
from stageplein.accounts.models import Membership, Role, User
from stageplein.organisations.models import Sector
from stageplein.students.models import Guardianship

pytestmark = pytest.mark.django_db


def test_a_students_search_runs_seven_queries_once_the_caches_are_warm(world, client):
    """The user, their student record, the school's links, the search, its rows, their
    periods and the unread notifications. Kept: the scope (three queries), the sectors and
    regions (two), and the session's "last seen" (allauth: three queries and a write)."""
    client.force_login(world.users["student"])
    assert client.get("/stageplaatsen/").status_code == 200  # fills the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/stageplaatsen/", {"near": "home", "km": "10"})
    assert response.status_code == 200
    assert len(queries) == 7, "\n".join(q["sql"][:120] for q in queries.captured_queries)


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # a new request: no scope on the object yet


def test_a_role_granted_or_taken_changes_the_cached_scope_at_once(world):
    person = world.users["supervisor"]
    assert world.school.pk not in get_scope(fresh(person)).coordinator_schools
    membership = Membership.objects.create(user=person, role=Role.COORDINATOR, school=world.school)
    assert world.school.pk in get_scope(fresh(person)).coordinator_schools
    membership.delete()
    assert world.school.pk not in get_scope(fresh(person)).coordinator_schools


def test_a_new_child_shows_in_the_parents_cached_scope_at_once(world):
    parent = world.users["supervisor"]
    assert get_scope(fresh(parent)).guardian_of == frozenset()
    Guardianship.objects.create(guardian=parent, student=world.classmate)
    assert get_scope(fresh(parent)).guardian_of == {world.classmate.pk}


def test_a_renamed_sector_shows_in_the_search_form_at_once(world, client):
    client.force_login(world.users["student"])
    client.get("/stageplaatsen/")
    sector = Sector.objects.order_by("order").first()
    assert sector is not None
    sector.name_nl = "Hernoemde sector"
    sector.save()
    assert "Hernoemde sector" in client.get("/stageplaatsen/").content.decode()


def test_a_sessions_last_seen_is_written_once_a_minute_not_on_every_page(world, client):
    from allauth.usersessions.models import UserSession

    client.force_login(world.users["student"])
    client.get("/")
    first = UserSession.objects.get(user=world.users["student"]).last_seen_at
    client.get("/")
    assert UserSession.objects.get(user=world.users["student"]).last_seen_at == first
