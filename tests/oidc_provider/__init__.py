"""A real OpenID Connect provider for the tests, run as a second process on loopback.

django-oauth-toolkit's OIDC provider (already a dependency for the API's OAuth2) in a tiny
Django project of its own: its own settings, an SQLite file, its own cookie names (cookies do
not tell ports apart, and the live server also runs on 127.0.0.1). It plays a school's identity
provider: a login form, discovery, JWKS, the authorisation-code flow with PKCE required, signed
ID tokens. The tests register clients and people through ``/_test/`` endpoints that exist only
here; a client can be told to misbehave (wrong issuer, expired ID token, signed with a key not
in its JWKS) so that Stageplein's refusals are tested against real tokens. Started by
``tests/support/oidc.py``.
"""
