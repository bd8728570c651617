"""Domain events that systems outside Stageplein may subscribe to (webhooks, docs/api.md).

The services that make these changes live in the lower layers and must not import the API
(docs/architecture.md), so they only announce what happened here; ``api/webhooks/receivers.py``
listens and records an event with its deliveries in the same transaction (an outbox): the
deliveries exist exactly when the change was committed, and are queued after the commit.
"""

from __future__ import annotations

from django.dispatch import Signal

HOURS_VERIFIED = "hours.verified"
INTERNSHIP_COMPLETED = "internship.completed"
CERTIFICATE_ISSUED = "certificate.issued"
PLACEMENT_PUBLISHED = "placement.published"
PLACEMENT_CLOSED = "placement.closed"
REACTION_DECIDED = "reaction.decided"

# Sent with ``kind`` (one of the names above) and ``pk`` (of the hour entry, internship,
# certificate, placement or reaction). Receivers run inside the sender's transaction.
domain_event = Signal()


def emit(kind: str, pk: int) -> None:
    domain_event.send(sender=kind, kind=kind, pk=pk)
