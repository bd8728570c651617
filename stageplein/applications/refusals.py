"""Why a reaction is refused: each rule has its own exception, shown to the person. Outside
the services package so that a stored refusal can be read back (matching/models.py) without
loading the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy


class Refused(ValidationError):
    """A business rule says no. Views show the message; nothing has changed."""

    default_message = gettext_lazy("This is not possible.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.default_message), code=type(self).__name__)


class PeriodFull(Refused):
    default_message = gettext_lazy("This period is full: every place has been taken.")


class IntakeCapReached(Refused):
    default_message = gettext_lazy(
        "This provider has taken in as many new students this week as it can."
    )


class EarlierReactionsFirst(Refused):
    default_message = gettext_lazy(
        "Earlier reactions go first: decide on the reactions that came in before this one."
    )


class NotWaiting(Refused):
    default_message = gettext_lazy("This reaction is no longer waiting for a decision.")


class NotAccepted(Refused):
    default_message = gettext_lazy("Only a reaction the provider has accepted can be approved.")


class TooManyOpen(Refused):
    pass


class AlreadyReacted(Refused):
    default_message = gettext_lazy("You have already reacted to this placement.")


class NotAvailable(Refused):
    default_message = gettext_lazy("This placement cannot be reacted to now.")


class NotForYou(Refused):
    default_message = gettext_lazy("This period does not fit your level or age.")


class NotForStudent(Refused):
    default_message = gettext_lazy("This period does not fit the student's level or age.")


class StudentAlreadyReacted(Refused):
    default_message = gettext_lazy("The student has already reacted to this placement.")


class NoFreeSeat(Refused):
    default_message = gettext_lazy(
        "Every place of this period is taken or asked for by students who reacted earlier."
    )
