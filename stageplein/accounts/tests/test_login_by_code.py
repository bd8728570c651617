"""allauth's "e-mail me a sign-in code": for people who come twice a year; staff without a
second factor get nothing, and the page looks the same for every address."""

import re

from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from stageplein.accounts.models import Membership, Role


def ask(client, email):
    cache.clear()
    return client.post(reverse("account_request_login_code"), {"email": email})


def code_in(message) -> str:
    found = re.search(r"^([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)$", message.body, re.M)
    assert found, message.body
    return found.group(1)


def test_a_supervisor_signs_in_with_the_code_from_the_mail(world, client):
    response = ask(client, world.users["supervisor"].email)
    assert response.status_code == 302
    assert mail.outbox[-1].to == [world.users["supervisor"].email]
    done = client.post(reverse("account_confirm_login_code"), {"code": code_in(mail.outbox[-1])})
    assert done.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.users["supervisor"].pk


def test_staff_without_a_second_factor_get_no_code_and_the_same_answer(world, client):
    known = ask(client, world.users["supervisor"].email)
    sent = len(mail.outbox)
    staff = ask(type(client)(), world.users["mentor"].email)
    assert staff.status_code == known.status_code and staff["Location"] == known["Location"]
    assert len(mail.outbox) == sent


def test_a_code_sent_before_someone_became_staff_no_longer_signs_them_in(world, client):
    ask(client, world.users["supervisor"].email)
    Membership.objects.create(user=world.users["supervisor"], role=Role.MENTOR, school=world.school)
    client.post(reverse("account_confirm_login_code"), {"code": code_in(mail.outbox[-1])})
    assert "_auth_user_id" not in client.session


def test_staff_with_a_second_factor_are_asked_for_it_after_the_code(world, client):
    mentor = world.users["mentor"]
    Authenticator.objects.create(user=mentor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    ask(client, mentor.email)
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code_in(mail.outbox[-1])}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_three_times_ends_the_attempt(world, client):
    ask(client, world.users["supervisor"].email)
    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})
    right = client.post(reverse("account_confirm_login_code"), {"code": code_in(mail.outbox[-1])})
    assert "_auth_user_id" not in client.session
    assert right.status_code in (302, 200)
