"""The README's demo accounts: one coherent set of people in the first pilot gets the
addresses of the README, and in the story each of them finds something to act on."""

from __future__ import annotations

import random

from stageplein.accounts.models import Membership, Role, User
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.context import PilotContext
from stageplein.students.models import Guardianship, Student


def fixed_student(context: PilotContext) -> Student:
    """A year-2 havo or vmbo student of the first school: old enough for most placements,
    with a mentor and a year of MaS behind them."""
    school = context.schools[0]
    return next(
        (
            s
            for s in context.students
            if s.school_id == school.pk and s.year == 2 and s.level in ("havo", "vmbo")
        ),
        next(s for s in context.students if s.school_id == school.pk),
    )


def fixed_provider_id(context: PilotContext) -> int:
    """The first provider with both a contact and a supervisor."""
    return next(p.pk for p in context.providers.all if p.pk in context.providers.supervisors)


def name_accounts(rng: random.Random, context: PilotContext) -> None:
    school = context.schools[0]
    student = fixed_student(context)
    provider_id = fixed_provider_id(context)
    supervisor = context.providers.supervisors[provider_id]
    contact = context.providers.contacts[provider_id]
    # The demo supervisor is a volunteer, not an mbo/hbo student (who may not sign for it).
    Membership.objects.filter(user=supervisor).update(is_student_supervisor=False)
    broker_user = next(
        (
            desk.user
            for desk in context.brokers
            if desk.broker.municipalities.filter(pk=school.municipality_id).exists()
        ),
        context.brokers[0].user,
    )
    renames: dict[int | None, str] = {
        student.user_id: FIXED_ACCOUNTS["student"],
        Guardianship.objects.get(student=student).guardian_id: FIXED_ACCOUNTS["parent"],
        Membership.objects.get(role=Role.COORDINATOR, school=school).user_id: FIXED_ACCOUNTS[
            "coordinator"
        ],
        student.mentor_id: FIXED_ACCOUNTS["mentor"],
        contact.pk: FIXED_ACCOUNTS["provider_contact"],
        supervisor.pk: FIXED_ACCOUNTS["supervisor"],
        broker_user.pk: FIXED_ACCOUNTS["broker"],
        context.officers[school.municipality_id].pk: FIXED_ACCOUNTS["municipality"],
    }
    for pk, email in renames.items():
        if pk is not None:
            User.objects.filter(pk=pk).update(email=email)
    # The in-memory people carry the new addresses too (later steps build on them).
    for user in [contact, supervisor, broker_user]:
        user.email = renames[user.pk]
