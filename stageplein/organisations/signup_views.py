"""Organisations joining: the public sign-up, the review by the broker (or the school where
no broker serves the area), and a broker adding an organisation themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.links import peek_link
from stageplein.core.http import AuthedHttpRequest
from stageplein.organisations import services
from stageplein.organisations.access import (
    get_provider_to_review,
    may_add_provider,
    may_add_provider_in,
    providers_visible_to,
)
from stageplein.organisations.models import ProviderSignup
from stageplein.organisations.signup_forms import (
    ProviderAddForm,
    ProviderSignupForm,
    ReviewForm,
    SignupChangeForm,
)


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def provider_signup(request: HttpRequest) -> HttpResponse:
    form = ProviderSignupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_signup(**form.cleaned_data)
        except services.OrganisationError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "organisations/signup_done.html")
    return render(request, "organisations/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def provider_signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail: a page with one button (a mail scanner that opens the
    link does not confirm), then the sign-up goes to the reviewers. A second use does nothing."""
    if request.method == "POST":
        signup = services.provider_signup_confirm(raw=token)
        return render(request, "organisations/signup_confirm.html", {"done": signup is not None})
    valid = peek_link(services.SIGNUP_CONFIRM, token) is not None
    return render(request, "organisations/signup_confirm.html", {"ask": valid, "done": False})


@login_required
@require_http_methods(["GET", "POST"])
def provider_review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    provider = get_provider_to_review(request, pk)
    signup = ProviderSignup.objects.filter(provider=provider).select_related("postcode").first()
    form = ReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        note = form.cleaned_data["note"]
        try:
            if decision == "changes":
                services.provider_ask_changes(provider=provider, by=request.user, note=note)
                done = _("Sent: the organisation reads your message and sends its changes.")
            else:
                approve = decision == "approve"
                services.provider_review(
                    provider=provider, by=request.user, approve=approve, note=note
                )
                done = (
                    _("Approved: its placements can reach students.") if approve else _("Refused.")
                )
        except services.OrganisationError as error:
            form.add_error("note", str(error))
        else:
            messages.success(request, done)
            return redirect("provider_review_list")
    return render(
        request,
        "organisations/review.html",
        {"provider": provider, "signup": signup, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_add(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_add_provider(scope))
    form = ProviderAddForm(_posted(request))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        same = services.duplicate_of(
            name=data["name"], postcode=data["postcode"], kvk_number=data["kvk_number"]
        )
        if not may_add_provider_in(scope, data["postcode"].municipality_id):
            form.add_error("postcode", _("This address is outside your area."))
        elif same is not None:
            # Offered instead of made twice: a location or a contact is added there.
            duplicate = same if providers_visible_to(scope).filter(pk=same.pk).exists() else None
            form.add_error(None, _("This organisation is already on Stageplein."))
        else:
            try:
                provider = services.provider_add(by=request.user, **data)
            except services.OrganisationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The organisation has been added."))
                return redirect("provider_detail", provider.pk)
    return render(
        request, "organisations/provider_add.html", {"form": form, "duplicate": duplicate}
    )


@require_http_methods(["GET", "POST"])
def provider_signup_change(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the "please change" e-mail: the reviewer's message above the sign-up's
    form. Sending it uses the link (once) and the sign-up waits for review again."""
    signup = services.signup_to_change(token)
    if signup is None:
        return render(request, "organisations/signup_change.html", {"signup": None})
    provider = signup.provider
    initial = {
        "name": provider.name,
        "kind": provider.kind,
        "sector": provider.sector_id,
        "description": provider.description,
        "address": signup.address,
        "postcode": signup.postcode_id,
        "contact_phone": signup.contact_phone,
        "kvk_number": signup.kvk_number,
        "motivation": signup.motivation,
    }
    form = SignupChangeForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.provider_signup_resubmit(raw=token, **form.cleaned_data)
        except services.OrganisationError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request, "organisations/signup_change.html", {"signup": signup, "sent": done}
            )
    return render(request, "organisations/signup_change.html", {"signup": signup, "form": form})
