import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stageplein.accounts.models import OneTimeLink

pytestmark = pytest.mark.django_db


def request_link(client, email):
    return client.post(reverse("signin_link_request"), {"email": email})


def link_path(message) -> str:
    found = re.search(r"https?://[^/\s]+(/inloggen/link/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_known_address_receives_a_one_time_link_that_signs_in(client, world):
    response = request_link(client, "contact@delinde.test")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact@delinde.test"]
    path = link_path(mail.outbox[0])

    confirm = client.get(path)  # a mail scanner opening the link must not use it up
    assert confirm.status_code == 200
    assert "contact@delinde.test" in confirm.content.decode()

    response = client.post(path)
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == world.users["provider_contact"]


def test_link_works_only_once(client, world):
    request_link(client, "ouder@thuis.test")
    path = link_path(mail.outbox[0])
    assert client.post(path).status_code == 302
    client.logout()
    again = client.post(path)
    assert again.status_code == 410
    assert not again.wsgi_request.user.is_authenticated


def test_expired_link_gives_a_clear_message_and_no_sign_in(client, world):
    request_link(client, "ouder@thuis.test")
    path = link_path(mail.outbox[0])
    OneTimeLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(path)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode() or "expired" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_unknown_address_gets_the_same_answer_and_no_mail(client, world):
    def page(email):
        html = request_link(client, email).content.decode().replace(email, "X")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert page("ouder@thuis.test") == page("nobody@nowhere.test")
    assert len(mail.outbox) == 1


def test_links_per_account_are_capped_to_protect_the_mailbox(client, world):
    for _ in range(5):
        request_link(client, "ouder@thuis.test")
    assert len(mail.outbox) == 3


def test_only_a_hash_of_the_secret_is_stored(client, world):
    request_link(client, "ouder@thuis.test")
    secret = link_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert not OneTimeLink.objects.filter(token_hash__contains=secret).exists()


@pytest.mark.parametrize("role", ["admin", "coordinator", "broker", "municipality", "national"])
def test_staff_get_no_link_and_the_same_answer(client, world, role):
    def page(email):
        html = request_link(client, email).content.decode().replace(email, "X")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert page(world.users[role].email) == page("nobody@nowhere.test")
    assert len(mail.outbox) == 0


def test_an_account_with_a_second_step_gets_no_link(client, world):
    from allauth.mfa.models import Authenticator

    parent = world.users["parent"]
    Authenticator.objects.create(user=parent, type=Authenticator.Type.TOTP, data={})
    request_link(client, parent.email)
    assert len(mail.outbox) == 0


def test_a_link_sent_before_someone_became_staff_no_longer_signs_in(client, world):
    from stageplein.accounts.models import Membership, Role

    request_link(client, "contact@delinde.test")
    path = link_path(mail.outbox[0])
    contact = world.users["provider_contact"]
    Membership.objects.create(user=contact, role=Role.COORDINATOR, school=world.school)
    response = client.post(path)
    assert response.status_code == 410
    assert not response.wsgi_request.user.is_authenticated
