"""Writes for reactions, one module per step: submission, the seat claim (seats), decisions,
messages; who is told (people); why one is refused (errors). The locking rules are written down
in docs/capacity.md.

The names are re-exported here for the many callers; new code imports from the submodule, and a
test that patches a function patches it in the submodule that looks it up."""

from stageplein.applications.refusals import (
    AlreadyReacted,
    EarlierReactionsFirst,
    IntakeCapReached,
    NoFreeSeat,
    NotAccepted,
    NotAvailable,
    NotForStudent,
    NotForYou,
    NotWaiting,
    PeriodFull,
    Refused,
    StudentAlreadyReacted,
    TooManyOpen,
)
from stageplein.applications.services.decisions import (
    application_approve,
    application_decline,
    application_flag,
    application_flag_resolve,
    application_release,
    application_withdraw,
    decline_waiting_for_closed_placement,
)
from stageplein.applications.services.messages import message_send
from stageplein.applications.services.people import (
    is_provider_member,
    provider_people_of,
    school_people_of,
)
from stageplein.applications.services.seats import (
    application_accept,
    check_reaction_order,
    earlier_waiting,
    seat_claim,
    week_bounds,
)
from stageplein.applications.services.submission import (
    application_submit,
    application_submit_by_school,
    application_submit_for_student,
    seats_held_or_asked,
)

__all__ = [
    "AlreadyReacted",
    "EarlierReactionsFirst",
    "IntakeCapReached",
    "NoFreeSeat",
    "NotAccepted",
    "NotAvailable",
    "NotForStudent",
    "NotForYou",
    "NotWaiting",
    "PeriodFull",
    "Refused",
    "StudentAlreadyReacted",
    "TooManyOpen",
    "application_accept",
    "application_approve",
    "application_decline",
    "application_flag",
    "application_flag_resolve",
    "application_release",
    "application_submit",
    "application_submit_by_school",
    "application_submit_for_student",
    "application_withdraw",
    "check_reaction_order",
    "decline_waiting_for_closed_placement",
    "earlier_waiting",
    "is_provider_member",
    "message_send",
    "provider_people_of",
    "school_people_of",
    "seat_claim",
    "seats_held_or_asked",
    "week_bounds",
]
