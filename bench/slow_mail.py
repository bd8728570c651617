import time

from django.core.mail.backends.locmem import EmailBackend

SMTP_DELAY = 1.0


class Backend(EmailBackend):
    """A mail server that takes a second per message."""

    def send_messages(self, messages):
        time.sleep(SMTP_DELAY * len(messages))
        return super().send_messages(messages)
