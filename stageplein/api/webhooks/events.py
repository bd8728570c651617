"""What each event is about, who may receive it and what it carries.

Who: a subscription's client receives an event only when it could read the record through the
API at that moment: the client has the resource's OAuth2 scope and the record is in what the
same access module (``students_visible_to(scope)``, …) gives the client's scope. What: the
API's own representation of the record (the serializer of its endpoint), so a receiver can
treat a delivery like a fresh GET.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from stageplein.accounts.access import Scope
from stageplein.api.access import client_scope, may_read_placements
from stageplein.api.models import ApiClient, ApiScope, WebhookEventKind
from stageplein.api.serializers import (
    CertificateOut,
    HourEntryOut,
    InternshipOut,
    PlacementOut,
    ReactionOut,
)
from stageplein.applications.access import applications_visible_to, may_list_applications
from stageplein.applications.models import Application
from stageplein.internships.access import internships_visible_to, may_list_internships
from stageplein.internships.models import Certificate, HourEntry, Internship
from stageplein.placements.access import placements_visible_to
from stageplein.placements.capacity import periods_with_availability
from stageplein.placements.models import Placement
from stageplein.students.access import may_list_students, students_visible_to


@dataclass(frozen=True)
class Kind:
    scope: str  # the OAuth2 scope the client needs
    # The records of this kind the client's scope may read (None: it may not read the list).
    visible: Callable[[Scope], QuerySet[Any] | None]
    payload: Callable[[int], dict[str, Any] | None]


def _student(student) -> dict[str, Any]:
    return {
        "student": student.pk,
        "student_number": student.student_number,
        "school": student.school.brin,
    }


def _hours_payload(pk: int) -> dict[str, Any] | None:
    entry = HourEntry.objects.select_related("internship__student__school").filter(pk=pk).first()
    if entry is None:
        return None
    return {**HourEntryOut(entry).data, **_student(entry.internship.student)}


def _certificate_payload(pk: int) -> dict[str, Any] | None:
    certificate = Certificate.objects.select_related("student__school").filter(pk=pk).first()
    if certificate is None:
        return None
    data = CertificateOut(
        {
            "code": certificate.code,
            "valid": certificate.valid,
            "student_name": certificate.student_name,
            "school_name": certificate.school_name,
            "hours": certificate.hours,
            "issued_at": certificate.issued_at,
            "revoked_at": certificate.revoked_at,
        }
    ).data
    return {**data, **_student(certificate.student)}


def _internship_payload(pk: int) -> dict[str, Any] | None:
    internship = (
        Internship.objects.select_related("provider").prefetch_related("sessions").filter(pk=pk)
    ).first()
    return None if internship is None else dict(InternshipOut(internship).data)


def _placement_payload(pk: int) -> dict[str, Any] | None:
    placement = Placement.objects.select_related("provider").filter(pk=pk).first()
    if placement is None:
        return None
    periods = periods_with_availability([placement])
    return dict(PlacementOut(placement, context={"periods": periods}).data)


def _reaction_payload(pk: int) -> dict[str, Any] | None:
    reaction = Application.objects.filter(pk=pk).first()
    return None if reaction is None else dict(ReactionOut(reaction).data)


def _hours_visible(scope: Scope) -> QuerySet[Any] | None:
    if not may_list_students(scope):
        return None
    return HourEntry.objects.filter(internship__student__in=students_visible_to(scope))


def _certificates_visible(scope: Scope) -> QuerySet[Any] | None:
    if not may_list_students(scope):
        return None
    return Certificate.objects.filter(student__in=students_visible_to(scope))


KINDS: dict[str, Kind] = {
    WebhookEventKind.HOURS_VERIFIED: Kind(ApiScope.HOURS_READ, _hours_visible, _hours_payload),
    WebhookEventKind.CERTIFICATE_ISSUED: Kind(
        ApiScope.HOURS_READ, _certificates_visible, _certificate_payload
    ),
    WebhookEventKind.INTERNSHIP_COMPLETED: Kind(
        ApiScope.INTERNSHIPS_READ,
        lambda s: internships_visible_to(s) if may_list_internships(s) else None,
        _internship_payload,
    ),
    WebhookEventKind.PLACEMENT_PUBLISHED: Kind(
        ApiScope.PLACEMENTS_READ,
        lambda s: placements_visible_to(s) if may_read_placements(s) else None,
        _placement_payload,
    ),
    WebhookEventKind.PLACEMENT_CLOSED: Kind(
        ApiScope.PLACEMENTS_READ,
        lambda s: placements_visible_to(s) if may_read_placements(s) else None,
        _placement_payload,
    ),
    WebhookEventKind.REACTION_DECIDED: Kind(
        ApiScope.REACTIONS_READ,
        lambda s: applications_visible_to(s) if may_list_applications(s) else None,
        _reaction_payload,
    ),
}


def kinds_for(client: ApiClient) -> list[str]:
    """The events a client may subscribe to: those whose resource scope it holds."""
    return [kind for kind, spec in KINDS.items() if spec.scope in (client.scopes or [])]


def may_receive(client: ApiClient, kind: str, pk: int) -> bool:
    spec = KINDS.get(kind)
    if spec is None or client.revoked_at is not None or spec.scope not in (client.scopes or []):
        return False
    visible = spec.visible(client_scope(client))
    return visible is not None and visible.filter(pk=pk).exists()
