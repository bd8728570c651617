"""Logbook, reflection on learning goals and final report (R-INT-3)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.internships.access import access_to, internships_visible_to
from stageplein.internships.forms import LearningGoalsForm, LogbookForm, ReportForm, ReviewForm
from stageplein.internships.models import LogbookEntry, Report
from stageplein.internships.selectors import reports_by_kind
from stageplein.internships.services import writing as writing_services
from stageplein.internships.services.common import InternshipError
from stageplein.internships.views.common import files, load, posted
from stageplein.internships.views.hours import private_file
from stageplein.students.consent import consent_in_force
from stageplein.students.models import ConsentPurpose


@login_required
@require_http_methods(["GET", "POST"])
def logbook(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_see_details)
    form = None
    photos_allowed = consent_in_force(internship.student, ConsentPurpose.PHOTOS)
    if access.may_write_logbook:
        form = LogbookForm(posted(request), files(request), photos_allowed=photos_allowed)
        if request.method == "POST" and form.is_valid():
            try:
                writing_services.logbook_write(
                    internship=internship, by=request.user, **form.cleaned_data
                )
            except InternshipError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your logbook entry has been saved."))
                return redirect("logbook", pk)
    elif request.method == "POST":
        require(False)
    entries = internship.logbook.select_related("author")
    latest = reports_by_kind(internship)[Report.Kind.LOGBOOK] if access.may_read_reports else []
    return render(
        request,
        "internships/logbook.html",
        {
            "internship": internship,
            "access": access,
            "form": form,
            "entries": entries,
            "history": latest,
            "kind": Report.Kind.LOGBOOK,
            "photos_allowed": photos_allowed,
        },
    )


@login_required
def logbook_photo(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    scope = get_scope(request)
    entry = get_object_or_404(
        LogbookEntry.objects.filter(internship__in=internships_visible_to(scope)).select_related(
            "internship__student", "internship__provider"
        ),
        pk=pk,
    )
    require(access_to(scope, entry.internship).may_see_details)
    if not entry.photo:
        raise Http404
    return private_file(entry.photo, entry.photo.name or "", inline=True)


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request: AuthedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Hand in (student), read (parent) and review (mentor) one kind of work, with history."""
    if kind not in Report.Kind.values:
        raise Http404
    internship, access = load(request, pk)
    require(access.may_read_reports)
    history = reports_by_kind(internship)[kind]
    latest = history[0] if history else None
    may_submit = access.may_submit_reports and (
        latest is None or latest.status == Report.Status.RETURNED
    )
    form = goals_form = None
    if may_submit:
        form = ReportForm(
            posted(request),
            files(request),
            with_text=kind != Report.Kind.LOGBOOK,
            initial={"text": latest.text if latest else ""},
        )
    if access.may_submit_reports and kind == Report.Kind.REFLECTION:
        goals_form = LearningGoalsForm(initial={"learning_goals": internship.learning_goals})
    if request.method == "POST":
        require(form is not None)
        assert form is not None
        if form.is_valid():
            try:
                writing_services.report_submit(
                    internship=internship,
                    kind=kind,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    file=form.cleaned_data.get("file"),
                )
            except InternshipError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Handed in: your mentor has been told."))
                return redirect("report_page", pk, kind)
    return render(
        request,
        "internships/report.html",
        {
            "internship": internship,
            "access": access,
            "kind": kind,
            "kind_label": Report.Kind(kind).label,
            "history": history,
            "latest": latest,
            "form": form,
            "goals_form": goals_form,
            "review_form": ReviewForm()
            if access.may_review_reports and latest and latest.status == Report.Status.SUBMITTED
            else None,
            "logbook": internship.logbook.all() if kind == Report.Kind.LOGBOOK else None,
        },
    )


@login_required
@require_POST
def learning_goals(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_submit_reports)
    form = LearningGoalsForm(request.POST)
    if form.is_valid():
        try:
            writing_services.learning_goals_set(
                internship=internship, by=request.user, text=form.cleaned_data["learning_goals"]
            )
        except InternshipError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your learning goals have been saved."))
    else:
        messages.error(request, _("Write down at least one learning goal."))
    return redirect("report_page", pk, Report.Kind.REFLECTION)


def _report(request: AuthedHttpRequest, pk: int):
    scope = get_scope(request)
    report = get_object_or_404(
        Report.objects.filter(internship__in=internships_visible_to(scope)).select_related(
            "internship__student", "internship__provider"
        ),
        pk=pk,
    )
    return report, access_to(scope, report.internship)


@login_required
def report_file(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    report, access = _report(request, pk)
    require(access.may_read_reports)
    if not report.file:
        raise Http404
    return private_file(report.file, report.file_name or report.file.name or "", inline=False)


@login_required
@require_POST
def report_review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report, access = _report(request, pk)
    require(access.may_review_reports)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or send back."))
        return redirect("report_page", report.internship_id, report.kind)
    try:
        done = writing_services.report_review(
            report=report,
            by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )
    except InternshipError as exc:
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, _("Your review has been saved; the student has been told."))
        else:
            messages.info(request, _("This version had been reviewed already."))
    return redirect("report_page", report.internship_id, report.kind)
