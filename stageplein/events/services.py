"""Writes of events: create, sign up within the limit, sign off, attendance, reminders.

The limit is guarded by the event's row lock: a sign-up locks the event, counts the sign-ups
under the lock and only then adds one, so two people taking the last place at once never both
get it (tests/test_signup_concurrency.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stageplein.accounts.models import User
from stageplein.events.models import Event, Signup, SignupStatus
from stageplein.geo.models import Region
from stageplein.notifications.services import notify
from stageplein.organisations.models import Broker, Provider, School


class EventError(Exception):
    """A rule of events says no; the message is shown to the person."""


def lock_event(event_id: int) -> Event:
    """The limit's guard: SELECT … FOR UPDATE on the event row."""
    return Event.objects.select_for_update().get(pk=event_id)


def signed_up(event_id: int) -> int:
    return Signup.objects.filter(event_id=event_id, status=SignupStatus.SIGNED_UP).count()


def event_create(
    *,
    by: User,
    broker: Broker | None = None,
    school: School | None = None,
    kind: str,
    title: str,
    description: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    capacity: int | None,
    for_students: bool,
    for_providers: bool,
    for_staff: bool,
    schools: Iterable[School] = (),
) -> Event:
    if (broker is None) == (school is None):
        raise EventError(_("An event has one organiser: a broker or a school."))
    _check(
        starts_at=starts_at,
        ends_at=ends_at,
        for_students=for_students,
        for_providers=for_providers,
        for_staff=for_staff,
        school=school,
    )
    if starts_at < timezone.now():
        raise EventError(_("An event cannot start in the past."))
    region: Region = broker.region if broker is not None else school.region  # type: ignore[union-attr]
    with transaction.atomic():
        event = Event.objects.create(
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            region=region,
            broker=broker,
            school=school,
            capacity=capacity,
            for_students=for_students,
            for_providers=for_providers,
            for_staff=for_staff,
            created_by=by,
        )
        if broker is not None:
            event.schools.set([s for s in schools if s.region_id == region.pk])
    return event


def _check(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    for_students: bool,
    for_providers: bool,
    for_staff: bool,
    school: School | None,
) -> None:
    """The rules a new and a changed event meet alike."""
    if ends_at <= starts_at:
        raise EventError(_("The end must come after the start."))
    if not (for_students or for_providers or for_staff):
        raise EventError(_("Choose who the event is for."))
    if school is not None and for_providers:
        raise EventError(_("A school's event is for its own students and staff."))


def event_update(
    *,
    event: Event,
    by: User,
    kind: str,
    title: str,
    description: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    capacity: int | None,
    for_students: bool,
    for_staff: bool,
    for_providers: bool = False,
    schools: Iterable[School] | None = None,
) -> Event:
    """The organiser changes an event. Under the event's lock (as a sign-up counts): the limit
    may not drop below those already signed up, and nobody signed up is dropped silently;
    when the time or the place changes, those signed up are told. A cancelled or past event
    stays as it was (the attendance list is a record)."""
    with transaction.atomic():
        event = lock_event(event.pk)
        if event.cancelled_at is not None:
            raise EventError(_("This event is cancelled."))
        if event.ends_at < timezone.now():
            raise EventError(_("This event is over."))
        _check(
            starts_at=starts_at,
            ends_at=ends_at,
            for_students=for_students,
            for_providers=for_providers,
            for_staff=for_staff,
            school=event.school,
        )
        if starts_at != event.starts_at and starts_at < timezone.now():
            raise EventError(_("An event cannot start in the past."))
        taken = signed_up(event.pk)
        if capacity is not None and capacity < taken:
            raise EventError(
                _("%(n)s people are signed up already: the limit cannot be lower.") % {"n": taken}
            )
        moved = (starts_at, ends_at, place.strip()) != (
            event.starts_at,
            event.ends_at,
            event.place,
        )
        event.kind = kind
        event.title = title.strip()
        event.description = description.strip()
        event.starts_at = starts_at
        event.ends_at = ends_at
        event.place = place.strip()
        event.capacity = capacity
        event.for_students = for_students
        event.for_providers = for_providers
        event.for_staff = for_staff
        event.save()
        if event.broker_id is not None and schools is not None:
            event.schools.set([s for s in schools if s.region_id == event.region_id])
        if moved:
            _tell(
                [s.user for s in event.signups.filter(status=SignupStatus.SIGNED_UP)],
                event,
                "event_changed",
                gettext_noop("Changed time or place: “%(title)s”"),
            )
    return event


def event_sign_up(*, event: Event, user: User, provider: Provider | None = None) -> Signup:
    """Sign up within the limit, counted under the event's lock."""
    with transaction.atomic():
        event = lock_event(event.pk)
        if event.cancelled_at is not None:
            raise EventError(_("This event is cancelled."))
        if event.ends_at < timezone.now():
            raise EventError(_("This event is over."))
        if event.capacity is not None and signed_up(event.pk) >= event.capacity:
            raise EventError(_("This event is full."))
        try:
            with transaction.atomic():
                return Signup.objects.create(event=event, user=user, provider=provider)
        except IntegrityError as exc:
            raise EventError(_("You are already signed up.")) from exc


def event_sign_off(*, event: Event, user: User) -> None:
    updated = Signup.objects.filter(event=event, user=user, status=SignupStatus.SIGNED_UP).update(
        status=SignupStatus.CANCELLED
    )
    if not updated:
        raise EventError(_("You were not signed up."))


def event_record_attendance(*, event: Event, present: Iterable[int]) -> int:
    """The organiser ticks who was there; the rest of the sign-ups were not."""
    ids = set(present)
    with transaction.atomic():
        signups = Signup.objects.filter(event=event, status=SignupStatus.SIGNED_UP)
        signups.exclude(pk__in=ids).update(attended=False)
        return signups.filter(pk__in=ids).update(attended=True)


def event_cancel(*, event: Event, by: User) -> Event:
    with transaction.atomic():
        event = lock_event(event.pk)
        if event.cancelled_at is not None:
            raise EventError(_("This event is already cancelled."))
        event.cancelled_at = timezone.now()
        event.save(update_fields=["cancelled_at"])
        _tell(
            [s.user for s in event.signups.filter(status=SignupStatus.SIGNED_UP)],
            event,
            "event_cancelled",
            gettext_noop("Cancelled: “%(title)s”"),
        )
    return event


def _tell(users: Iterable[User], event: Event, kind: str, title: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _(title) % {"title": event.title}
    url = reverse("event_detail", args=[event.pk])
    for user in users:
        if user.is_active:
            notify(user, kind=kind, title=text[:200], url=url)


def event_reminders(*, now: datetime.datetime | None = None) -> int:
    """The day before: everyone signed up for an event starting within 36 hours is reminded,
    once (a guarded UPDATE claims each sign-up, so a second run reminds nobody twice)."""
    now = now or timezone.now()
    due = Signup.objects.filter(
        status=SignupStatus.SIGNED_UP,
        reminded_at__isnull=True,
        event__cancelled_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + datetime.timedelta(hours=36),
    ).select_related("event", "user")
    sent = 0
    for signup in due:
        if Signup.objects.filter(pk=signup.pk, reminded_at__isnull=True).update(reminded_at=now):
            _tell(
                [signup.user], signup.event, "event_reminder", gettext_noop("Tomorrow: “%(title)s”")
            )
            sent += 1
    return sent
