"""Writes for placements: create and change (with periods), publish, close, renew, sector rules
and school links. Views call these; the rules live here and in the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from stageplein.accounts.access import get_scope
from stageplein.accounts.links import issue_link, use_link
from stageplein.accounts.models import Membership, Role, User
from stageplein.core import events
from stageplein.geo.models import Region
from stageplein.notifications.services import notify, notify_many
from stageplein.organisations.models import JoinedVia, Provider, School
from stageplein.placements.access import may_publish_without_review
from stageplein.placements.capacity import claimed_seats, lock_period
from stageplein.placements.models import (
    Placement,
    PlacementPeriod,
    PlacementReview,
    SchoolLink,
    TaskRule,
)
from stageplein.placements.signals import placement_closed

RENEW_PURPOSE = "placement_renew"
RENEW_LINK_MAX_AGE = datetime.timedelta(days=60)


@dataclass
class PeriodChange:
    """One period in a save: ``period`` is an unsaved or changed instance; ``delete`` removes it."""

    period: PlacementPeriod
    delete: bool = False
    key: Any = None  # lets a caller map an error back to its form


class PeriodError(ValidationError):
    def __init__(self, message: str, *, key: Any, field: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.field = field


def lead_weeks(provider: Provider) -> int:
    """Clubs and associations meet rarely and need time (R-PLACE-6)."""
    return settings.PLACEMENT_LEAD_WEEKS if provider.kind == Provider.Kind.ASSOCIATION else 0


def earliest_start(provider: Provider, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today + datetime.timedelta(weeks=lead_weeks(provider))


def provider_contacts(provider_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__role=Role.PROVIDER_CONTACT,
            memberships__provider_id=provider_id,
            is_active=True,
        ).distinct()
    )


def _check_lead_time(placement: Placement, periods: list[PeriodChange]) -> None:
    """A period that becomes visible now must start after the lead time. Periods that were
    already published keep their dates (they met the rule when they were published)."""
    limit = earliest_start(placement.provider)
    for change in periods:
        if change.delete:
            continue
        new_or_moved = change.period.pk is None or (
            PlacementPeriod.objects.filter(pk=change.period.pk)
            .exclude(starts_on=change.period.starts_on)
            .exists()
        )
        if new_or_moved and change.period.starts_on < limit:
            raise PeriodError(
                _(
                    "Clubs and associations need time: a period can start on %(date)s at the "
                    "earliest (%(weeks)s weeks after publication)."
                )
                % {
                    "date": formats.date_format(limit),
                    "weeks": lead_weeks(placement.provider),
                },
                key=change.key,
                field="starts_on",
            )


@transaction.atomic
def placement_save(
    *, placement: Placement, periods: list[PeriodChange], by: User | None
) -> Placement:
    """Create or change a placement with its periods, all or nothing. ``periods`` lists the
    periods to add, change or remove; periods not listed stay as they are.

    Capacity can never drop below the seats already claimed, and a period with claimed seats
    cannot be removed: both are checked under the same period lock that seat claims take.
    """
    placement.lat, placement.lon = placement.postcode.lat, placement.postcode.lon
    if placement.kind == Placement.Kind.INDIVIDUAL:
        placement.group_size = None
    if placement.pk is None:
        placement.created_by = by
    removed = {c.period.pk for c in periods if c.delete and c.period.pk}
    existing = set(placement.periods.values_list("pk", flat=True)) if placement.pk else set()
    added = [c for c in periods if not c.delete and c.period.pk is None]
    if not (existing - removed or added) and placement.status != Placement.Status.DRAFT:
        raise ValidationError(_("A published placement needs at least one period."))
    # Checked on every save, a draft's too: a draft with a period inside the lead time could
    # never be published, and the form already said which start is the earliest. A closed
    # placement's new or moved periods become visible when it is published again.
    _check_lead_time(placement, periods)
    if placement.status == Placement.Status.PUBLISHED:
        # Whoever edits a published placement has looked at it: it counts as confirmed.
        placement.confirmed_at = timezone.now()
        placement.renewal_requested_at = None
    placement.full_clean(exclude=["lat", "lon", "created_by", "contact"])
    placement.save()
    for change in periods:
        period = change.period
        if period.pk is None:
            if change.delete:
                continue
            period.placement = placement
            period.full_clean()
            period.save()
            continue
        locked = lock_period(period.pk)
        claimed = claimed_seats(period.pk)
        if change.delete:
            if locked.applications.exists():
                raise PeriodError(
                    _("Students have reacted to this period; it cannot be removed."),
                    key=change.key,
                )
            locked.delete()
            continue
        if period.capacity < claimed:
            raise PeriodError(
                _("%(n)s students already have a place in this period; capacity cannot be lower.")
                % {"n": claimed},
                key=change.key,
                field="capacity",
            )
        period.placement = placement
        period.full_clean()
        period.save()
    return placement


@transaction.atomic
def placement_publish(*, placement: Placement, by: User | None) -> Placement:
    """draft or closed → published; the placement counts as confirmed from now."""
    placement = (
        Placement.objects.select_for_update().select_related("provider").get(pk=placement.pk)
    )
    if placement.status == Placement.Status.PUBLISHED:
        raise ValidationError(_("This placement is already published."))
    today = timezone.localdate()
    periods = list(placement.periods.filter(ends_on__gte=today))
    if not periods:
        raise ValidationError(_("Add a period that has not ended yet before publishing."))
    limit = earliest_start(placement.provider, today)
    if placement.status == Placement.Status.DRAFT and any(p.starts_on < limit for p in periods):
        raise ValidationError(
            _(
                "Clubs and associations need time: every period must start on %(date)s or later "
                "(%(weeks)s weeks after publication)."
            )
            % {"date": formats.date_format(limit), "weeks": lead_weeks(placement.provider)}
        )
    now = timezone.now()
    placement.status = Placement.Status.PUBLISHED
    placement.published_at = placement.published_at or now
    placement.confirmed_at = now
    placement.renewal_requested_at = None
    fields = ["status", "published_at", "confirmed_at", "renewal_requested_at"]
    if needs_review(placement, by):
        placement.review = PlacementReview.WAITING
        fields.append("review")
    placement.save(update_fields=fields)
    events.emit(events.PLACEMENT_PUBLISHED, placement.pk)
    return placement


@transaction.atomic
def placement_close(*, placement: Placement, by: User | None) -> Placement:
    """published → closed. Waiting reactions are declined (the students are told), by the
    receiver of ``placement_closed`` in applications, in this same transaction; accepted
    matches keep their seats, the school can still approve them."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != Placement.Status.PUBLISHED:
        raise ValidationError(_("Only a published placement can be closed."))
    placement.status = Placement.Status.CLOSED
    placement.save(update_fields=["status"])
    placement_closed.send(sender=Placement, placement=placement, by=by)
    events.emit(events.PLACEMENT_CLOSED, placement.pk)
    return placement


