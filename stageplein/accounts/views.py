from urllib.parse import urlencode

from allauth.core.ratelimit import consume_or_429
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, may_sign_in_by_link
from stageplein.accounts.forms import SigninLinkForm
from stageplein.accounts.links import peek_link, use_link
from stageplein.accounts.models import OneTimeLink, User
from stageplein.accounts.services import SIGN_IN, signin_link_send


@require_http_methods(["GET", "POST"])
def signin_link_request(request: HttpRequest) -> HttpResponse:
    form = SigninLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Per client and per address asked for, the same for known and unknown addresses.
        limited = consume_or_429(
            request, action="signin_link", key=form.cleaned_data["email"].strip().lower()
        )
        if limited is not None:
            return limited
        signin_link_send(email=form.cleaned_data["email"])
        # The same page whether or not the address is known.
        return render(
            request, "accounts/signin_link_sent.html", {"email": form.cleaned_data["email"]}
        )
    return render(request, "accounts/signin_link_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no sign-in page of its own: its password form would skip the second
    factor, the lockout and the rate limits of the one sign-in page."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or reverse("admin:index")
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied  # signed in, but the admin is not for them
        return redirect(target)
    return redirect(reverse("account_login") + "?" + urlencode({"next": target}))


def _person_of(link: OneTimeLink | None) -> User | None:
    """Who the link signs in, if anyone. Checked again when the link is used: the person may
    have become staff since it was sent."""
    if link is None or link.user is None or not link.user.is_active:
        return None
    return link.user if may_sign_in_by_link(link.user) else None


@require_http_methods(["GET", "POST"])
def signin_link_use(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners open links, and must not use them up.
    if request.method == "GET":
        person = _person_of(peek_link(SIGN_IN, token))
        if person is None:
            return render(request, "accounts/signin_link_invalid.html", status=410)
        return render(request, "accounts/signin_link_confirm.html", {"link_user": person})
    person = _person_of(use_link(SIGN_IN, token))
    if person is None:
        return render(request, "accounts/signin_link_invalid.html", status=410)
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("home")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related(  # type: ignore[union-attr]
        "school", "provider", "broker", "municipality"
    )
    return render(
        request,
        "accounts/account.html",
        {"memberships": memberships, "roles": get_scope(request).roles},
    )
