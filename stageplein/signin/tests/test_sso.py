"""School single sign-on against a real OpenID Connect provider (tests/oidc_provider, a second
process on loopback): discovery, the code flow with PKCE, the ID token's issuer and expiry, and
who is let in (docs/signin.md). Nothing of allauth is replaced."""

from __future__ import annotations

import itertools
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from auditlog.models import LogEntry
from django.contrib import admin as django_admin
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from stageplein.accounts.models import User
from stageplein.signin.admin import IdentityProviderAdmin, IdentityProviderForm
from stageplein.signin.models import SchoolSignOn
from stageplein.signin.oidc import SchoolOIDCAdapter, server_url_problem
from tests.support.oidc import (
    OidcProvider,
    configure_school,
    sign_in_at_provider,
)
from tests.support.people import make_student

pytestmark = pytest.mark.django_db

ROOT = "http://testserver"
_ids = itertools.count()


def new_id(name: str) -> str:
    # The provider process lives for the whole session; each test registers its own clients.
    return f"{name}-{next(_ids)}"


def person(provider: OidcProvider, **claims: object) -> str:
    username = new_id("p")
    provider.add_person(username, "school-pw", {"sub": f"pseudo-{username}", **claims})
    return username


def signed_in_user(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def school_and_classmate(
    provider: OidcProvider, world, *, behaviour: str = "", **claims: object
) -> tuple[str, str]:
    """Registers the world's school at the provider (a fresh client id) and its classmate as a
    student of it there: returns (provider id, the classmate's username at the provider)."""
    provider_id = new_id(behaviour or "school")
    configure_school(
        provider, [world.school], provider_id=provider_id, callback_root=ROOT, behaviour=behaviour
    )
    base = {
        "brin": world.school.brin,
        "eduperson_affiliation": ["student"],
        "student_number": world.classmate.student_number,
    }
    return provider_id, person(provider, **{**base, **claims})


def test_a_students_first_sign_in_links_them_by_school_and_student_number(world, oidc_provider):
    provider_id, username = school_and_classmate(oidc_provider, world, name="Someone Else Entirely")
    noor = world.classmate
    client = Client()
    authorize, done = sign_in_at_provider(client, provider_id, username, "school-pw")

    # Discovery told allauth where to send the browser; PKCE (S256), state and the code flow.
    sent = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{oidc_provider.issuer}/authorize/")
    assert sent["response_type"] == ["code"]
    assert sent["code_challenge_method"] == ["S256"] and sent["code_challenge"][0]
    assert sent["state"][0] and "openid" in sent["scope"][0].split()
    assert done.status_code == 302, done.content[:300]
    assert signed_in_user(client) == noor.user_id
    account = SocialAccount.objects.get(user=noor.user)
    assert account.provider == provider_id and account.uid == f"pseudo-{username}"

    # The next time the link itself signs in (the number claim no longer matters).
    again = Client()
    _, done = sign_in_at_provider(again, provider_id, username, "school-pw")
    assert done.status_code == 302 and signed_in_user(again) == noor.user_id
    assert SocialAccount.objects.filter(user=noor.user).count() == 1


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        # The name matches a student, the number does not: never linked by name.
        ({"student_number": "999999", "given_name": "Sam", "family_name": "de Vries"}, "unknown"),
        ({"student_number": ""}, "unknown"),
        ({"eduperson_affiliation": ["affiliate"]}, "role"),
        ({"eduperson_affiliation": ["student", "employee"]}, "role"),
        ({"brin": "99ZZ"}, "school"),
    ],
)
def test_an_unknown_person_role_or_school_gets_a_clear_page_and_nothing_is_made(
    world, oidc_provider, claims, reason
):
    provider_id = new_id("school")
    configure_school(oidc_provider, [world.school], provider_id=provider_id, callback_root=ROOT)
    base = {
        "brin": world.school.brin,
        "eduperson_affiliation": ["student"],
        "student_number": world.classmate.student_number,
    }
    username = person(oidc_provider, **{**base, **claims})
    users = User.objects.count()
    client = Client()
    _, done = sign_in_at_provider(client, provider_id, username, "school-pw")
    assert done.status_code == 403
    text = done.content.decode()
    assert "No account was made" in text or "Er is geen account" in text
    assert signed_in_user(client) is None
    assert User.objects.count() == users
    assert not SocialAccount.objects.exists()


