"""The people and places of an organisation: the broker of its area adds a location and invites
a contact person, who claims an account through the mailed one-time link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.models import User
from stageplein.core.http import AuthedHttpRequest
from stageplein.organisations import services
from stageplein.organisations.access import get_provider_for_user, may_manage_provider_people
from stageplein.organisations.signup_forms import ContactInviteForm, LocationForm


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def provider_location_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    provider = get_provider_for_user(request, pk)
    require(may_manage_provider_people(get_scope(request), provider))
    form = LocationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_location_add(provider=provider, by=request.user, **form.cleaned_data)
        except services.OrganisationError as error:
            form.add_error("postcode", str(error))
        else:
            messages.success(request, _("The location has been added."))
            return redirect("provider_detail", provider.pk)
    return render(
        request, "organisations/provider_location_add.html", {"provider": provider, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_contact_invite(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    provider = get_provider_for_user(request, pk)
    require(may_manage_provider_people(get_scope(request), provider))
    form = ContactInviteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_contact_invite(
                provider=provider, by=request.user, **form.cleaned_data
            )
        except services.OrganisationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("Invited: the contact person receives an e-mail."))
            return redirect("provider_detail", provider.pk)
    return render(
        request, "organisations/provider_contact_invite.html", {"provider": provider, "form": form}
    )


@require_http_methods(["GET", "POST"])
def provider_contact_claim(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: choose a password and become the organisation's contact. A link
    used before (or expired) shows that it no longer works, and does nothing."""
    invite = services.contact_invite_of(token)
    if invite is None:
        return render(request, "organisations/contact_claim.html", {"invite": None})
    person = User(
        email=invite["email"], first_name=invite["first_name"], last_name=invite["last_name"]
    )
    form = SetPasswordForm(person, _posted(request))
    if request.method == "POST" and form.is_valid():
        user = services.provider_contact_claim(
            raw=token, password=form.cleaned_data["new_password1"]
        )
        if user is None:
            return render(request, "organisations/contact_claim.html", {"invite": None})
        return render(request, "organisations/contact_claim.html", {"invite": invite, "done": True})
    return render(request, "organisations/contact_claim.html", {"invite": invite, "form": form})
