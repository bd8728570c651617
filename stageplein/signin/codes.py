"""Short codes that people type from paper or a classroom screen, and their stored form."""

import secrets

from django.utils.crypto import salted_hmac

# No 0/O, 1/I/L: a code copied from paper by a 13-year-old must not be ambiguous.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CARD_LENGTH = 12  # ~59 bits: unguessable at any rate the limits allow
CLASS_LENGTH = 8  # ~40 bits, open for an hour at most, behind a rate limit


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(raw: str) -> str:
    """What was typed, without spaces, dashes or case; O and I typed for 0 and 1 do not occur."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:40]


def code_hash(raw: str) -> str:
    """A keyed hash: the short codes cannot be tried offline against a leaked table."""
    return salted_hmac("stageplein.signin.code", normalise(raw), algorithm="sha256").hexdigest()


def grouped(code: str) -> str:
    """ABCD-EFGH-JKMN: easier to read aloud and to copy."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