def test_a_staff_e_mail_claim_never_signs_anyone_in(world, oidc_provider):
    """Account takeover: a school's provider can say any address. A mentor's account is not
    linked on that word, whether the claim says staff or student."""
    provider_id = new_id("school")
    configure_school(
        oidc_provider,
        [world.school],
        provider_id=provider_id,
        callback_root=ROOT,
        match_students_by=SchoolSignOn.MatchStudentsBy.EMAIL,
    )
    mentor = world.users["mentor"]
    for role in ("employee", "student"):
        username = person(
            oidc_provider,
            brin=world.school.brin,
            eduperson_affiliation=[role],
            email=mentor.email,
            email_verified=True,
        )
        client = Client()
        _, done = sign_in_at_provider(client, provider_id, username, "school-pw")
        assert done.status_code == 403
        assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


def test_a_student_is_linked_by_verified_e_mail_only_if_the_school_chose_so(world, oidc_provider):
    provider_id = new_id("school")
    configure_school(
        oidc_provider,
        [world.school],
        provider_id=provider_id,
        callback_root=ROOT,
        match_students_by=SchoolSignOn.MatchStudentsBy.EMAIL,
    )
    noor = world.classmate
    claims = {
        "brin": world.school.brin,
        "eduperson_affiliation": "student",
        "email": noor.user.email,
    }
    unverified = person(oidc_provider, **claims, email_verified=False)
    client = Client()
    _, done = sign_in_at_provider(client, provider_id, unverified, "school-pw")
    assert done.status_code == 403 and signed_in_user(client) is None

    verified = person(oidc_provider, **claims, email_verified=True)
    _, done = sign_in_at_provider(client, provider_id, verified, "school-pw")
    assert done.status_code == 302 and signed_in_user(client) == noor.user_id


def test_a_federation_tells_schools_apart_by_brin(world, oidc_provider):
    provider_id = new_id("federation")
    configure_school(
        oidc_provider,
        [world.school, world.other_school],
        provider_id=provider_id,
        callback_root=ROOT,
        name="Entree (test)",
    )
    other = make_student(world.other_school, "9002", first_name="Iris")
    other.student_number = world.classmate.student_number
    other.save()
    username = person(
        oidc_provider,
        brin=world.other_school.brin,
        eduperson_affiliation="student@other.example",
        student_number=world.classmate.student_number,  # the same number at the other school
    )
    client = Client()
    _, done = sign_in_at_provider(client, provider_id, username, "school-pw")
    assert done.status_code == 302 and signed_in_user(client) == other.user_id

    # Without a BRIN a federation's sign-in cannot say which school: refused.
    anonymous = person(oidc_provider, eduperson_affiliation="student", student_number="1")
    client = Client()
    _, done = sign_in_at_provider(client, provider_id, anonymous, "school-pw")
    assert done.status_code == 403 and signed_in_user(client) is None


