from django.utils import translation

from stageplein.accounts.links import SIGN_IN
from stageplein.accounts.tasks import MAX_LINKS_PER_QUARTER_HOUR, send_signin_link

__all__ = ["MAX_LINKS_PER_QUARTER_HOUR", "SIGN_IN", "signin_link_send"]


def signin_link_send(*, email: str) -> None:
    """Queue a one-time sign-in link for ``email``. Whether the address is known is decided by
    the task worker, so the caller cannot tell from the answer or its duration."""
    send_signin_link.enqueue(email=email.strip()[:254], language=translation.get_language() or "nl")