def needs_review(placement: Placement, by: User | None) -> bool:
    """A placement published now waits for a broker's review when it is the first of an
    organisation that joined by its own sign-up or through a student's own placement (issue 15):
    until a broker has approved one of its placements, nobody has checked what it offers minors.
    Organisations added by a broker or the administrator, or already on the platform, were
    checked another way; a reviewer of
    the area who publishes has seen the placement; a placement once reviewed keeps its state."""
    if placement.review != PlacementReview.NOT_NEEDED:
        return False
    if placement.provider.joined_via == JoinedVia.ADDED:
        return False
    if by is not None and may_publish_without_review(get_scope(by), placement.provider):
        return False
    return not Placement.objects.filter(
        provider_id=placement.provider_id, review=PlacementReview.APPROVED
    ).exists()


class ReviewError(ValidationError):
    """A rule stops this review; the message is shown to the reviewer."""


def _tell_provider(placement: Placement, *, kind: str, title: str) -> None:
    """The organisation's contacts (and the placement's contact person) read the outcome, with
    a link to the placement page where the reviewer's message stands."""
    recipients = provider_contacts(placement.provider_id)
    if placement.contact is not None and placement.contact not in recipients:
        recipients.append(placement.contact)
    notify_many(
        recipients, kind=kind, title=title, url=reverse("placement_detail", args=[placement.pk])
    )


def _decide(placement: Placement, *, by: User, to: str, note: str) -> bool:
    """One guarded UPDATE decides, so of two reviewers at the same moment one decides; the
    second (and any retry) gets False."""
    now = timezone.now()
    changed = Placement.objects.filter(pk=placement.pk, review=PlacementReview.WAITING).update(
        review=to, review_note=note, reviewed_by=by, reviewed_at=now
    )
    if changed:
        placement.review, placement.review_note = to, note
        placement.reviewed_by, placement.reviewed_at = by, now
    return bool(changed)


@transaction.atomic
def placement_review(*, placement: Placement, by: User, approve: bool, note: str = "") -> bool:
    """Approve a waiting first placement (students can find it from now) or refuse it with a
    reason the organisation reads."""
    note = note.strip()
    if not approve and not note:
        raise ReviewError(_("Give a reason: the organisation reads it."))
    to = PlacementReview.APPROVED if approve else PlacementReview.REFUSED
    if not _decide(placement, by=by, to=to, note=note):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        if approve:
            title = _("Your placement “%(title)s” is approved: students can find it now.")
        else:
            title = _("Your placement “%(title)s” was not approved. Read the reason.")
        title = title % {"title": placement.title}
    _tell_provider(placement, kind=f"placement_review_{to}", title=title)
    return True


