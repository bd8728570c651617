"""Template tags that put the internship into the shared pages (menu, home, student page)
without those templates knowing about roles: every decision comes from the selectors."""

from django import template
from django.db.models import Q

from stageplein.accounts.access import get_scope
from stageplein.internships.models import Concern, Contract, HourEntry, Internship, Party, Report
from stageplein.internships.selectors import (
    certificates_visible_to,
    entries_to_verify,
    internships_visible_to,
    may_list_groups,
    may_list_internships,
    may_manage_certificates,
    may_see_evaluation_summary,
    may_verify_entries,
    reports_to_review,
)

register = template.Library()


@register.inclusion_tag("internships/partials/nav_items.html", takes_context=True)
def internship_nav(context):
    request = context["request"]
    scope = get_scope(request)
    return {
        "name": request.resolver_match.url_name if request.resolver_match else "",
        "internships": may_list_internships(scope),
        "verify": may_verify_entries(scope) and bool(scope.providers),
        "groups": may_list_groups(scope) and bool(scope.school_staff_schools),
        "evaluations": may_see_evaluation_summary(scope) and bool(scope.providers or scope.brokers),
    }


def _contracts_to_sign(scope) -> int:
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
    return (
        Contract.objects.filter(
            internship__in=visible, superseded_at__isnull=True, fully_signed_at__isnull=True
        )
        .filter(wanted)
        .values("pk")
        .distinct()
        .count()
    )


@register.inclusion_tag("internships/partials/home_todo.html", takes_context=True)
def internship_todo(context):
    """What waits for this person: shown at the top of the home page."""
    scope = get_scope(context["request"])
    if not may_list_internships(scope) or scope.is_admin:
        return {"show": False}
    todo = {
        "show": True,
        "contracts": _contracts_to_sign(scope),
        "hours": entries_to_verify(scope).count() if may_verify_entries(scope) else 0,
        "reports": reports_to_review(scope).count() if scope.school_staff_schools else 0,
        "concerns": Concern.objects.filter(
            internship__in=internships_visible_to(scope).filter(
                student__school_id__in=scope.school_staff_schools
            ),
            followed_up_at__isnull=True,
        )
        .values("internship_id")
        .distinct()
        .count()
        if scope.school_staff_schools
        else 0,
        "returned": 0,
        "waiting": 0,
        "certificates": [],
    }
    if scope.student_id is not None:
        mine = Q(internship__student_id=scope.student_id)
        todo["waiting"] = HourEntry.objects.filter(mine, status=HourEntry.Status.SUBMITTED).count()
        todo["returned"] = (
            Report.objects.filter(mine, status=Report.Status.RETURNED)
            .exclude(
                internship__reports__status__in=[Report.Status.SUBMITTED, Report.Status.APPROVED]
            )
            .count()
        )
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


@register.inclusion_tag("internships/partials/student_internships.html", takes_context=True)
def student_internships(context, student):
    """On the student's page: the certificate and the way into each internship."""
    scope = get_scope(context["request"])
    certificates = list(certificates_visible_to(scope).filter(student=student))
    return {
        "student": student,
        "certificates": certificates,
        "valid": next((c for c in certificates if c.revoked_at is None), None),
        "manage": may_manage_certificates(scope, student),
        "progress": context.get("progress"),
        "csrf_token": context.get("csrf_token"),
        "visible": set(
            internships_visible_to(scope).filter(student=student).values_list("pk", flat=True)
        ),
    }


@register.simple_tag
def counts_for_mas(entry: HourEntry, internship: Internship) -> str:
    """R-HOURS-3: say plainly, per entry, whether and when it counts for the MaS."""
    from django.utils.translation import gettext as _

    if internship.status == Internship.Status.CANCELLED:
        return _("does not count: internship cancelled")
    if entry.status == HourEntry.Status.VERIFIED:
        if internship.contract_signed_at is None:
            return _("counts for MaS once the contract is signed")
        return _("counts for MaS")
    if entry.status == HourEntry.Status.SUBMITTED:
        return _("counts for MaS once confirmed")
    if entry.status == HourEntry.Status.CORRECTED:
        return _("replaced by its correction")
    return _("does not count")
