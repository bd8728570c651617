"""PDF documents (WeasyPrint), QR codes and the iCal feed: output formats, no business rules."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation

from stageplein.accounts.models import User
from stageplein.core.links import absolute_reverse

# Re-exported: the contract, hours and certificate views print through these.
from stageplein.core.pdf import qr_data_uri, render_pdf
from stageplein.internships.models import Certificate, Contract, Party, PlannedSession
from stageplein.internships.services.defaults import default_rules_of_conduct, guidance_summary

__all__ = [
    "calendar_feed",
    "certificate_pdf",
    "contract_context",
    "contract_pdf",
    "qr_data_uri",
    "render_pdf",
]


def _in_reader_language(stored: str, build) -> str:
    """A contract is a snapshot written in the platform's language. When the stored text is
    what the platform itself wrote (the default rules of conduct, the guidance from the
    internship's agreements), the reader sees the same text in their own language; a school's
    own words stay as the school wrote them."""
    with translation.override(settings.LANGUAGE_CODE):
        platform_wrote = stored.strip() == str(build()).strip()
    return str(build()) if platform_wrote else stored


def contract_context(contract: Contract) -> dict:
    signatures = {s.party: s for s in contract.signatures.all()}
    rules = _in_reader_language(contract.rules_of_conduct, default_rules_of_conduct)
    guidance = contract.guidance
    if contract.is_current:
        guidance = _in_reader_language(
            contract.guidance, lambda: guidance_summary(contract.internship)
        )
    return {
        "contract": contract,
        "guidance": guidance,
        "rules": [r for r in rules.splitlines() if r.strip()],
        "parties": [(p, Party(p).label, signatures.get(p)) for p in contract.required_parties],
    }


def contract_pdf(request: HttpRequest | None, contract: Contract) -> bytes:
    return render_pdf(
        request,
        "internships/pdf/contract.html",
        {"internship": contract.internship, **contract_context(contract)},
    )


def certificate_pdf(request: HttpRequest | None, certificate: Certificate) -> bytes:
    url = absolute_reverse("certificate_verify", certificate.code)
    return render_pdf(
        request,
        "internships/pdf/certificate.html",
        {"certificate": certificate, "verify_url": url, "qr": qr_data_uri(url)},
    )


def calendar_feed(user: User, sessions: list[PlannedSession]) -> bytes:
    """The person's planned sessions as iCal (R-INT-2). A mentor's or supervisor's events name
    the student by first name; the student's own need no name."""
    # icalendar is only needed for the calendar feed.
    from icalendar import Calendar, Event

    tz = timezone.get_current_timezone()
    cal = Calendar()
    cal.add("prodid", "-//Stageplein//maatschappelijke stage//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{settings.SITE_NAME}: {user.get_full_name() or user.email}")
    stamp = timezone.now()
    for session in sessions:
        internship = session.internship
        event = Event()
        event.add("uid", f"session-{session.pk}@stageplein")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.datetime.combine(session.date, session.start_time, tz))
        event.add("dtend", datetime.datetime.combine(session.date, session.end_time, tz))
        summary = internship.title
        if internship.student.user_id != user.pk:
            summary = f"{internship.student.user.first_name}: {summary}"
        event.add("summary", summary)
        event.add("location", session.place or internship.provider.name)
        if session.note:
            event.add("description", session.note)
        event.add("url", absolute_reverse("internship_detail", internship.pk))
        cal.add_component(event)
    return cal.to_ical()