@transaction.atomic
def placement_ask_changes(*, placement: Placement, by: User, note: str) -> bool:
    """The reviewer asks for changes with a message; the organisation reads it on the placement
    page, changes the placement and sends it back (``placement_resubmit``)."""
    note = note.strip()
    if not note:
        raise ReviewError(_("Say what should change: the organisation reads it."))
    if not _decide(placement, by=by, to=PlacementReview.CHANGES, note=note):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The broker asks for changes to your placement “%(title)s”.") % {
            "title": placement.title
        }
    _tell_provider(placement, kind="placement_review_changes", title=title)
    return True


def placement_resubmit(*, placement: Placement, by: User) -> bool:
    """The organisation changed the placement as asked: it waits for review again (the
    reviewer's earlier message stays, so the reviewer sees what was asked). A second click
    does nothing (False)."""
    changed = Placement.objects.filter(pk=placement.pk, review=PlacementReview.CHANGES).update(
        review=PlacementReview.WAITING
    )
    if changed:
        placement.review = PlacementReview.WAITING
    return bool(changed)


def placement_renew(*, placement: Placement, by: User | None = None) -> Placement:
    """The provider confirms the placement is still current (R-PLACE-7)."""
    updated = Placement.objects.filter(pk=placement.pk, status=Placement.Status.PUBLISHED).update(
        confirmed_at=timezone.now(), renewal_requested_at=None
    )
    if not updated:
        raise ValidationError(_("Only a published placement can be renewed."))
    placement.refresh_from_db()
    return placement


def placement_renew_with_link(*, token: str) -> Placement | None:
    """Renew through the link in the e-mail, without signing in: works once."""
    link = use_link(RENEW_PURPOSE, token)
    if link is None:
        return None
    placement = Placement.objects.filter(pk=link.payload.get("placement")).first()
    if placement is None or placement.status != Placement.Status.PUBLISHED:
        return None
    return placement_renew(placement=placement, by=link.user)


def placements_request_renewal(
    *, now: datetime.datetime | None = None, region: Region | None = None
) -> int:
    """Send each provider contact of a newly stale placement a renewal link, once per
    staleness. Stale placements are already hidden from students (the query decides that).
    ``region`` limits the job to one region's providers (a simulated season plays each region
    on its own clock)."""
    now = now or timezone.now()
    sent = 0
    stale = Placement.objects.stale(now).filter(renewal_requested_at__isnull=True)
    if region is not None:
        stale = stale.filter(provider__region=region)
    for placement in stale.select_related("provider").iterator():
        with transaction.atomic():
            claimed = Placement.objects.filter(
                pk=placement.pk, renewal_requested_at__isnull=True
            ).update(renewal_requested_at=now)
            if not claimed:
                continue  # another runner got it first
            recipients = provider_contacts(placement.provider_id)
            if placement.contact_id and placement.contact not in recipients:
                recipients.append(placement.contact)  # type: ignore[arg-type]
            for user in recipients:
                token = issue_link(
                    RENEW_PURPOSE,
                    user=user,
                    payload={"placement": placement.pk},
                    max_age=RENEW_LINK_MAX_AGE,
                )
                with translation.override(settings.LANGUAGE_CODE):
                    title = _("Is your placement “%(title)s” still current?") % {
                        "title": placement.title
                    }
                notify(
                    user,
                    kind="placement_stale",
                    title=title,
                    url=reverse("placement_renew_link", args=[token]),
                )
                sent += 1
    return sent


# -- sector rules ------------------------------------------------------------------------------


def task_rule_save(*, rule: TaskRule, by: User) -> TaskRule:
    rule.updated_by = by
    rule.full_clean(exclude=["updated_by"])
    rule.save()
    return rule


def task_rule_delete(*, rule: TaskRule) -> None:
    rule.delete()


# -- school links ------------------------------------------------------------------------------


def school_link_create(
    *,
    school: School,
    provider: Provider,
    placement: Placement | None,
    school_year: int,
    by: User,
) -> SchoolLink:
    if placement is not None and placement.provider_id != provider.pk:
        raise ValidationError(_("That placement belongs to another provider."))
    existing = SchoolLink.objects.filter(
        school=school, school_year=school_year, provider=provider
    ).filter(Q(placement=placement) if placement else Q(placement__isnull=True))
    if existing.exists():
        raise ValidationError(_("This link already exists."))
    return SchoolLink.objects.create(
        school=school,
        provider=provider,
        placement=placement,
        school_year=school_year,
        created_by=by,
    )


def school_link_delete(*, link: SchoolLink) -> None:
    link.delete()


def contacts_of(provider: Provider) -> list[User]:
    return provider_contacts(provider.pk)


def staff_choices(provider: Provider) -> list[User]:
    """People who can be a placement's contact person: the provider's contacts and supervisors."""
    ids = Membership.objects.filter(
        provider=provider, role__in=[Role.PROVIDER_CONTACT, Role.SUPERVISOR]
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("first_name", "last_name"))
