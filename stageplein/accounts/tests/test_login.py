import pytest
from django.urls import reverse

from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db


def test_staff_signs_in_with_email_and_password(client, world):
    response = client.post(
        reverse("account_login"), {"login": "coordinator@school.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == world.users["coordinator"]


def test_wrong_password_and_unknown_account_get_the_same_message(client, world):
    wrong = client.post(
        reverse("account_login"), {"login": "coordinator@school.test", "password": "nope"}
    )
    unknown = client.post(
        reverse("account_login"), {"login": "ghost@school.test", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert not wrong.wsgi_request.user.is_authenticated


def test_passwords_are_hashed_with_argon2(world):
    assert world.users["coordinator"].password.startswith("argon2")


def test_repeated_failures_lock_the_account_out_from_that_address(client, world, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(
            reverse("account_login"), {"login": "coordinator@school.test", "password": "nope"}
        )
    locked = client.post(
        reverse("account_login"), {"login": "coordinator@school.test", "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated
