"""Planned sessions of an internship and the personal calendar feed."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User, new_feed_token
from stageplein.internships.models import (
    Internship,
    PlannedSession,
)
from stageplein.internships.services.common import InternshipError


def session_plan(
    *,
    internship: Internship,
    by: User,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    place: str = "",
    note: str = "",
) -> PlannedSession:
    if end_time <= start_time:
        raise InternshipError(_("The session must end after it starts."))
    if internship.status in (Internship.Status.CANCELLED, Internship.Status.COMPLETED):
        raise InternshipError(_("This internship is closed."))
    return PlannedSession.objects.create(
        internship=internship,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place or (internship.location.address if internship.location else ""),
        note=note,
        created_by=by,
    )


def session_cancel(*, session: PlannedSession, by: User) -> None:
    session.delete()


def feed_token_rotate(*, user: User) -> str:
    user.feed_token = new_feed_token()
    user.save(update_fields=["feed_token"])
    return user.feed_token
