"""Follow-ups of students' changes that belong to the apps above it (docs/architecture.md).
Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# Sent by consent_withdraw with ``student``, ``purpose`` and ``by`` once a consent is withdrawn:
# internships removes the logbook photos when the photo consent goes (internships/receivers.py).
consent_withdrawn = Signal()
