import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext

from stageplein.accounts.access import may_sign_in_by_link
from stageplein.accounts.links import issue_link, recent_links
from stageplein.accounts.models import User
from stageplein.core.links import absolute_reverse

SIGN_IN = "sign_in"
MAX_LINKS_PER_QUARTER_HOUR = 3


def signin_link_send(*, email: str) -> bool:
    """E-mail a one-time sign-in link if ``email`` belongs to an active account.

    The caller shows the same answer whether or not the address is known (no account
    enumeration); the return value is for tests and logging only.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.email or not may_sign_in_by_link(user):
        return False
    # A cap per account stops someone from flooding a parent's mailbox with links.
    if recent_links(user, SIGN_IN, datetime.timedelta(minutes=15)) >= MAX_LINKS_PER_QUARTER_HOUR:
        return False
    raw = issue_link(SIGN_IN, user=user, max_age=settings.SIGNIN_LINK_MAX_AGE)
    link = absolute_reverse("signin_link_use", raw)
    minutes = settings.SIGNIN_LINK_MAX_AGE // 60
    body = render_to_string("accounts/email/signin_link.txt", {"link": link, "minutes": minutes})
    send_mail(
        subject="Stageplein: " + str(_subject()),
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )
    return True


def _subject() -> str:

    return gettext("your sign-in link")
