"""The doors around sign-in, as an attacker would try them (issue 13, findings 1–3)."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.support.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _lockout_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def signed_in(client) -> bool:
    return client.get(reverse("account")).status_code == 200


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


# --- 1. the admin ---------------------------------------------------------------------------


def test_admin_login_page_sends_strangers_to_the_one_sign_in_page(client, world):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "next=%2Fadmin%2Faccounts%2Fuser%2F" in response["Location"]


def test_admin_with_a_second_factor_cannot_reach_the_admin_with_the_password_alone(client, world):
    admin = world.users["admin"]
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)

    # The admin's own form no longer signs anyone in.
    posted = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert posted.status_code == 302
    assert client.get("/admin/").status_code == 302

    # The password on the one sign-in page leads to the second step, not into the admin.
    first = sign_in(client, admin.email)
    assert first.status_code == 302
    assert "2fa" in first["Location"]
    assert client.get("/admin/").status_code == 302

    # With the code, the admin is in.
    second = client.post(first["Location"], {"code": current_code(secret)})
    assert second.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_is_locked_out_after_repeated_failures_like_everyone_else(client, world):
    admin = world.users["admin"]
    for _ in range(3):
        sign_in(client, admin.email, "wrong")
    assert sign_in(client, admin.email).status_code == 429
    assert client.get("/admin/").status_code == 302


# --- 2. the lockout -------------------------------------------------------------------------


def test_made_up_accounts_from_a_school_address_do_not_lock_out_its_real_users(world):
    school = Client(REMOTE_ADDR="10.1.1.1")
    for n in range(10):
        sign_in(school, f"ghost{n}@school.test", "wrong")
    assert sign_in(school, "coordinator@school.test").status_code == 302
    assert signed_in(school)


def test_failures_lock_one_account_out_from_that_address_only(world):
    attacker = Client(REMOTE_ADDR="10.6.6.6")
    for _ in range(3):
        sign_in(attacker, "coordinator@school.test", "wrong")
    assert sign_in(attacker, "coordinator@school.test").status_code == 429
    # The coordinator at school, and a colleague from the attacker's address, are not hindered.
    assert sign_in(Client(REMOTE_ADDR="10.1.1.1"), "coordinator@school.test").status_code == 302
    assert sign_in(attacker, "mentor@school.test").status_code == 302


def test_behind_our_proxy_each_client_is_told_apart_and_a_forged_header_does_not_help(
    world, settings
):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def via_proxy(forwarded_for):
        return Client(REMOTE_ADDR="172.16.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    # The attacker changes the part of the header they control on every try: no use.
    for n in range(3):
        sign_in(via_proxy(f"9.9.9.{n}, 203.0.113.7"), "coordinator@school.test", "wrong")
    assert sign_in(via_proxy("9.9.9.99, 203.0.113.7"), "coordinator@school.test").status_code == 429
    # Someone else behind the same proxy signs in.
    assert sign_in(via_proxy("198.51.100.4"), "coordinator@school.test").status_code == 302


def test_a_class_of_thirty_signs_in_together_from_one_address(world):
    school = world.school
    del school  # the accounts need no membership to sign in
    emails = [make_user(f"leerling{n}@school.test", "L", str(n)).email for n in range(30)]
    for email in emails:
        client = Client(REMOTE_ADDR="10.1.1.1")
        assert sign_in(client, email).status_code == 302, email


def test_guessing_from_elsewhere_cannot_keep_a_staff_member_out(world, settings):
    settings.AXES_ENABLED = False  # allauth's own per-account limit on its own
    for n in range(20):
        sign_in(Client(REMOTE_ADDR=f"10.9.9.{n % 3}"), "coordinator@school.test", "wrong")
    assert sign_in(Client(REMOTE_ADDR="10.1.1.1"), "coordinator@school.test").status_code == 302


def test_guessing_from_one_address_is_still_limited_by_allauth(world, settings):
    settings.AXES_ENABLED = False
    client = Client(REMOTE_ADDR="10.6.6.6")
    answers = [sign_in(client, "coordinator@school.test", "wrong") for _ in range(6)]
    assert "too many" in answers[-1].content.decode().lower() or "te veel" in (
        answers[-1].content.decode().lower()
    )


# --- 3. "mail me a sign-in link" -------------------------------------------------------------


def request_link(client, email):
    return client.post(reverse("signin_link_request"), {"email": email})


def test_the_link_is_mailed_by_the_task_worker_not_during_the_request(world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    known = request_link(Client(), "ouder@thuis.test")
    unknown = request_link(Client(), "nobody@nowhere.test")
    assert known.status_code == unknown.status_code == 200
    assert mail.outbox == []  # nothing was sent, or even looked up, inside the request
    queued = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [(t.task_path, t.queue_name) for t in queued] == [
        ("stageplein.accounts.tasks.send_signin_link", "email")
    ] * 2


def test_mail_server_down_gives_the_same_answer_for_every_address(world, settings):
    settings.MAILERS = {"default": {"BACKEND": "stageplein.accounts.tests.broken_mail.Backend"}}
    client = Client(raise_request_exception=True)
    assert request_link(client, "ouder@thuis.test").status_code == 200
    assert request_link(client, "nobody@nowhere.test").status_code == 200


def test_password_reset_with_the_mail_server_down_is_no_error(world, settings):
    settings.MAILERS = {"default": {"BACKEND": "stageplein.accounts.tests.broken_mail.Backend"}}
    client = Client(raise_request_exception=True)
    for email in ("coordinator@school.test", "nobody@nowhere.test"):
        response = client.post(reverse("account_reset_password"), {"email": email})
        assert response.status_code == 302


def test_allauth_mails_are_sent_by_the_worker_too(world):
    Client().post(reverse("account_reset_password"), {"email": "coordinator@school.test"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["coordinator@school.test"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_one_client_cannot_ask_for_links_without_end(world):
    client = Client(REMOTE_ADDR="10.6.6.6")
    answers = [request_link(client, f"x{n}@nowhere.test").status_code for n in range(12)]
    assert answers[:10] == [200] * 10
    assert answers[10:] == [429, 429]


def test_links_for_one_address_are_limited_the_same_whether_it_is_known_or_not(world):
    def answers(email):
        return [
            request_link(Client(REMOTE_ADDR=f"10.0.0.{n}"), email).status_code for n in range(5)
        ]

    assert answers("ouder@thuis.test") == answers("nobody@nowhere.test") == [200] * 3 + [429] * 2
