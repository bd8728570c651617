"""Group internships (R-HOURS-5, R-HOURS-6): one activity, many participants, sessions
verified once for all present."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Membership, Role, User
from stageplein.core import events
from stageplein.internships.models import (
    Contract,
    GroupActivity,
    GroupSession,
    HourEntry,
    Internship,
    Signature,
)
from stageplein.internships.services.certificates import certificate_issue_if_due
from stageplein.internships.services.common import InternshipError, in_site_language
from stageplein.internships.services.contract import contract_sign
from stageplein.internships.services.internship import internship_create
from stageplein.notifications.services import notify
from stageplein.organisations.models import Provider, School, Sector
from stageplein.students.models import Student


def school_as_provider(school: School) -> Provider:
    """The school in its role of provider, for internships at school (R-HOURS-6)."""
    provider = Provider.objects.filter(school=school).first()
    if provider is not None:
        return provider
    sector = Sector.objects.filter(code="onderwijs").first() or Sector.objects.first()
    assert sector is not None, "reference data (sectors) is missing"
    provider, _created = Provider.objects.get_or_create(
        school=school,
        defaults={
            "name": str(_("%(school)s (internship at school)") % {"school": school.name}),
            "kind": Provider.Kind.SCHOOL,
            "sector": sector,
            "region_id": school.region_id,
            "municipality_id": school.municipality_id,
        },
    )
    return provider


@transaction.atomic
def group_activity_create(
    *,
    school: School,
    provider: Provider,
    title: str,
    description: str,
    start_date: datetime.date,
    end_date: datetime.date,
    planned_hours: int,
    by: User,
    students: Iterable[Student] = (),
) -> GroupActivity:
    if end_date < start_date:
        raise InternshipError(_("The end date must not be before the start date."))
    activity = GroupActivity.objects.create(
        school=school,
        provider=provider,
        title=title,
        description=description,
        start_date=start_date,
        end_date=end_date,
        planned_hours=planned_hours,
        created_by=by,
    )
    group_participants_add(activity=activity, students=students, by=by)
    return activity


@transaction.atomic
def group_participants_add(
    *, activity: GroupActivity, students: Iterable[Student], by: User
) -> list[Internship]:
    """Each participant gets an internship of their own, with a contract to sign."""
    existing = set(activity.internships.values_list("student_id", flat=True))
    kind = Internship.Kind.AT_SCHOOL if activity.provider.school_id else Internship.Kind.GROUP
    added = []
    for student in students:
        if student.pk in existing or student.school_id != activity.school_id:
            continue
        added.append(
            internship_create(
                student=student,
                provider=activity.provider,
                title=activity.title,
                start_date=activity.start_date,
                end_date=activity.end_date,
                planned_hours=activity.planned_hours,
                kind=kind,
                tasks=activity.description,
                group_activity=activity,
                created_by=by,
            )
        )
        existing.add(student.pk)
    return added


@transaction.atomic
def group_contracts_sign(
    *, activity: GroupActivity, by: User, name: str, parties: list[str]
) -> int:
    """The school (and, at school, the school as provider) signs every participant's contract
    in one go; students and parents still sign their own."""
    signed = 0
    for contract in Contract.objects.filter(
        internship__group_activity=activity, superseded_at__isnull=True
    ):
        for party in parties:
            if party in contract.required_parties:
                _sig, created = contract_sign(
                    contract=contract,
                    party=party,
                    user=by,
                    name=name,
                    method=Signature.Method.PLATFORM,
                )
                signed += created
    return signed


@transaction.atomic
def group_session_record(
    *,
    activity: GroupActivity,
    by: User,
    date: datetime.date,
    hours: Decimal,
    description: str,
    participants: Iterable[Internship],
    verify: bool = False,
) -> GroupSession:
    if date > timezone.localdate():
        raise InternshipError(_("You can only log sessions that have taken place."))
    participants = [p for p in participants if p.group_activity_id == activity.pk]
    if not participants:
        raise InternshipError(_("Choose who took part."))
    session = GroupSession.objects.create(
        activity=activity, date=date, hours=hours, description=description, recorded_by=by
    )
    session.participants.set(participants)
    if verify:
        group_session_verify(session=session, by=by)
    else:
        for user in _group_verifiers(activity):
            notify(
                user,
                kind="hours_to_verify",
                title=in_site_language(_("New hours to confirm")),
                url=reverse("group_detail", args=[activity.pk]),
            )
    return session


def _group_verifiers(activity: GroupActivity) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            provider_id=activity.provider_id, role__in=[Role.PROVIDER_CONTACT, Role.SUPERVISOR]
        ).select_related("user")
    ]


def group_session_verify(*, session: GroupSession, by: User) -> bool:
    """Confirm a group session: every participant present gets the hours (one entry each, kept
    unique by a constraint). A second confirmation changes nothing."""
    with transaction.atomic():
        now = timezone.now()
        verified = GroupSession.objects.filter(
            pk=session.pk, status=GroupSession.Status.SUBMITTED
        ).update(status=GroupSession.Status.VERIFIED, verified_by=by, verified_at=now)
        if verified != 1:
            return False
        participants = list(session.participants.select_related("student__user"))
        HourEntry.objects.bulk_create(
            [
                HourEntry(
                    internship=internship,
                    date=session.date,
                    hours=session.hours,
                    description=session.description,
                    status=HourEntry.Status.VERIFIED,
                    verified_by=by,
                    verified_at=now,
                    method=HourEntry.Method.GROUP,
                    group_session=session,
                    submitted_by=session.recorded_by,
                )
                for internship in participants
            ],
            ignore_conflicts=True,
        )
        # bulk_create with ignore_conflicts returns no keys: read back the entries it made.
        for entry_pk in HourEntry.objects.filter(group_session=session).values_list(
            "pk", flat=True
        ):
            events.emit(events.HOURS_VERIFIED, entry_pk)
        Internship.objects.filter(
            pk__in=[p.pk for p in participants], status=Internship.Status.PLANNED
        ).update(status=Internship.Status.ACTIVE)
        for internship in participants:
            notify(
                internship.student.user,
                kind="hours_verified",
                title=in_site_language(_("Your hours have been confirmed")),
                url=reverse("internship_detail", args=[internship.pk]),
            )
            certificate_issue_if_due(student=internship.student)
    return True
