"""Development e-mail: the console backend, readable.

Django's console backend prints the raw MIME message, whose quoted-printable body breaks long
lines with soft line breaks ("=" at the end of a line), so a sign-in link copied from the
terminal does not work. This one prints the headers that matter and the decoded text body.
"""

from __future__ import annotations

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class ConsoleEmailBackend(DjangoConsoleBackend):
    def write_message(self, message) -> None:
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            "",
            str(message.body),
        ]
        for attachment in getattr(message, "attachments", []):
            name = getattr(attachment, "filename", None) or (
                attachment[0] if isinstance(attachment, tuple) else "attachment"
            )
            lines.append(f"[attachment: {name}]")
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
