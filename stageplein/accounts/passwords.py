"""Password policy that knows the user's roles (issue 13, finding 9).

Staff (school, provider, broker, municipality, national, administrators) see many minors' data;
a short password such as "Stage2026" passes Django's default validators, so theirs must be longer.
allauth's password forms (change, reset) validate through AUTH_PASSWORD_VALIDATORS with the user.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

STAFF_MIN_LENGTH = 12


def is_staff_person(user) -> bool:
    if user is None or user.pk is None:
        return bool(user is not None and (user.is_staff or user.is_superuser))
    return user.is_staff or user.is_superuser or user.memberships.exists()


class StaffPasswordValidator:
    def __init__(self, min_length: int = STAFF_MIN_LENGTH) -> None:
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if is_staff_person(user) and len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "Staff passwords need at least %(min_length)d character.",
                    "Staff passwords need at least %(min_length)d characters.",
                    self.min_length,
                )
                % {"min_length": self.min_length},
                code="password_too_short_for_staff",
            )

    def get_help_text(self) -> str:
        return _("Staff passwords need at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }
