"""Follow-ups of internships that belong to the apps above it (docs/architecture.md): they
listen here instead of internships importing them. Receivers run inside the sender's
transaction, so a follow-up that fails undoes the change that caused it."""

from django.dispatch import Signal

# Sent by internship_close once the internship is cancelled, with ``internship``, ``by`` and
# ``reason``: the approved reaction it came from is withdrawn, so its seat is free again
# (applications/receivers.py).
internship_cancelled = Signal()
