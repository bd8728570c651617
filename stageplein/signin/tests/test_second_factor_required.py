"""Staff must set up a second factor: a banner during the grace period, then no pages with
personal data until it is set up."""

import datetime

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from stageplein.signin.second_factor import second_factor_deadline


@pytest.fixture
def after_grace(world):
    deadline = second_factor_deadline(world.users["mentor"])
    with time_machine.travel(deadline + datetime.timedelta(minutes=1)):
        yield


def test_during_the_grace_period_staff_see_their_pages_and_a_reminder(world, client_as):
    page = client_as("mentor").get(reverse("home"))
    assert page.status_code == 200
    assert reverse("second_factor_required") in page.content.decode()


def test_after_the_grace_period_staff_without_a_second_factor_see_no_student(
    world, client_as, after_grace
):
    mentor = client_as("mentor")
    for url in (reverse("home"), reverse("student_detail", args=[world.student.pk])):
        response = mentor.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("second_factor_required")
    explained = mentor.get(reverse("second_factor_required"))
    assert reverse("mfa_activate_totp") in explained.content.decode()
    # Setting it up is possible (allauth's pages stay open).
    assert mentor.get(reverse("mfa_index")).status_code == 200


def test_an_htmx_request_is_sent_to_the_set_up_page_as_a_whole(world, client_as, after_grace):
    response = client_as("coordinator").get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("second_factor_required")


def test_staff_with_an_authenticator_app_are_let_through(world, client_as, after_grace):
    Authenticator.objects.create(
        user=world.users["mentor"], type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert client_as("mentor").get(reverse("home")).status_code == 200


def test_recovery_codes_alone_do_not_count(world, client_as, after_grace):
    Authenticator.objects.create(
        user=world.users["mentor"], type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    assert client_as("mentor").get(reverse("home")).status_code == 302


@pytest.mark.parametrize("role", ["student", "parent", "provider_contact", "supervisor"])
def test_students_parents_and_organisations_are_never_made_to(world, client_as, role):
    later = timezone.now() + datetime.timedelta(days=365)
    with time_machine.travel(later):
        assert client_as(role).get(reverse("home")).status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "broker", "municipality", "national", "admin"])
def test_every_staff_role_is_made_to(world, client_as, role):
    later = timezone.now() + datetime.timedelta(days=365)
    with time_machine.travel(later):
        assert client_as(role).get(reverse("home")).status_code == 302


def test_the_grace_period_never_starts_before_the_rule(world, settings):
    settings.STAFF_MFA_SINCE = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    deadline = second_factor_deadline(world.users["mentor"])
    assert deadline.date() == timezone.localdate() + datetime.timedelta(
        days=10 + settings.STAFF_MFA_GRACE_DAYS
    )
