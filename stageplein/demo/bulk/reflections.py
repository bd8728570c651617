"""Demo data for the dashboards: reflections handed in on running internships, waiting for the
school's approval, so that every coordinator has reports to act on."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from stageplein.demo.context import PilotContext

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder
from stageplein.internships.models import Internship, Report

REFLECTIONS = [
    "Ik vond het eerst spannend, maar de mensen waren heel aardig. Ik heb geleerd om zelf een "
    "gesprek te beginnen.",
    "Het was drukker dan ik dacht. Ik heb geleerd dat je met een groep veel meer voor elkaar "
    "krijgt.",
    "Ik wil hier later weer vrijwilliger worden. Ik heb geleerd geduld te hebben.",
]


def waiting_reflections(builder: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    running = list(
        Internship.objects.filter(
            student__school__region=context.region,
            status=Internship.Status.ACTIVE,
            reports__isnull=True,
        )
        .order_by("pk")  # the random draws go row by row: a fixed order, not the physical one
        .values_list("pk", "student__user_id")
    )
    Report.objects.bulk_create(
        [
            Report(
                internship_id=pk,
                kind=Report.Kind.REFLECTION,
                version=1,
                text=rng.choice(REFLECTIONS),
                submitted_by_id=user_id,
            )
            for pk, user_id in running
            if rng.random() < 0.4
        ],
        batch_size=2000,
    )
