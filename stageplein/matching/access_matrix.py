"""Role × URL matrix rows for the broker's matching workspace, and a reviewed run to open."""

from __future__ import annotations

from typing import cast

from django.urls import reverse

from stageplein.core.access_matrix import Row
from stageplein.testing import World

EXTEND_ORDER = 70  # after applications: the run's student has no place yet


def extend_world(world: World) -> None:
    from stageplein.matching.models import DEFAULT_WEIGHTS, Proposal, Run
    from stageplein.placements.models import Placement, PlacementPeriod

    placement = cast(Placement, world.extra["placement"])
    period = cast(PlacementPeriod, world.extra["period"])
    run = Run.objects.create(
        broker=world.broker,
        created_by=world.users["broker"],
        weights=dict(DEFAULT_WEIGHTS),
        student_ids=[world.classmate.pk],
        status=Run.Status.PROPOSED,
        n_students=1,
        n_proposed=1,
    )
    candidate = {
        "period": period.pk,
        "placement": placement.pk,
        "cost": 16,
        "step": 0,
        "interest": 0,
        "sector": placement.sector_id,
        "km": 2.1,
        "linked": True,
        "hobby": "",
    }
    world.extra["run"] = run
    world.extra["proposal"] = Proposal.objects.create(
        run=run,
        student=world.classmate,
        period=period,
        placement=placement,
        engine_period=period,
        cost=16,
        candidates=[candidate],
        context={"level": "havo", "origin": "home", "max_km": 15, "window": {"kind": "none"}},
    )


BROKER_ONLY = {"anonymous": 302, "broker": 200}
# The guidance form: the school (coordinator, the student's mentor) and the broker; the
# classmate has no mentor, so the mentor and the other school's coordinator get 404.
GUIDANCE = {
    "anonymous": 302,
    "coordinator": 200,
    "broker": 200,
    "admin": 200,
    "mentor": 404,
    "other_coordinator": 404,
}


def _run(name: str):
    return lambda w: reverse(name, args=[w.extra["run"].pk])


def _proposal(w: World) -> str:
    from stageplein.matching.models import Proposal

    proposal = cast(Proposal, w.extra["proposal"])
    return reverse("matching_proposal_change", args=[proposal.run_id, proposal.pk])


ROWS = {
    "matching_queue": Row(lambda w: reverse("matching_queue"), BROKER_ONLY, default=403),
    "matching_run_list": Row(lambda w: reverse("matching_run_list"), BROKER_ONLY, default=403),
    "matching_settings": Row(lambda w: reverse("matching_settings"), BROKER_ONLY, default=403),
    "matching_run_detail": Row(_run("matching_run_detail"), BROKER_ONLY, default=403),
    "matching_proposal_change": Row(_proposal, BROKER_ONLY, default=403),
    # The broker selects the classmate (in its queue) and starts a round: a redirect to it.
    "matching_run_create": Row(
        lambda w: reverse("matching_run_create"),
        {"anonymous": 302, "broker": 302},
        default=403,
        method="POST",
        data=lambda w: {"mode": "optimal", "student": [w.classmate.pk]},
    ),
    "matching_run_confirm": Row(
        _run("matching_run_confirm"), {"anonymous": 302, "broker": 302}, default=403, method="POST"
    ),
    "matching_student_guidance": Row(
        lambda w: reverse("matching_student_guidance", args=[w.classmate.pk]),
        GUIDANCE,
        default=403,
    ),
}
