"""E-mail of the sign-in pages, sent by the task worker (never inside the request): the page
answers at once and the same for every address, and a mail server that is down does not turn
it into an error."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from stageplein.accounts.access import may_sign_in_by_link
from stageplein.accounts.links import SIGN_IN, issue_link, recent_links
from stageplein.accounts.models import User
from stageplein.core.links import absolute_reverse

MAX_LINKS_PER_QUARTER_HOUR = 3


@task(queue_name="email")
def send_rendered_email(*, subject: str, body: str, html: str, to: list[str]) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@task(queue_name="email")
def send_signin_link(*, email: str, language: str) -> bool:
    """Mail a one-time sign-in link if ``email`` belongs to an account that may use one (the
    return value is for tests and the task admin only)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.email or not may_sign_in_by_link(user):
        return False
    # A cap per account stops someone from flooding a parent's mailbox with links.
    if recent_links(user, SIGN_IN, datetime.timedelta(minutes=15)) >= MAX_LINKS_PER_QUARTER_HOUR:
        return False
    raw = issue_link(SIGN_IN, user=user, max_age=settings.SIGNIN_LINK_MAX_AGE)
    link = absolute_reverse("signin_link_use", raw)
    minutes = settings.SIGNIN_LINK_MAX_AGE // 60
    with translation.override(language):
        body = render_to_string(
            "accounts/email/signin_link.txt", {"link": link, "minutes": minutes}
        )
        subject = "Stageplein: " + gettext("your sign-in link")
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    return True
