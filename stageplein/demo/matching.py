"""Demo data for the matching: structured guidance needs and offers (R-INT-5), hobbies, and,
in the pilot with the README's accounts, an earlier round of makelaar@ that was reviewed (one
proposal changed by hand) and confirmed, so that the history and the providers' reaction lists
show what a round leaves behind. The queue itself is the pilot's real one."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from stageplein.accounts.models import Membership, Role, User
from stageplein.applications.models import Application
from stageplein.applications.services import Refused
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.matching.models import Mode, Proposal, Run
from stageplein.matching.selectors import broker_scope, queue, settings_for
from stageplein.matching.services import proposal_change, run_confirm_execute, run_execute
from stageplein.organisations.models import Broker
from stageplein.placements.models import Placement
from stageplein.students.models import Student

HOBBIES = [
    "voetbal",
    "lezen, tekenen",
    "dieren",
    "koken en bakken",
    "muziek",
    "hockey",
    "knutselen",
    "gamen",
    "",
    "",
    "",
]
EARLIER_ROUND_STUDENTS = 12


def _by_position(pks: list[int], choose) -> dict[object, list[int]]:
    """The rows grouped by a value chosen from each one's position (``choose(position)``), so
    that a whole pilot takes one UPDATE per value. The position is the row's place among the
    pilot's rows in the order they were made, never its primary key: the same seed must give
    the same data whatever ids the database hands out (a reused database, or a second season
    in the same one, gives higher ones; by ``pk % n`` a second season's students had other
    hobbies, so the brokers' rounds ranked other places first)."""
    groups: dict[object, list[int]] = defaultdict(list)
    for position, pk in enumerate(pks):
        groups[choose(position)].append(pk)
    return groups


def students_step(builder, rng, context) -> None:
    """Hobbies and guidance needs, as the schools' imports bring them."""
    students = Student.objects.filter(school__in=context.schools)
    rows = list(students.order_by("pk").values_list("pk", "level"))
    every = [pk for pk, _level in rows]
    for hobbies, pks in _by_position(every, lambda k: HOBBIES[k % len(HOBBIES)]).items():
        Student.objects.filter(pk__in=pks).update(hobbies=hobbies)
    # Praktijkonderwijs works in a protected setting with a teacher present; some go in pairs.
    students.filter(level="pro").update(needs_teacher_present=True)
    pairs = _by_position(every, lambda k: k % 15 == 0)[True]
    levels = dict(rows)
    Student.objects.filter(pk__in=[pk for pk in pairs if levels[pk] in ("vmbo", "pro")]).update(
        needs_pair=True, guidance_needs="Liever samen met een klasgenoot."
    )
    # The steps that follow read the students the people step made: give them the same.
    fresh = students.in_bulk(field_name="pk")
    for student in context.students:
        row = fresh[student.pk]
        student.hobbies, student.guidance_needs = row.hobbies, row.guidance_needs
        student.needs_pair, student.needs_teacher_present = (
            row.needs_pair,
            row.needs_teacher_present,
        )


def placements_step(builder, rng, context) -> None:
    """Bulk load: what the placements offer in guidance (the story's placements say so when
    they are saved)."""
    placements = Placement.objects.filter(provider__region=context.region)
    placements.filter(kind=Placement.Kind.GROUP).update(pairs_welcome=True)
    every = list(placements.order_by("pk").values_list("pk", flat=True))
    Placement.objects.filter(pk__in=_by_position(every, lambda k: k % 4 == 0)[True]).update(
        pairs_welcome=True
    )
    # Care, nature and neighbourhood placements open to praktijkonderwijs often welcome the
    # teacher along; the rest of the region's providers have not said so.
    protected = placements.filter(
        level_pro=True, sector_id__in=["zorg", "natuur", "buurt", "dieren", "cultuur"]
    )
    every = list(protected.order_by("pk").values_list("pk", flat=True))
    Placement.objects.filter(pk__in=_by_position(every, lambda k: k % 2 == 0)[True]).update(
        teacher_welcome=True
    )


def earlier_round(builder, rng, context) -> None:
    if context.fixed:
        _earlier_round()


def _earlier_round() -> None:
    """A round of last week: a dozen students of one class, one proposal changed by hand,
    confirmed. Made with the real services (stable mode: the waiting order)."""
    user = User.objects.filter(email=FIXED_ACCOUNTS["broker"]).first()
    if user is None:
        return
    broker_id = (
        Membership.objects.filter(user=user, role=Role.BROKER)
        .values_list("broker_id", flat=True)
        .first()
    )
    broker = Broker.objects.filter(pk=broker_id).first() if broker_id else None
    if broker is None:
        return
    waiting = list(
        queue(broker_scope(broker))
        .filter(year=2, open_reactions=0)
        .values_list("pk", "class_name")[:200]
    )
    if not waiting:
        return
    _pk, first_class = waiting[0]
    ids = [pk for pk, class_name in waiting if class_name == first_class][:EARLIER_ROUND_STUDENTS]
    run = Run.objects.create(
        broker=broker,
        created_by=user,
        mode=Mode.STABLE,
        weights=settings_for(broker).as_weights(),
        selection={"all": False, "filters": {"reactions": "none"}, "picked": len(ids)},
        student_ids=ids,
        total=len(ids),
    )
    run_execute(run_id=run.pk)
    changed = Proposal.objects.filter(run=run, period__isnull=False).order_by("-position").first()
    if changed is not None:
        # The broker knows this student would rather go elsewhere: another option, if it has
        # a seat left in the round, else no place for now.
        for option in [c["period"] for c in changed.candidates if c["period"] != changed.period_id]:
            try:
                proposal_change(proposal=changed, by=user, period_id=option)
                break
            except Refused:
                continue
        else:
            proposal_change(proposal=changed, by=user, period_id=None)
    Run.objects.filter(pk=run.pk).update(status=Run.Status.CONFIRMING, confirmed_by=user)
    run_confirm_execute(run_id=run.pk, quiet=True)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    Run.objects.filter(pk=run.pk).update(
        created_at=week_ago, confirmed_at=week_ago + datetime.timedelta(hours=1)
    )
    Application.objects.filter(
        pk__in=Proposal.objects.filter(run=run, application__isnull=False).values("application_id")
    ).update(submitted_at=week_ago + datetime.timedelta(hours=1))
