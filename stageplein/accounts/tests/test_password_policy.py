import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.support.people import PASSWORD


def test_a_coordinator_cannot_choose_stage2026(world):
    with pytest.raises(ValidationError):
        validate_password("Stage2026", user=world.users["coordinator"])


def test_a_coordinator_may_choose_a_long_password(world):
    validate_password("Ruim genoeg voor de school 7", user=world.users["coordinator"])


def test_a_coordinator_changing_to_a_short_password_is_refused_on_the_page(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Stage2026", "password2": "Stage2026"},
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)
