"""What every part of the internship services shares: the error shown to the person, the
one-time link purposes and the mail that carries such a link."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from stageplein.accounts.models import User
from stageplein.core.links import absolute_url
from stageplein.students.models import Student

log = logging.getLogger(__name__)

# One-time link purposes (stageplein.accounts.links): parents and providers sign, supervisors
# verify hours, without an account or a password.
CONTRACT_SIGN = "contract_sign"
HOURS_VERIFY = "hours_verify"
LINK_MAX_AGE = datetime.timedelta(days=30)


class InternshipError(Exception):
    """A rule of the internship stops this action; the message is shown to the person."""


def mail_link(
    user: User, *, subject: str, template: str, path: str, context: dict | None = None
) -> None:
    """E-mail a one-time link. The secret exists only in this mail (never in a stored
    notification or task argument), so it is sent right after the transaction commits."""
    if not user.email:
        return
    link = absolute_url(path)
    days = LINK_MAX_AGE.days

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(template, {**(context or {}), "link": link, "days": days})
            try:
                send_mail(
                    subject=f"Stageplein: {subject}",
                    message=body,
                    from_email=None,
                    recipient_list=[user.email],  # type: ignore[list-item]
                )
            except Exception:
                # The link can be sent again from the platform; a mail failure must not undo
                # the signature or entry that has been committed.
                log.exception("could not send a one-time link")

    transaction.on_commit(send)


def in_site_language(message) -> str:
    """Notification titles travel by e-mail in the platform's language; they never carry a
    minor's personal details (a title and a link only)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def guardians_of(student: Student) -> list[User]:
    return [g.guardian for g in student.guardianships.select_related("guardian")]
