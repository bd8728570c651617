"""Demo: every school has imported its students from Magister once (the mapping is remembered);
the demo coordinator's school shows that import in its history."""

from __future__ import annotations

import datetime

from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.imports.fields import suggest_columns
from stageplein.imports.models import ImportMapping, StudentImport
from stageplein.imports.sample import MAGISTER_HEADERS


def build(builder, rng, context) -> None:
    columns = suggest_columns(MAGISTER_HEADERS)
    ImportMapping.objects.bulk_create(
        [ImportMapping(school=school, columns=columns) for school in context.schools]
    )
    coordinators = dict(
        Membership.objects.filter(role=Role.COORDINATOR, school__in=context.schools).values_list(
            "school_id", "user_id"
        )
    )
    counts: dict[int, int] = {}
    for student in context.students:
        counts[student.school_id] = counts.get(student.school_id, 0) + 1
    started = timezone.make_aware(
        datetime.datetime.combine(datetime.date(builder.school_year, 9, 2), datetime.time(10))
    )
    StudentImport.objects.bulk_create(
        [
            StudentImport(
                school=school,
                uploaded_by_id=coordinators.get(school.pk),
                filename=f"magister-leerlingen-{builder.school_year}.csv",
                status=StudentImport.Status.DONE,
                phase=StudentImport.Phase.FINISHED,
                columns=columns,
                rows_total=counts.get(school.pk, 0),
                rows_done=counts.get(school.pk, 0),
                report={
                    "new": counts.get(school.pk, 0),
                    "updated": 0,
                    "unchanged": 0,
                    "returned": 0,
                    "left": 0,
                    "guardians_added": counts.get(school.pk, 0),
                    "invited": 0,
                    "errors": [],
                },
                finished_at=started,
            )
            for school in context.schools
        ]
    )
