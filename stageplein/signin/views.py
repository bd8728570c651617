"""Sign-in without e-mail: cards (printed per class, reissued per student) and class sign-in
(docs/signin.md). Thin views: access decides, services change, templates show."""

from __future__ import annotations

from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.login import sign_in
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.links import absolute_reverse
from stageplein.core.pdf import qr_data_uri, render_pdf
from stageplein.organisations.access import get_school_for_user
from stageplein.signin import services
from stageplein.signin.access import (
    card_students,
    class_signin_classes,
    get_class_signin_for_user,
    get_resettable_user_for_user,
    may_print_signin_cards,
    may_run_class_signin,
)
from stageplein.signin.codes import grouped, normalise
from stageplein.signin.forms import ClassCodeForm, CodeForm, ConfirmBirthForm, StartClassForm
from stageplein.signin.models import ClassSignin
from stageplein.signin.second_factor import second_factor_status
from stageplein.signin.services import Outcome
from stageplein.students.access import get_student_for_user

CLASS_SESSION_KEY = "class_signin"


# --- Cards (coordinator) -------------------------------------------------------------------


@login_required
@require_GET
def cards(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    school = get_school_for_user(request, pk)
    require(may_print_signin_cards(get_scope(request), school))
    students = card_students(school)
    classes: dict[str, int] = {}
    for name in students.exclude(class_name="").values_list("class_name", flat=True):
        classes[name] = classes.get(name, 0) + 1
    return render(
        request,
        "signin/cards.html",
        {
            "school": school,
            "classes": sorted(classes.items()),
            "days": services.card_validity().days,
        },
    )


def _cards_pdf(request: HttpRequest, issued: list[services.IssuedCard], name: str) -> HttpResponse:
    cards = []
    for card in issued:
        url = absolute_reverse("signin_card_link", card.code)
        cards.append({"card": card, "code": grouped(card.code), "url": url, "qr": qr_data_uri(url)})
    pdf = render_pdf(request, "signin/cards_pdf.html", {"cards": cards})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
@require_POST
def cards_print(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A card for every student of a class; earlier unused cards of theirs stop working."""
    school = get_school_for_user(request, pk)
    require(may_print_signin_cards(get_scope(request), school))
    class_name = request.POST.get("class_name", "")
    students = list(card_students(school).filter(class_name=class_name).order_by("user__last_name"))
    issued = services.cards_issue(actor=request.user, students=students)
    if not issued:
        messages.error(request, _("This class has no students who can sign in with a card."))
        return redirect("signin_cards", school.pk)
    return _cards_pdf(request, issued, f"inlogkaarten-{class_name or school.pk}")


@login_required
@require_POST
def card_reissue(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A new card for one student who lost theirs: the old one stops working."""
    student = get_student_for_user(request, pk)
    require(may_print_signin_cards(get_scope(request), student.school))
    issued = services.cards_issue(actor=request.user, students=[student])
    if not issued:
        messages.error(request, _("This person cannot sign in with a card."))
        return redirect("student_detail", student.pk)
    return _cards_pdf(request, issued, f"inlogkaart-{student.student_number}")


# --- Cards (student) -----------------------------------------------------------------------


def _card_outcome(request: HttpRequest, code: str) -> HttpResponse:
    limited = consume_or_429(request, action="signin_code")
    if limited is not None:
        return limited
    result = services.card_use(code=code)
    if result.outcome is Outcome.OK and result.user is not None:
        return sign_in(request, result.user, "signin_card")
    return render(
        request, "signin/code_refused.html", {"outcome": result.outcome.value}, status=410
    )


@require_http_methods(["GET", "POST"])
def card_signin(request: HttpRequest) -> HttpResponse:
    """Type the code from the card."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _card_outcome(request, form.cleaned_data["code"])
    return render(request, "signin/card_signin.html", {"form": form})


@require_http_methods(["GET", "POST"])
def card_signin_link(request: HttpRequest, code: str) -> HttpResponse:
    """The card's QR code. GET only shows a button: a scanner app that previews the link
    must not use the card up."""
    if request.method == "POST":
        return _card_outcome(request, code)
    return render(request, "signin/card_confirm.html", {"code": grouped(normalise(code))})


@login_required
@require_GET
def welcome(request: AuthedHttpRequest) -> HttpResponse:
    """After a card or class sign-in: add a passkey or an e-mail address for next time."""
    return render(request, "signin/welcome.html", {"has_email": bool(request.user.email)})


# --- Class sign-in (mentor) ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def class_start(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    school = get_school_for_user(request, pk)
    scope = get_scope(request)
    require(may_run_class_signin(scope, school))
    form = StartClassForm(request.POST or None, classes=class_signin_classes(scope, school))
    if request.method == "POST" and form.is_valid():
        session, code = services.class_signin_start(
            actor=request.user, school=school, class_name=form.cleaned_data["class_name"]
        )
        # The code is shown once, on the screen of whoever started it; only its hash is kept.
        request.session[f"class_code_{session.pk}"] = code
        return redirect("class_signin_screen", session.pk)
    return render(request, "signin/class_start.html", {"school": school, "form": form})


def _screen_context(request: HttpRequest, session: ClassSignin) -> dict:
    code = request.session.get(f"class_code_{session.pk}", "")
    return {
        "session": session,
        "code": grouped(code) if code else "",
        "is_open": services.class_signin_is_open(session),
        "progress": services.class_signin_progress(session),
        "enter_url": absolute_reverse("class_signin"),
    }


@login_required
@require_GET
def class_screen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The classroom screen: the code, and who is in (refreshed by htmx)."""
    session = get_class_signin_for_user(request, pk)
    template = "signin/class_progress.html" if request.htmx else "signin/class_screen.html"
    return render(request, template, _screen_context(request, session))


@login_required
@require_POST
def class_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    session = get_class_signin_for_user(request, pk)
    services.class_signin_close(actor=request.user, session=session)
    request.session.pop(f"class_code_{session.pk}", None)
    messages.success(request, _("The class sign-in is closed."))
    return redirect("class_signin_screen", session.pk)


# --- Class sign-in (student) ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def class_signin(request: HttpRequest) -> HttpResponse:
    """Step 1: the class code from the classroom screen."""
    form = ClassCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limited = consume_or_429(request, action="signin_code")
        if limited is not None:
            return limited
        session = services.class_signin_open(code=form.cleaned_data["code"])
        if session is not None:
            request.session[CLASS_SESSION_KEY] = session.pk
            return redirect("class_signin_names")
        form.add_error("code", _("This class code is not open. Check it on the screen."))
    return render(request, "signin/class_signin.html", {"form": form}, status=200)


@require_http_methods(["GET", "POST"])
def class_signin_names(request: HttpRequest) -> HttpResponse:
    """Step 2: pick your own name, confirm with your date of birth."""
    session = get_object_or_404(
        ClassSignin.objects.filter(expires_at__gt=timezone.now(), closed_at__isnull=True),
        pk=request.session.get(CLASS_SESSION_KEY) or 0,
    )
    students = services.class_signin_students(session)
    form = ConfirmBirthForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        limited = consume_or_429(request, action="signin_code")
        if limited is not None:
            return limited
        result = services.class_signin_confirm(
            session=session,
            student_id=form.cleaned_data["student"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        if result.outcome is Outcome.OK and result.user is not None:
            request.session.pop(CLASS_SESSION_KEY, None)
            return sign_in(request, result.user, "class_signin")
        errors = {
            Outcome.WRONG: _("That is not the date of birth we know. Try again."),
            Outcome.LOCKED: _("Too many tries for this name. Ask your mentor."),
            Outcome.USED: _("This name has already signed in. Ask your mentor."),
        }
        form.add_error(None, errors.get(result.outcome, _("Ask your mentor.")))
    return render(request, "signin/class_names.html", {"session": session, "form": form})


# --- Two-step sign-in for staff ------------------------------------------------------------


@login_required
@require_GET
def second_factor_required(request: AuthedHttpRequest) -> HttpResponse:
    """Why staff must set up a second factor, and the two ways to do it."""
    blocked, deadline = second_factor_status(request.user)
    return render(
        request,
        "signin/second_factor_required.html",
        {"blocked": blocked, "deadline": deadline, "has_factor": deadline is None},
    )


@login_required
@require_POST
def second_factor_reset(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = get_resettable_user_for_user(request, pk)
    services.second_factor_reset(actor=request.user, user=person)
    messages.success(
        request,
        _("Two-step sign-in of %(name)s is reset: they set it up again at their next sign-in.")
        % {"name": person.get_full_name() or person.email},
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("account")
    return redirect(target)