def test_staff_link_their_own_account_then_sign_in_and_still_give_their_second_factor(
    world, oidc_provider
):
    provider_id = new_id("school")
    configure_school(oidc_provider, [world.school], provider_id=provider_id, callback_root=ROOT)
    mentor = world.users["mentor"]
    Authenticator.objects.create(user=mentor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    username = person(oidc_provider, brin=world.school.brin, eduperson_affiliation=["employee"])

    linking = Client()
    linking.force_login(mentor)
    _, done = sign_in_at_provider(linking, provider_id, username, "school-pw", process="connect")
    assert done.status_code == 302, done.content[:300]
    assert SocialAccount.objects.get(provider=provider_id).user == mentor

    client = Client()
    _, done = sign_in_at_provider(client, provider_id, username, "school-pw")
    # allauth's second-factor step, not yet signed in.
    assert done.status_code == 302 and done["Location"] == reverse("mfa_authenticate")
    assert signed_in_user(client) is None


def test_a_coordinator_cannot_link_a_students_school_account(world, oidc_provider):
    provider_id = new_id("school")
    configure_school(oidc_provider, [world.school], provider_id=provider_id, callback_root=ROOT)
    username = person(
        oidc_provider,
        brin=world.school.brin,
        eduperson_affiliation="student",
        student_number=world.classmate.student_number,
    )
    linking = Client()
    linking.force_login(world.users["coordinator"])
    _, done = sign_in_at_provider(linking, provider_id, username, "school-pw", process="connect")
    assert done.status_code == 403
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("behaviour", ["wrong_issuer", "expired"])
def test_an_id_token_with_a_wrong_issuer_or_expired_is_refused(world, oidc_provider, behaviour):
    provider_id, username = school_and_classmate(oidc_provider, world, behaviour=behaviour)
    client = Client()
    _, done = sign_in_at_provider(client, provider_id, username, "school-pw")
    assert done.status_code != 302
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


def test_the_sign_in_page_offers_the_schools_that_sign_in_this_way(world, oidc_provider):
    client = Client()
    before = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert f"Inloggen met {world.school.name}" not in before
    configure_school(
        oidc_provider, [world.school], provider_id=new_id("school"), callback_root=ROOT
    )
    answer = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert f"Inloggen met {world.school.name}" in answer.content.decode()
    # The form posts to us and we redirect to the provider: the CSP must allow that target.
    assert f"form-action 'self' {oidc_provider.url}" in answer["Content-Security-Policy"]


# --- https only, audit entries, the ID token's signature (docs/signin.md) ---


def http_app(provider_id: str) -> SocialApp:
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id=provider_id,
        name="Plain http school",
        client_id=provider_id,
        secret="s",
        settings={"server_url": "http://idp.school.example/oidc"},
    )


def test_the_admin_refuses_an_identity_provider_without_https(world, settings):
    settings.SCHOOL_SIGN_ON_ALLOW_HTTP = False
    data = {
        "provider": "openid_connect",
        "provider_id": "plain",
        "name": "Plain",
        "client_id": "c",
        "secret": "s",
        "key": "",
        "settings": '{"server_url": "http://idp.school.example/oidc"}',
    }
    with translation.override("en"):
        form = IdentityProviderForm(data=data)
        assert not form.is_valid()
        assert "must start with https://" in str(form.errors["settings"])
    with translation.override("nl"):
        form = IdentityProviderForm(data=data)
        assert not form.is_valid()
        assert "moet met https:// beginnen" in str(form.errors["settings"])
    form = IdentityProviderForm(data={**data, "settings": "{}"})
    assert not form.is_valid() and "server_url" in str(form.errors["settings"])
    secure = '{"server_url": "https://idp.school.example/oidc"}'
    form = IdentityProviderForm(data={**data, "settings": secure})
    assert form.is_valid(), form.errors
    # Other kinds of app are none of this rule's business.
    assert server_url_problem(SocialApp(provider="google", settings={})) == ""

    link = SchoolSignOn(school=world.school, app=http_app("plain-http"))
    with pytest.raises(ValidationError) as refused:
        link.full_clean()
    assert "https://" in str(refused.value.message_dict["app"])
    # The admin registered for SocialApp is the checking one.
    assert isinstance(django_admin.site._registry[SocialApp], IdentityProviderAdmin)


def test_the_admin_allows_http_when_the_setting_does(world, settings):
    settings.SCHOOL_SIGN_ON_ALLOW_HTTP = True
    SchoolSignOn(school=world.school, app=http_app("dev-http")).full_clean()


def test_a_provider_without_https_is_ignored_at_sign_in(world, settings):
    settings.SCHOOL_SIGN_ON_ALLOW_HTTP = False
    app = http_app("saved-before")
    SchoolSignOn.objects.create(school=world.school, app=app)  # saved past the admin
    client = Client()
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert f"Inloggen met {world.school.name}" not in page.content.decode()
    assert "idp.school.example" not in page["Content-Security-Policy"]
    assert client.post(reverse("openid_connect_login", args=["saved-before"])).status_code == 404
    callback = reverse("openid_connect_callback", args=["saved-before"])
    assert client.get(f"{callback}?code=x&state=y").status_code == 404

    # Control: the same app once http is allowed (development) is offered.
    settings.SCHOOL_SIGN_ON_ALLOW_HTTP = True
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert f"Inloggen met {world.school.name}" in page.content.decode()


def school_account_entries(user: User) -> list[LogEntry]:
    entries = LogEntry.objects.get_for_object(user).order_by("timestamp")
    return [e for e in entries if "school_account" in (e.changes or {})]


