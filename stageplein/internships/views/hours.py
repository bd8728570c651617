from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.links import peek_link, use_link
from stageplein.core.http import AuthedHttpRequest, from_outbox
from stageplein.core.links import absolute_reverse
from stageplein.core.paginate import paginate
from stageplein.internships.access import (
    InternshipAccess,
    access_to,
    internships_visible_to,
    may_verify_entries,
)
from stageplein.internships.documents import qr_data_uri
from stageplein.internships.forms import CONTENT_TYPES, HourEntryForm, RejectForm, kind_of
from stageplein.internships.models import HourEntry
from stageplein.internships.selectors import (
    entries_sharing_a_day,
    entries_to_verify,
    identical_recent_entry,
    school_accepts_paper_logs,
)
from stageplein.internships.services.common import HOURS_VERIFY, InternshipError
from stageplein.internships.services.hours import (
    DateOutsideInternship,
    hour_entry_ask_again,
    hour_entry_reject,
    hour_entry_submit,
    hour_entry_verify,
    session_window,
    session_window_message,
)
from stageplein.internships.views.common import files, load, posted
from stageplein.students.readlog import record_read, record_reads


def _entry(request: HttpRequest, pk: int) -> tuple[HourEntry, InternshipAccess]:
    scope = get_scope(request)
    entry = get_object_or_404(
        HourEntry.objects.filter(internship__in=internships_visible_to(scope)).select_related(
            "internship__student__user",
            "internship__student__school",
            "internship__provider",
            "internship__group_activity",
            "verified_by",
            "corrects",
        ),
        pk=pk,
    )
    record_read(request, entry.internship.student)
    return entry, access_to(scope, entry.internship)


def _may_verify(entry: HourEntry, access: InternshipAccess) -> bool:
    if access.verifier:
        return True
    # A school that accepts scans of signed paper logs confirms those itself.
    return (
        access.school_staff
        and bool(entry.paper_log)
        and school_accepts_paper_logs(entry.internship)
    )


