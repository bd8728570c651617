"""Signatures as the Standard Webhooks specification writes them (standardwebhooks.com).

Every delivery carries ``webhook-id`` (the event's id), ``webhook-timestamp`` (seconds since
1970) and ``webhook-signature`` (``v1,`` + base64 of HMAC-SHA256 over ``id.timestamp.body``,
keyed with the base64-decoded secret after its ``whsec_`` prefix). Receivers can check it with
any Standard Webhooks library, or with ``verify`` below (used by the tests' receiver).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
# How far a receiver should let a timestamp be from its own clock (the spec's advice).
TOLERANCE_SECONDS = 5 * 60


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
    }


def verify(secret: str, headers: dict[str, str], body: bytes, now: int) -> bool:
    """True when one of the signatures in ``webhook-signature`` (space separated) matches and
    the timestamp is within the tolerance: what a receiver does."""
    lower = {k.lower(): v for k, v in headers.items()}
    try:
        msg_id = lower["webhook-id"]
        timestamp = int(lower["webhook-timestamp"])
        given = lower["webhook-signature"].split(" ")
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = sign(secret, msg_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in given)
