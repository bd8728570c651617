"""IBAN: normalised and checked with the ISO 13616 mod-97 check (no registry is consulted)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def normalise_iban(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_iban(value: str) -> None:
    iban = normalise_iban(value)
    if not iban:
        return
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4]) if _SHAPE.fullmatch(iban) else ""
    if not digits or int(digits) % 97 != 1:
        raise ValidationError(
            _("This is not a valid IBAN: check the letters and digits."), code="iban"
        )


def format_iban(value: str) -> str:
    """In groups of four, as on a bank card: NL91 ABNA 0417 1643 00."""
    iban = normalise_iban(value)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
