"""The OpenID Connect protocol a little stricter than allauth's defaults (docs/signin.md).

- An identity provider is reached over **https** only: its ``server_url`` (the issuer, where
  discovery is read) and the endpoints discovery names. ``SCHOOL_SIGN_ON_ALLOW_HTTP`` (on only
  with DEBUG, so in development and the tests' loopback provider) allows plain http.
  An app that breaks the rule is refused in the admin and ignored at sign-in.
- The ID token's **signature** is checked against the provider's JWKS even though the token came
  straight from the token endpoint (allauth skips that check then, as OIDC Core 3.1.3.7 allows):
  a school's provider is configured by hand, and a wrong token endpoint or a TLS-intercepting
  proxy must not be able to hand us claims that the issuer never signed.

allauth's openid_connect views build their adapter themselves, so ``login`` and ``callback``
here are the same views with this adapter; signin/urls.py puts them in front of allauth's under
the same paths and names.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PROVIDER = "openid_connect"
# Discovery's addresses the browser or we are sent to.
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")


def insecure_url(url: object) -> bool:
    """True unless ``url`` is https (or http while SCHOOL_SIGN_ON_ALLOW_HTTP), with a host."""
    parts = urlsplit(str(url or ""))
    schemes = ("https", "http") if settings.SCHOOL_SIGN_ON_ALLOW_HTTP else ("https",)
    return parts.scheme not in schemes or not parts.netloc


def server_url_problem(app: SocialApp) -> str:
    """Why ``app`` may not be used as a school's identity provider ("" if it may)."""
    if app.provider != PROVIDER:
        return ""
    server_url = (app.settings or {}).get("server_url") if isinstance(app.settings, dict) else None
    if not server_url:
        return _('The settings must name the identity provider: {"server_url": "https://…"}.')
    if insecure_url(server_url):
        return _(
            "The identity provider's server_url must start with https:// (the ID token and "
            "the client secret travel over it)."
        )
    return ""


class SchoolOIDCAdapter(OpenIDConnectOAuth2Adapter):
    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            app = self.get_provider().app
            if server_url_problem(app):
                # list_apps already hides such an app; this guards the protocol itself.
                raise OAuth2Error(f"insecure server_url for {app.provider_id}")
            config = super().openid_config
            insecure = [key for key in ENDPOINTS if key in config and insecure_url(config[key])]
            if insecure:
                raise OAuth2Error(f"insecure endpoints in discovery: {insecure}")
        return super().openid_config

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        # As allauth's, with the signature always checked (the key found by the token's kid
        # in the provider's JWKS, the algorithm that key is for).
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(SchoolOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(SchoolOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