@login_required
@require_http_methods(["GET", "POST"])
def hours_submit(request: AuthedHttpRequest, pk: int, correct: int | None = None) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_log_hours)
    corrects = None
    if correct is not None:
        corrects = get_object_or_404(internship.hours, pk=correct)
    paper_logs = access.student and school_accepts_paper_logs(internship)
    initial = {}
    if corrects is not None:
        initial = {
            "date": corrects.date,
            "hours": corrects.hours,
            "description": corrects.description,
        }
    form = HourEntryForm(posted(request), files(request), paper_logs=paper_logs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        again = (
            identical_recent_entry(
                internship=internship,
                by_id=request.user.pk,
                date=data["date"],
                hours=data["hours"],
                description=data["description"],
            )
            if corrects is None
            else None
        )
        if again is not None:
            return _saved(request, again, created=False)
        try:
            entry, created = hour_entry_submit(
                internship=internship,
                by=request.user,
                date=data["date"],
                hours=data["hours"],
                description=data["description"],
                submission_key=data["submission_key"],
                verified_by_submitter=access.verifier and not access.student,
                corrects=corrects,
                paper_log=data.get("paper_log"),
            )
        except InternshipError as exc:
            field = "date" if isinstance(exc, DateOutsideInternship) else None
            form.add_error(field, str(exc))
        else:
            return _saved(request, entry, created=created)
    if request.method == "POST" and from_outbox(request):
        # The outbox shows the server's reasons next to the queued entry.
        reasons = [str(e) for errors in form.errors.values() for e in errors]
        return JsonResponse({"status": "refused", "message": " ".join(reasons)}, status=400)
    earliest, latest = session_window(internship)
    return render(
        request,
        "internships/hours_form.html",
        {
            "internship": internship,
            "form": form,
            "corrects": corrects,
            "earliest": earliest,
            "latest": latest,
            "window_message": session_window_message(internship),
        },
    )


def _saved(request: HttpRequest, entry: HourEntry, *, created: bool) -> HttpResponse:
    if created:
        message = _("Your hours have been saved.")
    else:
        message = _("This form had been sent already: the hours were saved once, not again.")
    if from_outbox(request):
        return JsonResponse(
            {"status": "created" if created else "duplicate", "message": message},
            status=201 if created else 200,
        )
    if created:
        messages.success(request, message)
    else:
        messages.info(request, message)
    return redirect("hours_entry", entry.pk)


@login_required
@require_POST
def hours_ask_again(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The student sends the confirmation e-mail to the supervisor again."""
    entry, access = _entry(request, pk)
    require(access.student)
    try:
        hour_entry_ask_again(entry=entry, by=request.user)
    except InternshipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your supervisor has received the link again."))
    return redirect("hours_entry", entry.pk)


@login_required
def hours_correct(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry, access = _entry(request, pk)
    require(access.student)
    if entry.status not in (HourEntry.Status.VERIFIED, HourEntry.Status.REJECTED):
        messages.info(request, _("Only a verified or rejected entry can be corrected."))
        return redirect("hours_entry", pk)
    return hours_submit(request, entry.internship_id, correct=entry.pk)


@login_required
def hours_entry(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry, access = _entry(request, pk)
    require(access.may_see_details)
    qr = None
    if access.student and entry.status == HourEntry.Status.SUBMITTED:
        qr = qr_data_uri(absolute_reverse("hours_qr", entry.pk))
    return render(
        request,
        "internships/hour_entry.html",
        {
            "entry": entry,
            "internship": entry.internship,
            "access": access,
            "may_verify": _may_verify(entry, access),
            "qr": qr,
            "reject_form": RejectForm(),
            "corrections": entry.corrections.all(),
        },
    )


def _after(request: HttpRequest, entry: HourEntry, verified: bool, rejected: bool = False):
    if from_outbox(request):
        # A confirmation queued offline: a second send of it finds the entry handled.
        if verified:
            answer = {"status": "confirmed", "message": _("The hours have been confirmed.")}
        elif rejected:
            answer = {
                "status": "rejected",
                "message": _("The entry has been sent back to the student."),
            }
        else:
            answer = {"status": "handled", "message": _("This entry had been handled already.")}
        return JsonResponse(answer)
    if request.htmx:  # type: ignore[attr-defined]
        entry.refresh_from_db()
        return render(
            request,
            "internships/hours_to_verify.html#row",
            {"entry": entry, "done": verified or rejected},
        )
    if verified:
        messages.success(request, _("The hours have been confirmed."))
    elif rejected:
        messages.success(request, _("The entry has been sent back to the student."))
    else:
        messages.info(request, _("This entry had been handled already."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("hours_entry", entry.pk)


@login_required
@require_POST
def hours_verify(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry, access = _entry(request, pk)
    require(_may_verify(entry, access))
    method = HourEntry.Method.PLATFORM if access.verifier else HourEntry.Method.PAPER
    verified = hour_entry_verify(entry=entry, by=request.user, method=method)
    return _after(request, entry, verified)


@login_required
@require_POST
def hours_reject(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry, access = _entry(request, pk)
    require(_may_verify(entry, access))
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why, so that the student can correct it."))
        return redirect("hours_entry", pk)
    rejected = hour_entry_reject(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
    return _after(request, entry, False, rejected)


@login_required
@require_http_methods(["GET", "POST"])
def hours_qr(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Where the QR code on the student's phone leads. The supervisor must be signed in (with a
    password or an e-mailed link): otherwise the student could scan their own code."""
    entry, access = _entry(request, pk)
    require(access.verifier)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reject":
            form = RejectForm(request.POST)
            if form.is_valid():
                hour_entry_reject(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        else:
            hour_entry_verify(entry=entry, by=request.user, method=HourEntry.Method.QR)
        entry.refresh_from_db()
        return render(request, "internships/hours_verify_done.html", {"entry": entry})
    return render(
        request,
        "internships/hours_verify.html",
        {"entry": entry, "reject_form": RejectForm(), "action": request.path},
    )


@require_http_methods(["GET", "POST"])
def hours_verify_link(request: HttpRequest, token: str) -> HttpResponse:
    """The supervisor confirms from the e-mail without signing in (R-HOURS-4)."""
    link = peek_link(HOURS_VERIFY, token)
    entry = None
    if link is not None:
        entry = (
            HourEntry.objects.select_related("internship__student__user", "internship__provider")
            .filter(pk=link.payload.get("entry"))
            .first()
        )
    if link is None or entry is None:
        return render(request, "internships/link_invalid.html", status=410)
    # Read by the person the link was mailed to, whoever is signed in on this browser.
    record_reads(request, [entry.internship.student], user=link.user)
    if entry.status != HourEntry.Status.SUBMITTED:
        return render(request, "internships/hours_verify_done.html", {"entry": entry})
    if request.method == "POST":
        action = request.POST.get("action")
        form = RejectForm(request.POST)
        if action == "reject" and not form.is_valid():
            return render(
                request,
                "internships/hours_verify.html",
                {"entry": entry, "reject_form": form, "action": request.path},
            )
        with transaction.atomic():
            if use_link(HOURS_VERIFY, token) is None:
                return render(request, "internships/link_invalid.html", status=410)
            if action == "reject":
                hour_entry_reject(entry=entry, by=link.user, reason=form.cleaned_data["reason"])
            else:
                hour_entry_verify(entry=entry, by=link.user, method=HourEntry.Method.LINK)
        entry.refresh_from_db()
        return render(request, "internships/hours_verify_done.html", {"entry": entry})
    return render(
        request,
        "internships/hours_verify.html",
        {"entry": entry, "reject_form": RejectForm(), "action": request.path},
    )


@login_required
def hours_to_verify(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_verify_entries(scope))
    page = paginate(request, entries_to_verify(scope), per_page=50)
    entries = list(page.object_list)
    # The page shows what each student did (the descriptions), not only names: a read of each.
    record_reads(request, {e.internship.student_id: e.internship.student for e in entries}.values())
    doubled = entries_sharing_a_day(entries)
    return render(request, "internships/hours_to_verify.html", {"page": page, "doubled": doubled})


@login_required
def hours_paper_log(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    entry, access = _entry(request, pk)
    require(access.may_see_details and not access.parent)
    if not entry.paper_log:
        raise Http404
    return private_file(entry.paper_log, entry.paper_log.name or "", inline=True)


def private_file(field, name: str, *, inline: bool) -> FileResponse:
    """Serve an upload only through a view that checked permissions first. The type comes from
    the checked upload, never from the stored name alone; nosniff is set globally."""
    kind = kind_of(name) or ""
    content_type = CONTENT_TYPES.get(kind, "application/octet-stream")
    response = FileResponse(
        field.open("rb"),
        content_type=content_type,
        as_attachment=not inline or content_type not in ("image/jpeg", "image/png"),
        filename=name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    return response
