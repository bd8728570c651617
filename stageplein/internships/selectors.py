"""Reads of internships, always scoped to the person: who may see and do what is decided in
internships/access.py (``internships_visible_to``, ``InternshipAccess``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.access import Scope, any_of
from stageplein.internships.access import (
    certificates_visible_to,
    internships_visible_to,
    may_review_reports_of_school,
    may_see_todo,
    may_verify_entries,
)
from stageplein.internships.models import (
    Certificate,
    Concern,
    Contract,
    ContractTemplate,
    HourEntry,
    Internship,
    Party,
    Report,
)
from stageplein.students.models import Student

# -- contracts -------------------------------------------------------------------------------


def current_contract(internship: Internship) -> Contract | None:
    return (
        Contract.objects.filter(internship=internship, superseded_at__isnull=True)
        .prefetch_related("signatures__signed_by")
        .first()
    )


def contract_template_for_school(school_id: int, region_id: int) -> ContractTemplate | None:
    """The school's own template, else its region's, else None (the platform's default)."""
    templates = {
        ("school" if t.school_id else "region"): t
        for t in ContractTemplate.objects.filter(Q(school_id=school_id) | Q(region_id=region_id))
    }
    return templates.get("school") or templates.get("region")


def missing_parties(contract: Contract) -> list[str]:
    signed = {s.party for s in contract.signatures.all()}
    return [p for p in contract.required_parties if p not in signed]


# -- hours -----------------------------------------------------------------------------------


def counting_hours(internship: Internship) -> Decimal:
    total = HourEntry.objects.counting().filter(internship=internship).aggregate(t=Sum("hours"))
    return total["t"] or Decimal(0)


def entries_to_verify(scope: Scope) -> QuerySet[HourEntry]:
    """Hours waiting for this person's confirmation: at their organisation, at their school when
    it is the provider, or with a scanned paper log at a school that accepts those."""
    staff = scope.school_staff_schools
    condition = any_of(
        (bool(scope.providers), Q(internship__provider_id__in=scope.providers)),
        (
            bool(staff),
            Q(
                internship__provider__school_id__in=staff,
                internship__student__school_id__in=staff,
            ),
        ),
        (
            bool(staff),
            Q(internship__student__school_id__in=staff) & ~Q(paper_log=""),
        ),
    )
    return (
        HourEntry.objects.filter(condition, status=HourEntry.Status.SUBMITTED)
        .exclude(internship__status=Internship.Status.CANCELLED)
        .select_related("internship__student__user", "internship__provider")
        .order_by("date", "created_at")
    )


# A form sent again after Back is shown anew (with a new key) when the browser reloads it:
# the same session typed identically by the same person this soon after is the same session.
RESUBMIT_WINDOW = datetime.timedelta(minutes=30)


def identical_recent_entry(
    *, internship: Internship, by_id: int, date: datetime.date, hours: Decimal, description: str
) -> HourEntry | None:
    return (
        HourEntry.objects.filter(
            internship=internship,
            submitted_by_id=by_id,
            date=date,
            hours=hours,
            description=description.strip(),
            corrects__isnull=True,
            status__in=[HourEntry.Status.SUBMITTED, HourEntry.Status.VERIFIED],
            created_at__gte=timezone.now() - RESUBMIT_WINDOW,
        )
        .order_by("created_at")
        .first()
    )


def same_day_entries(entry: HourEntry) -> list[HourEntry]:
    """Other entries of the same internship on the same day: the supervisor is told before
    confirming, so a session logged twice is not confirmed twice."""
    return list(
        HourEntry.objects.filter(internship_id=entry.internship_id, date=entry.date)
        .exclude(pk=entry.pk)
        .exclude(status__in=[HourEntry.Status.REJECTED, HourEntry.Status.CORRECTED])
        .order_by("created_at")
    )


def entries_sharing_a_day(entries: list[HourEntry]) -> set[int]:
    """Of these entries, the ones whose internship has another live entry on the same day."""
    if not entries:
        return set()
    days = Q(pk__in=[])
    for e in entries:
        days |= Q(internship_id=e.internship_id, date=e.date)
    counted = (
        HourEntry.objects.filter(days)
        .exclude(status__in=[HourEntry.Status.REJECTED, HourEntry.Status.CORRECTED])
        .values("internship_id", "date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    doubled = {(row["internship_id"], row["date"]) for row in counted}
    return {e.pk for e in entries if (e.internship_id, e.date) in doubled}


def school_accepts_paper_logs(internship: Internship) -> bool:
    school = internship.student.school
    template = contract_template_for_school(school.pk, school.region_id)
    return bool(template and template.accepts_paper_logs)


# -- reports ---------------------------------------------------------------------------------


def reports_by_kind(internship: Internship) -> dict[str, list[Report]]:
    history: dict[str, list[Report]] = {k.value: [] for k in Report.Kind}
    for report in internship.reports.select_related("reviewed_by", "submitted_by").order_by(
        "kind", "-version"
    ):
        history[report.kind].append(report)
    return history


def reports_to_review(scope: Scope) -> QuerySet[Report]:
    return Report.objects.filter(
        status=Report.Status.SUBMITTED,
        internship__in=internships_visible_to(scope).filter(
            student__school_id__in=scope.school_staff_schools
        ),
    ).select_related("internship__student__user")


# -- groups ----------------------------------------------------------------------------------


def students_for_group(scope: Scope, school_id: int) -> QuerySet[Student]:
    """Students a mentor or coordinator may add to a group activity of their school."""
    if school_id not in scope.school_staff_schools:
        return Student.objects.none()
    return Student.objects.filter(school_id=school_id, left_on__isnull=True).select_related("user")


# -- certificates ----------------------------------------------------------------------------


def valid_certificate(student: Student) -> Certificate | None:
    return Certificate.objects.filter(student=student, revoked_at__isnull=True).first()


# -- evaluations -----------------------------------------------------------------------------


def evaluation_summary(scope: Scope) -> QuerySet:
    """Per provider and placement: how many evaluations, the average grade (R-INT-4).

    Aggregates only: the people who see it need no names. Providers see their own; schools see
    the providers their students went to; brokers their area's."""
    staff = scope.school_staff_schools
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.providers), Q(provider_id__in=scope.providers)),
        (bool(staff), Q(student__school_id__in=staff)),
        (
            bool(scope.broker_municipalities),
            Q(provider__municipality_id__in=scope.broker_municipalities),
        ),
    )

    return (
        Internship.objects.filter(condition)
        .filter(Q(student_evaluation__isnull=False) | Q(provider_assessment__isnull=False))
        # Per placement where the internship came from the vacancy bank (two placements may
        # share a title), else per title.
        .values("provider_id", "provider__name", "application__placement_id", "title")
        .annotate(
            evaluations=Count("student_evaluation"),
            average=Avg("student_evaluation__grade"),
            assessments=Count("provider_assessment"),
            attendance_good=Count(
                "provider_assessment", filter=Q(provider_assessment__attendance="good")
            ),
            effort_good=Count("provider_assessment", filter=Q(provider_assessment__effort="good")),
        )
        .order_by("provider__name", "title")
    )


