"""The sessions page, sign out everywhere, shorter staff sessions, and sessions that end when a
password changes or a role is lost."""

import datetime

import time_machine
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stageplein.accounts.models import Membership
from tests.support.people import PASSWORD


def signed_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_the_sessions_page_lists_the_devices_and_signs_out_everywhere(world):
    email = world.users["supervisor"].email
    laptop, phone = signed_in(email), signed_in(email)
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert UserSession.objects.filter(user=world.users["supervisor"]).count() == 2
    laptop.post(reverse("usersessions_list"))  # "sign out other sessions"
    assert phone.get(reverse("account")).status_code == 302
    assert laptop.get(reverse("account")).status_code == 200


def test_changing_the_password_ends_the_other_sessions(world):
    email = world.users["supervisor"].email
    laptop, phone = signed_in(email), signed_in(email)
    laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase 42",
            "password2": "a new long passphrase 42",
        },
    )
    assert laptop.get(reverse("account")).status_code == 200
    assert phone.get(reverse("account")).status_code == 302


def test_losing_a_role_ends_the_sessions(world):
    mentor = signed_in(world.users["mentor"].email)
    Membership.objects.filter(user=world.users["mentor"]).delete()
    assert mentor.get(reverse("account")).status_code == 302


def test_staff_sessions_end_after_a_working_day_students_do_not(world, settings):
    staff = signed_in(world.users["mentor"].email)
    supervisor = signed_in(world.users["supervisor"].email)
    staff.get(reverse("account"))
    later = timezone.now() + datetime.timedelta(hours=settings.STAFF_SESSION_HOURS, minutes=1)
    with time_machine.travel(later):
        response = staff.get(reverse("account"))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
        assert supervisor.get(reverse("account")).status_code == 200
