"""The school's team and profile: a coordinator invites mentors and coordinators, assigns
mentors to classes or single students, deactivates staff who leave, and keeps the school's
contact for providers and its own rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.models import Role, User
from stageplein.core.http import AuthedHttpRequest
from stageplein.organisations.access import get_school_for_user
from stageplein.students.access import (
    get_student_for_user,
    may_assign_mentor,
    may_edit_school_profile,
    may_manage_staff,
)
from stageplein.students.forms import (
    AssignMentorForm,
    SchoolProfileForm,
    StaffInviteForm,
    StudentMentorForm,
)
from stageplein.students.services import (
    StaffError,
    mentor_assign_class,
    mentor_assign_students,
    school_profile_save,
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
        {"school": school, "staff": staff, "invite": invite, "assign": assign},
    )


def _mentors_of(school) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__school=school, memberships__role=Role.MENTOR)
        .distinct()
        .order_by("last_name", "first_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def student_mentor(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A coordinator chooses one student's mentor (a student outside the mentor's class)."""
    student = get_student_for_user(request, pk)
    require(may_assign_mentor(get_scope(request), student))
    form = StudentMentorForm(
        request.POST if request.method == "POST" else None,
        mentors=_mentors_of(student.school),
        initial={"mentor": student.mentor_id},
    )
    if request.method == "POST" and form.is_valid():
        mentor = form.cleaned_data["mentor"]
        try:
            mentor_assign_students(
                school=student.school, students=[student], mentor=mentor, by=request.user
            )
        except StaffError as error:
            form.add_error("mentor", str(error))
        else:
            if mentor is None:
                messages.success(request, _("The student has no mentor now."))
            else:
                messages.success(
                    request,
                    _("%(mentor)s is now the mentor.")
                    % {"mentor": mentor.get_full_name() or mentor.email},
                )
            return redirect("student_detail", student.pk)
    return render(request, "students/student_mentor.html", {"student": student, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def school_profile(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The school's contact for providers, its own rules and the levels per location."""
    school = get_school_for_user(request, pk)
    require(may_edit_school_profile(get_scope(request), school))
    form = SchoolProfileForm(request.POST if request.method == "POST" else None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            school_profile_save(
                school=school,
                by=request.user,
                location_levels=form.location_levels(),
                **form.profile_data(),
            )
        except StaffError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The school's profile is saved."))
            return redirect("school_profile", school.pk)
    return render(request, "students/school_profile.html", {"school": school, "form": form})