# -- the home page's to-do list ----------------------------------------------------------------


def contracts_waiting_for(scope: Scope) -> QuerySet[Contract]:
    """Current contracts still missing a signature this person may give."""
    visible = internships_visible_to(scope).exclude(status=Internship.Status.CANCELLED)
    wanted = Q(pk__in=[])
    if scope.student_id is not None:
        wanted |= Q(internship__student_id=scope.student_id) & ~Q(signatures__party=Party.STUDENT)
    if scope.guardian_of:
        wanted |= Q(internship__student_id__in=scope.guardian_of, parent_required=True) & ~Q(
            signatures__party=Party.PARENT
        )
    if scope.contact_providers:
        wanted |= Q(internship__provider_id__in=scope.contact_providers) & ~Q(
            signatures__party=Party.PROVIDER
        )
    if scope.school_staff_schools:
        mine = Q(internship__student__school_id__in=scope.coordinator_schools) | Q(
            internship__student__mentor_id=scope.user_id
        )
        wanted |= mine & ~Q(signatures__party=Party.SCHOOL)
    return Contract.objects.filter(
        internship__in=visible, superseded_at__isnull=True, fully_signed_at__isnull=True
    ).filter(wanted)


def contracts_to_sign(scope: Scope) -> int:
    return contracts_waiting_for(scope).values("pk").distinct().count()


