"""Group internships (R-HOURS-5) and internships at school (R-HOURS-6)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.internships.access import (
    get_group_for_user,
    group_activities_visible_to,
    group_participants_visible_to,
    group_schools,
    may_create_groups,
    may_list_groups,
    may_run_group,
    may_verify_group,
)
from stageplein.internships.forms import (
    GroupActivityForm,
    GroupParticipantsForm,
    GroupSessionForm,
    SignForm,
)
from stageplein.internships.models import Contract, GroupSession, Party
from stageplein.internships.selectors import students_for_group
from stageplein.internships.services import groups as group_services
from stageplein.internships.services.common import InternshipError
from stageplein.internships.views.common import posted
from stageplein.organisations.access import providers_visible_to
from stageplein.organisations.models import Provider


@login_required
def group_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_groups(scope))
    qs = group_activities_visible_to(scope).select_related("school", "provider")
    page = paginate(request, qs.order_by("-start_date", "pk"), per_page=30)
    return render(
        request,
        "internships/group_list.html",
        {"page": page, "may_create": may_create_groups(scope)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_create_groups(scope))
    schools = group_schools(scope).order_by("name")
    wanted = request.GET.get("school", "")
    school = (schools.filter(pk=wanted).first() if wanted.isdigit() else None) or schools.first()
    assert school is not None
    at_school = group_services.school_as_provider(school)
    providers = Provider.objects.filter(
        Q(pk=at_school.pk)
        | Q(
            pk__in=providers_visible_to(scope).filter(
                region_id=school.region_id, school__isnull=True
            )
        )
    ).order_by("-school", "name")
    classes = list(
        school.students.filter(left_on__isnull=True)
        .exclude(class_name="")
        .values_list("class_name", flat=True)
        .distinct()
        .order_by("class_name")
    )
    form = GroupActivityForm(
        posted(request),
        providers=providers,
        classes=classes,
        initial={"provider": at_school.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        students = students_for_group(scope, school.pk)
        chosen = students.filter(class_name=data["class_name"]) if data["class_name"] else []
        activity = group_services.group_activity_create(
            school=school,
            provider=data["provider"],
            title=data["title"],
            description=data["description"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            planned_hours=data["planned_hours"],
            by=request.user,
            students=chosen,
        )
        messages.success(request, _("The group internship has been created."))
        return redirect("group_detail", activity.pk)
    return render(
        request,
        "internships/group_form.html",
        {"form": form, "school": school, "schools": schools},
    )


@login_required
def group_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    activity = get_group_for_user(request, pk)
    scope = get_scope(request)
    runs = may_run_group(scope, activity)
    internships = (
        group_participants_visible_to(scope, activity)
        .select_related("student__user")
        .order_by("student__class_name", "student__user__last_name")
    )
    contracts = {
        c.internship_id: c
        for c in Contract.objects.filter(
            internship__group_activity=activity, superseded_at__isnull=True
        ).prefetch_related("signatures")
    }
    rows = []
    for internship in internships:
        contract = contracts.get(internship.pk)
        signed = {s.party for s in contract.signatures.all()} if contract else set()
        rows.append(
            {
                "internship": internship,
                "signed": contract is not None and contract.fully_signed_at is not None,
                "missing": [Party(p).label for p in contract.required_parties if p not in signed]
                if contract
                else [],
            }
        )
    participants_form = None
    if runs:
        already = internships.values_list("student_id", flat=True)
        participants_form = GroupParticipantsForm(
            students=students_for_group(scope, activity.school_id)
            .exclude(pk__in=already)
            .order_by("class_name", "user__last_name")
        )
    session_form = None
    if runs or may_verify_group(scope, activity):
        session_form = GroupSessionForm(internships=internships)
    return render(
        request,
        "internships/group_detail.html",
        {
            "activity": activity,
            "rows": rows,
            "unnamed": activity.internships.count() - len(rows),
            "runs": runs,
            "verifies": may_verify_group(scope, activity),
            "sessions": activity.sessions.prefetch_related("participants"),
            "participants_form": participants_form,
            "session_form": session_form,
            "sign_form": SignForm(initial={"name": request.user.get_full_name()}) if runs else None,
        },
    )


@login_required
@require_POST
def group_participants(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    activity = get_group_for_user(request, pk)
    scope = get_scope(request)
    require(may_run_group(scope, activity))
    form = GroupParticipantsForm(
        request.POST, students=students_for_group(scope, activity.school_id)
    )
    if form.is_valid():
        added = group_services.group_participants_add(
            activity=activity, students=form.cleaned_data["students"], by=request.user
        )
        messages.success(request, _("Participants added: %(n)s.") % {"n": len(added)})
    else:
        messages.error(request, _("Choose at least one student."))
    return redirect("group_detail", pk)


@login_required
@require_POST
def group_sign(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The school signs every participant's contract at once (and as provider at school)."""
    activity = get_group_for_user(request, pk)
    scope = get_scope(request)
    require(may_run_group(scope, activity))
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type your name and tick that you agree, then sign."))
        return redirect("group_detail", pk)
    parties = [Party.SCHOOL.value]
    if activity.provider.school_id == activity.school_id:
        parties.append(Party.PROVIDER.value)
    n = group_services.group_contracts_sign(
        activity=activity, by=request.user, name=form.cleaned_data["name"], parties=parties
    )
    messages.success(request, _("Signatures added: %(n)s.") % {"n": n})
    return redirect("group_detail", pk)


@login_required
@require_POST
def group_session_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    activity = get_group_for_user(request, pk)
    scope = get_scope(request)
    verifies = may_verify_group(scope, activity)
    require(may_run_group(scope, activity) or verifies)
    form = GroupSessionForm(request.POST, internships=activity.internships.all())
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The session was not saved: %(errors)s") % {"errors": errors})
        return redirect("group_detail", pk)
    try:
        group_services.group_session_record(
            activity=activity, by=request.user, verify=verifies, **form.cleaned_data
        )
    except InternshipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The session has been saved and every participant present has been credited.")
            if verifies
            else _("The session has been saved; the provider is asked to confirm it."),
        )
    return redirect("group_detail", pk)


@login_required
@require_POST
def group_session_verify(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    session = get_object_or_404(
        GroupSession.objects.filter(activity__in=group_activities_visible_to(scope)).select_related(
            "activity__provider"
        ),
        pk=pk,
    )
    require(may_verify_group(scope, session.activity))
    if group_services.group_session_verify(session=session, by=request.user):
        messages.success(request, _("Confirmed: every participant present has been credited."))
    else:
        messages.info(request, _("This session had been confirmed already."))
    return redirect("group_detail", session.activity_id)
