"""Follow-ups of students' changes that belong to the apps above it (docs/architecture.md).
Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# Sent by consent_withdraw with ``student``, ``purpose`` and ``by`` once a consent is withdrawn:
# internships removes the logbook photos when the photo consent goes (internships/receivers.py).
consent_withdrawn = Signal()

# Sent by privacy_request_file and privacy_request_handle with ``privacy_request``: the
# coordinators, and then the person who asked, are told (notifications/receivers.py).
privacy_request_filed = Signal()
privacy_request_handled = Signal()
