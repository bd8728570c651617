"""Template tags that put the internship into the shared pages (menu, home, student page)
without those templates knowing about roles: every decision comes from the selectors."""

from django import template
from django.utils.translation import gettext as _

from stageplein.accounts.access import get_scope
from stageplein.internships.access import (
    certificates_visible_to,
    internships_visible_to,
    may_list_internships,
    may_list_own_placements,
    may_manage_certificates,
    may_see_evaluations_menu,
    may_see_groups_menu,
    may_see_verify_menu,
)
from stageplein.internships.models import HourEntry, Internship
from stageplein.internships.selectors import same_day_entries, todo_for

register = template.Library()


@register.inclusion_tag("internships/partials/nav_items.html", takes_context=True)
def internship_nav(context):
    request = context["request"]
    scope = get_scope(request)
    return {
        "name": request.resolver_match.url_name if request.resolver_match else "",
        "internships": may_list_internships(scope),
        "verify": may_see_verify_menu(scope),
        "groups": may_see_groups_menu(scope),
        "own_placements": may_list_own_placements(scope),
        "evaluations": may_see_evaluations_menu(scope),
    }


@register.inclusion_tag("internships/partials/home_todo.html", takes_context=True)
def internship_todo(context):
    """What waits for this person: shown at the top of the home page."""
    return todo_for(get_scope(context["request"]))


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
def other_entries_that_day(entry: HourEntry) -> list[HourEntry]:
    return same_day_entries(entry)


@register.simple_tag(takes_context=True)
def counts_for_mas(context, entry: HourEntry, internship: Internship) -> str:
    """R-HOURS-3: say plainly, per entry, whether and when it counts for the MaS; to the
    student about "your" MaS, to parents, supervisors and staff about the student's."""
    request = context.get("request")
    own = request is not None and get_scope(request).student_id == internship.student_id
    if internship.status == Internship.Status.CANCELLED:
        return _("does not count: internship cancelled")
    if entry.status == HourEntry.Status.VERIFIED:
        if internship.contract_signed_at is None:
            if own:
                return _("counts for MaS once the contract is signed")
            return _("counts for the student's MaS once the contract is signed")
        return _("counts for MaS") if own else _("counts for the student's MaS")
    if entry.status == HourEntry.Status.SUBMITTED:
        if own:
            return _("counts for MaS once confirmed")
        return _("counts for the student's MaS once confirmed")
    if entry.status == HourEntry.Status.CORRECTED:
        return _("replaced by its correction")
    return _("does not count")
