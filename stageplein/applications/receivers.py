"""What reactions do when something below them changes (docs/architecture.md): the lower app
sends a named signal, this module answers it in the same transaction. Connected in
ApplicationsConfig.ready."""

from django.dispatch import receiver

from stageplein.accounts.models import User
from stageplein.applications.services.decisions import (
    application_release,
    decline_waiting_for_closed_placement,
)
from stageplein.internships.models import Internship
from stageplein.internships.signals import internship_cancelled
from stageplein.placements.models import Placement
from stageplein.placements.signals import placement_closed


@receiver(placement_closed, dispatch_uid="applications.decline_waiting_for_closed_placement")
def decline_waiting_reactions(
    sender: type, *, placement: Placement, by: User | None, **kwargs: object
) -> None:
    """A closed placement takes no new students: its waiting reactions are declined and the
    students told (accepted matches keep their seats)."""
    decline_waiting_for_closed_placement(placement=placement, by=by)


@receiver(internship_cancelled, dispatch_uid="applications.release_seat_of_cancelled_internship")
def release_seat(
    sender: type, *, internship: Internship, by: User | None, reason: str, **kwargs: object
) -> None:
    """A cancelled internship gives its seat back: the approved reaction it came from is
    withdrawn by the school, with the reason, and the student and provider are told."""
    application_release(internship=internship, by=by, reason=reason)