def test_linking_a_students_school_account_leaves_an_audit_entry(world, oidc_provider):
    # The role claim as one string, not a list: providers send either.
    provider_id, username = school_and_classmate(
        oidc_provider, world, eduperson_affiliation="student"
    )
    noor = world.classmate
    _, done = sign_in_at_provider(Client(), provider_id, username, "school-pw")
    assert done.status_code == 302
    [entry] = school_account_entries(noor.user)
    assert entry.changes["school_account"] == ["", "linked"]
    assert entry.actor == noor.user  # the first sign-in: nobody else was signed in
    assert entry.additional_data == {"provider": provider_id, "subject": f"pseudo-{username}"}

    # Signing in again through the link is no new link.
    sign_in_at_provider(Client(), provider_id, username, "school-pw")
    assert len(school_account_entries(noor.user)) == 1


def test_staff_linking_and_unlinking_their_school_account_leave_audit_entries(world, oidc_provider):
    provider_id = new_id("school")
    configure_school(oidc_provider, [world.school], provider_id=provider_id, callback_root=ROOT)
    mentor = world.users["mentor"]
    username = person(oidc_provider, brin=world.school.brin, eduperson_affiliation=["employee"])
    client = Client()
    client.force_login(mentor)
    _, done = sign_in_at_provider(client, provider_id, username, "school-pw", process="connect")
    assert done.status_code == 302
    account = SocialAccount.objects.get(user=mentor, provider=provider_id)

    # allauth asks to confirm who one is before unlinking: as if just signed in with a password.
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": mentor.email}
    ]
    session.save()
    answer = client.post("/accounts/3rdparty/", {"account": account.pk})
    assert answer.status_code == 302, answer.content[:300]
    assert not SocialAccount.objects.filter(pk=account.pk).exists()

    linked, unlinked = school_account_entries(mentor)
    assert linked.changes["school_account"] == ["", "linked"] and linked.actor == mentor
    assert unlinked.changes["school_account"] == ["linked", "unlinked"]
    assert unlinked.actor == mentor
    assert unlinked.additional_data["provider"] == provider_id


def test_an_id_token_signed_with_another_key_is_refused(world, oidc_provider, monkeypatch):
    """The token comes from the token endpoint, where allauth would skip the signature; we
    check it against the provider's JWKS. The forged token names the provider's key (kid) and
    carries valid claims; only the signature is wrong."""
    provider_id, username = school_and_classmate(oidc_provider, world, behaviour="other_key")
    client = Client()
    _, done = sign_in_at_provider(client, provider_id, username, "school-pw")
    assert done.status_code != 302
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()

    # Negative control: allauth's own check (signature skipped after the token endpoint) takes
    # the very same forged token.
    monkeypatch.setattr(
        SchoolOIDCAdapter, "_decode_id_token", OpenIDConnectOAuth2Adapter._decode_id_token
    )
    _, done = sign_in_at_provider(client, provider_id, username, "school-pw")
    assert done.status_code == 302 and signed_in_user(client) == world.classmate.user_id


def test_discovery_naming_a_plain_http_endpoint_is_refused(world, settings, rf, monkeypatch):
    settings.SCHOOL_SIGN_ON_ALLOW_HTTP = False
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="https-idp",
        name="Https school",
        client_id="c",
        secret="s",
        settings={"server_url": "https://idp.school.example/oidc"},
    )
    discovered = {
        "issuer": "https://idp.school.example/oidc",
        "authorization_endpoint": "https://idp.school.example/authorize",
        "token_endpoint": "http://idp.school.example/token",  # the client secret, in clear
        "jwks_uri": "https://idp.school.example/jwks",
    }
    # What allauth read from the discovery document (no https provider runs in the tests).
    monkeypatch.setattr(
        OpenIDConnectOAuth2Adapter, "openid_config", property(lambda self: discovered)
    )
    with pytest.raises(OAuth2Error, match="token_endpoint"):
        _ = SchoolOIDCAdapter(rf.get("/"), "https-idp").openid_config
    discovered["token_endpoint"] = "https://idp.school.example/token"
    assert SchoolOIDCAdapter(rf.get("/"), "https-idp").openid_config == discovered
