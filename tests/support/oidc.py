"""Start the test-only OpenID Connect provider (tests/oidc_provider) as a second process and
configure a school to sign in through it. Used by signin's tests and the browser test."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialApp
from django.test import Client

from stageplein.organisations.models import School
from stageplein.signin.models import SchoolSignOn

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class OidcProvider:
    process: subprocess.Popen[str]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def add_client(
        self, client_id: str, secret: str, redirect_uris: list[str], behaviour: str = ""
    ) -> None:
        body = {
            "client_id": client_id,
            "client_secret": secret,
            "redirect_uris": redirect_uris,
            "behaviour": behaviour,
        }
        requests.post(f"{self.url}/_test/clients/", json.dumps(body), timeout=10).raise_for_status()

    def add_person(self, username: str, password: str, claims: dict[str, object]) -> None:
        body = {"username": username, "password": password, "claims": claims}
        requests.post(f"{self.url}/_test/people/", json.dumps(body), timeout=10).raise_for_status()


def start_provider() -> OidcProvider:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 120)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("READY "):
        process.kill()
        raise RuntimeError(f"the test OpenID Connect provider did not start: {line!r}")
    return OidcProvider(process=process, port=int(line.split()[1]))


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcProvider]:
    provider = start_provider()
    yield provider
    provider.process.terminate()
    provider.process.wait(timeout=10)


def configure_school(
    provider: OidcProvider,
    schools: list[School],
    *,
    provider_id: str,
    callback_root: str,
    behaviour: str = "",
    name: str = "",
    **link: object,
) -> SocialApp:
    """A SocialApp for the provider (registered there as a client) serving ``schools``."""
    secret = f"secret-{provider_id}"
    callback = f"{callback_root}/accounts/oidc/{provider_id}/login/callback/"
    provider.add_client(provider_id, secret, [callback], behaviour)
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=provider_id,
        name=name or schools[0].name,
        client_id=provider_id,
        secret=secret,
        # Everything we trust comes from the ID token (signin/sso.py).
        settings={"server_url": provider.issuer, "fetch_userinfo": False},
    )
    for school in schools:
        SchoolSignOn.objects.create(school=school, app=app, **link)
    return app


def sign_in_at_provider(
    client: Client, provider_id: str, username: str, password: str, process: str = "login"
) -> tuple[str, Any]:
    """Drive the whole code flow: Stageplein's start (test client) → the provider's login form
    and authorisation (a real HTTP session) → Stageplein's callback (test client). Returns the
    authorisation URL Stageplein sent the browser to, and the callback's response."""
    start = client.post(f"/accounts/oidc/{provider_id}/login/?process={process}")
    assert start.status_code == 302, start
    authorize = start["Location"]
    browser = requests.Session()
    answer = browser.get(authorize, allow_redirects=False, timeout=10)
    login_url = urljoin(authorize, answer.headers["Location"])
    browser.get(login_url, timeout=10).raise_for_status()
    answer = browser.post(
        login_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["idp_csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    answer = browser.get(urljoin(login_url, answer.headers["Location"]), allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    callback = urlsplit(answer.headers["Location"])
    return authorize, client.get(f"{callback.path}?{callback.query}")
