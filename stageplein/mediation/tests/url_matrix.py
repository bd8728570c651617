"""Role × URL matrix rows of mediation, and the request of the world's student they open."""

from __future__ import annotations

from django.urls import reverse

from tests.support.url_matrix import Row
from tests.support.world import World


def _request(w: World) -> int:
    """A live request of the world's student (the broker of Zutphen mediates); made again when
    a row before withdrew it."""
    from stageplein.mediation.models import LIVE, MediationRequest

    live = MediationRequest.objects.filter(student=w.student, status__in=LIVE).first()
    if live is None:
        live = MediationRequest.objects.create(
            student=w.student,
            asked_by=w.users["student"],
            asked_side="student",
            wishes="Iets met dieren, op woensdagmiddag",
            broker=w.broker,
        )
    return live.pk


def _r(name: str):
    return lambda w: reverse(name, args=[_request(w)])


READERS = ("student", "parent", "coordinator", "mentor", "broker", "admin")
# The student's side and the school answer or withdraw; the broker proposes.
STUDENT_AND_SCHOOL = ("student", "parent", "coordinator", "mentor")


def _visible(allowed: tuple[str, ...], status: int) -> dict[str, int]:
    return {r: (status if r in allowed else 403) for r in READERS} | {"anonymous": 302}


ROWS = {
    "mediation_list": Row(
        lambda w: reverse("mediation_list"),
        dict.fromkeys((*READERS, "other_coordinator"), 200) | {"anonymous": 302},
        default=403,
    ),
    "mediation_create": Row(
        lambda w: reverse("mediation_create"),
        dict.fromkeys((*STUDENT_AND_SCHOOL, "other_coordinator"), 200) | {"anonymous": 302},
        default=403,
    ),
    "mediation_detail": Row(_r("mediation_detail"), _visible(READERS, 200), default=404),
    "mediation_propose": Row(
        _r("mediation_propose"),
        _visible(("broker",), 302),
        default=404,
        method="POST",
        data=lambda w: {"period": w.period.pk, "note": "Dichtbij en op woensdag"},
    ),
    "mediation_answer": Row(
        _r("mediation_answer"),
        _visible(STUDENT_AND_SCHOOL, 302),
        default=404,
        method="POST",
        data=lambda w: {"answer": "decline", "reason": "Te ver weg"},
    ),
    "mediation_withdraw": Row(
        _r("mediation_withdraw"),
        _visible(STUDENT_AND_SCHOOL, 302),
        default=404,
        method="POST",
    ),
}
