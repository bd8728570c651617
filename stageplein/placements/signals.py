"""Follow-ups of the vacancy bank that belong to the apps above it (docs/architecture.md): they
listen here instead of placements importing them. Receivers run inside the sender's
transaction, so a follow-up that fails undoes the change that caused it."""

from django.dispatch import Signal

# Sent by placement_close once the placement is closed, with ``placement`` and ``by``: the
# reactions still waiting for the provider are declined (applications/receivers.py).
placement_closed = Signal()
