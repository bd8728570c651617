"""The school's team: a coordinator invites mentors and coordinators, assigns mentors to
classes and deactivates staff who leave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.models import Role, User
from stageplein.core.http import AuthedHttpRequest
from stageplein.organisations.access import get_school_for_user
from stageplein.students.access import may_manage_staff
from stageplein.students.forms import AssignMentorForm, SchoolRulesForm, StaffInviteForm
from stageplein.students.services import (
    StaffError,
    mentor_assign_class,
    school_rules_save,
    staff_deactivate,
    staff_invite,
)


@login_required
@require_http_methods(["GET", "POST"])
def school_staff(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    school = get_school_for_user(request, pk)
    require(may_manage_staff(get_scope(request), school))
    mentors = User.objects.filter(memberships__school=school, memberships__role=Role.MENTOR)
    classes = list(
        school.students.filter(left_on__isnull=True)
        .exclude(class_name="")
        .values_list("class_name", flat=True)
        .distinct()
        .order_by("class_name")
    )
    action = request.POST.get("action") if request.method == "POST" else None
    invite = StaffInviteForm(request.POST if action == "invite" else None, prefix="invite")
    assign = AssignMentorForm(
        request.POST if action == "assign" else None,
        classes=classes,
        mentors=mentors.order_by("last_name"),
        prefix="assign",
    )
    rules = SchoolRulesForm(
        request.POST if action == "rules" else None, instance=school, prefix="rules"
    )
    if action == "rules" and rules.is_valid():
        school_rules_save(school=school, by=request.user, **rules.cleaned_data)
        messages.success(request, _("The school's rules are saved."))
        return redirect("school_staff", school.pk)
    try:
        if action == "deactivate":
            raw = request.POST.get("user", "")
            person = get_object_or_404(
                User.objects.distinct(),
                pk=int(raw) if raw.isdigit() else 0,
                memberships__school=school,
            )
            count = staff_deactivate(school=school, user=person, by=request.user)
            messages.success(
                request,
                _("%(name)s no longer works here; %(n)s students have no mentor now.")
                % {"name": person.get_full_name() or person.email, "n": count},
            )
            return redirect("school_staff", school.pk)
        if action == "invite" and invite.is_valid():
            staff_invite(school=school, by=request.user, **invite.cleaned_data)
            messages.success(request, _("Invited: they receive an e-mail."))
            return redirect("school_staff", school.pk)
        if action == "assign" and assign.is_valid():
            count = mentor_assign_class(school=school, by=request.user, **assign.cleaned_data)
            messages.success(request, _("Mentor assigned to %(n)s students.") % {"n": count})
            return redirect("school_staff", school.pk)
    except StaffError as error:
        if action == "deactivate":
            messages.error(request, str(error))
            return redirect("school_staff", school.pk)
        (invite if action == "invite" else assign).add_error(None, str(error))
    staff = (
        school.staff.filter(role__in=[Role.MENTOR, Role.COORDINATOR])
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    return render(
        request,
        "students/school_staff.html",
        {"school": school, "staff": staff, "invite": invite, "assign": assign, "rules": rules},
    )