def concerns_to_follow_up(scope: Scope) -> QuerySet[Concern]:
    return Concern.objects.filter(
        internship__in=internships_visible_to(scope).filter(
            student__school_id__in=scope.school_staff_schools
        ),
        followed_up_at__isnull=True,
    )


def returned_to_student(scope: Scope) -> QuerySet[Report]:
    """Work the mentor sent back that the student has not handed in again."""
    return Report.objects.filter(
        internship__student_id=scope.student_id or 0, status=Report.Status.RETURNED
    ).exclude(internship__reports__status__in=[Report.Status.SUBMITTED, Report.Status.APPROVED])


class Waiting(TextChoices):
    """The to-do list's kinds; each opens the internships list filtered to that kind."""

    CONTRACT = "contract", _("with a contract waiting for your signature")
    REPORT = "report", _("with work waiting for your approval")
    CONCERN = "concern", _("with a report by the provider to follow up")
    RETURNED = "returned", _("with work sent back to you")


def internships_waiting(scope: Scope, kind: str) -> QuerySet[Internship]:
    """The internships behind one line of the to-do list, in this person's scope."""
    visible = internships_visible_to(scope)
    ids: Any
    if kind == Waiting.CONTRACT:
        ids = contracts_waiting_for(scope).values("internship_id")
    elif kind == Waiting.REPORT and may_review_reports_of_school(scope):
        ids = reports_to_review(scope).values("internship_id")
    elif kind == Waiting.CONCERN and may_review_reports_of_school(scope):
        ids = concerns_to_follow_up(scope).values("internship_id")
    elif kind == Waiting.RETURNED:
        ids = returned_to_student(scope).values("internship_id")
    else:
        return visible.none()
    return visible.filter(pk__in=ids)


def todo_for(scope: Scope) -> dict:
    """What waits for this person, counted in their scope (the home page's to-do list)."""
    if not may_see_todo(scope):
        return {"show": False}
    todo = {
        "show": True,
        "contracts": contracts_to_sign(scope),
        "hours": entries_to_verify(scope).count() if may_verify_entries(scope) else 0,
        "reports": reports_to_review(scope).count() if may_review_reports_of_school(scope) else 0,
        "concerns": concerns_to_follow_up(scope).values("internship_id").distinct().count()
        if may_review_reports_of_school(scope)
        else 0,
        "returned": 0,
        "waiting": 0,
        "certificates": [],
    }
    if scope.student_id is not None:
        mine = Q(internship__student_id=scope.student_id)
        todo["waiting"] = HourEntry.objects.filter(mine, status=HourEntry.Status.SUBMITTED).count()
        todo["returned"] = returned_to_student(scope).count()
    if scope.student_id is not None or scope.guardian_of:
        todo["certificates"] = list(
            certificates_visible_to(scope)
            .filter(Q(student_id=scope.student_id or 0) | Q(student_id__in=scope.guardian_of))
            .filter(revoked_at__isnull=True)
        )
    todo["anything"] = any(
        todo[k] for k in ("contracts", "hours", "reports", "concerns", "returned", "certificates")
    )
    return todo
