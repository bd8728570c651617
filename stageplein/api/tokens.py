"""Personal access tokens: made, shown once, kept as a SHA-256 digest, found by it."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "spat_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest_of(raw: str) -> str:
    # A random 256-bit key needs no slow hash: SHA-256 cannot be reversed, and a lookup by
    # digest is one index probe.
    return hashlib.sha256(raw.encode()).hexdigest()
