"""``create_objects``, the bulk load's COPY for the biggest tables: the objects come back with
their keys, related objects assigned before they had a key are linked, and the rows hold what
``bulk_create`` would have written (on SQLite it is ``bulk_create``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from stageplein.accounts.models import Membership, Role, User
from stageplein.demo.rows import create_objects

pytestmark = pytest.mark.django_db


def test_objects_get_their_keys_and_the_rows_their_values():
    password = make_password("demo-stageplein")
    users = [
        User(
            email=f"copy.{i}@stageplein.test",
            first_name="Anna",
            last_name=f"de Vries {i}",
            password=password,
        )
        for i in range(3)
    ]
    # Assigned before the users have a key, as the loader does for mentors.
    memberships = [Membership(user=u, role=Role.NATIONAL) for u in users]
    create_objects(User, users)
    create_objects(Membership, memberships)

    assert all(u.pk for u in users) and len({u.pk for u in users}) == 3
    stored = {u.pk: u for u in User.objects.filter(pk__in=[u.pk for u in users])}
    for u in users:
        row = stored[u.pk]
        assert (row.email, row.last_name, row.password) == (u.email, u.last_name, password)
        assert row.feed_token == u.feed_token and len(row.feed_token) >= 32
        assert row.date_joined == u.date_joined and row.is_active
        assert row.check_password("demo-stageplein")
    assert {(m.pk, m.user_id) for m in memberships} == set(
        Membership.objects.filter(user__in=users).values_list("pk", "user_id")
    )
    assert all(m.created_at is not None for m in Membership.objects.filter(user__in=users))
    # The next insert through the ORM takes a fresh key from the same sequence.
    assert User.objects.create(email="after@stageplein.test").pk > max(u.pk for u in users)
