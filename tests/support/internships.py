"""Internship helpers: files the rows serve, the contract every party signed, a group activity.

Hours count only on an internship whose contract every party
has signed, so a test that makes an internship by hand and expects its verified hours to count
signs it first with ``sign_contract(internship)``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from stageplein.internships.models import (
    Contract,
    GroupActivity,
    GroupSession,
    Internship,
    Party,
    Signature,
)
from stageplein.internships.services import contract_issue, internship_create, school_as_provider

if TYPE_CHECKING:
    from tests.support.world import World


# A tiny valid PNG and PDF for the rows that serve uploads.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000164944415478"
    "9c63e48ef5666060606260606060600000084e00b7212fc51c0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def stored(name: str, content: bytes) -> str:
    """A fixed file in storage, written once: the world is rebuilt for every test."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def sign_contract(internship: Internship) -> Contract:
    """Issue the current contract (if there is none) and record every party's signature, the
    way the platform would, without notifications or e-mail."""
    contract = Contract.objects.filter(internship=internship, superseded_at__isnull=True).first()
    if contract is None:
        contract = contract_issue(internship=internship, by=None, ask=False)
    student = internship.student
    guardian = student.guardianships.select_related("guardian").first()
    signers = {
        Party.STUDENT: student.user,
        Party.PARENT: guardian.guardian if guardian else None,
        Party.SCHOOL: student.mentor,
        Party.PROVIDER: internship.supervisor,
    }
    now = timezone.now()
    for party in contract.required_parties:
        user = signers[Party(party)]
        Signature.objects.get_or_create(
            contract=contract,
            party=party,
            defaults={
                "signed_by": user,
                "name": (user.get_full_name() if user else "") or str(Party(party).label),
                "method": Signature.Method.PLATFORM,
                "signed_at": now,
            },
        )
    Contract.objects.filter(pk=contract.pk).update(fully_signed_at=now)
    Internship.objects.filter(pk=internship.pk, contract_signed_at__isnull=True).update(
        contract_signed_at=now
    )
    internship.contract_signed_at = internship.contract_signed_at or now
    contract.fully_signed_at = now
    return contract


def group_of(world: World) -> GroupActivity:
    """A group internship at school with one recorded session, made on first use (for the rows
    that need it): other tests keep a world whose students have one internship each."""
    if world.group is None:
        today = timezone.localdate()
        group = GroupActivity.objects.create(
            school=world.school,
            provider=school_as_provider(world.school),
            title="Open dag",
            description="Rondleidingen geven",
            start_date=today - datetime.timedelta(days=10),
            end_date=today + datetime.timedelta(days=10),
            planned_hours=6,
            created_by=world.users["mentor"],
        )
        participant = internship_create(
            student=world.classmate,
            provider=group.provider,
            title=group.title,
            start_date=group.start_date,
            end_date=group.end_date,
            planned_hours=6,
            kind=Internship.Kind.AT_SCHOOL,
            group_activity=group,
            issue_contract=False,
        )
        session = GroupSession.objects.create(
            activity=group,
            date=today - datetime.timedelta(days=1),
            hours=Decimal(3),
            description="Rondleidingen",
            recorded_by=world.users["mentor"],
        )
        session.participants.set([participant])
        world.group, world.group_session = group, session
    return world.group


def group_session_of(world: World) -> GroupSession:
    group_of(world)
    assert world.group_session is not None
    return world.group_session
