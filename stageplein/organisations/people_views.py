"""The people and places of an organisation: the broker of its area adds a location and invites
a contact person, who claims an account through the mailed one-time link, and merges a
duplicate organisation into the one that stays."""

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
from stageplein.organisations.access import (
    get_provider_for_user,
    may_manage_provider_people,
    may_merge_provider,
    merge_targets,
)
from stageplein.organisations.selectors import likely_duplicates, merge_preview
from stageplein.organisations.signup_forms import ContactInviteForm, LocationForm, MergeForm


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


@login_required
@require_http_methods(["GET", "POST"])
def provider_merge(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Merge this organisation (the duplicate) into another: choose the one that stays (the
    likely duplicates first), see what moves, confirm."""
    duplicate = get_provider_for_user(request, pk)
    scope = get_scope(request)
    require(may_merge_provider(scope, duplicate))
    targets = merge_targets(scope, duplicate)
    data = (
        request.POST if request.method == "POST" else request.GET if "keep" in request.GET else None
    )
    form = MergeForm(data, targets=targets)
    keep = form.cleaned_data["keep"] if form.is_bound and form.is_valid() else None
    if request.method == "POST" and keep is not None:
        try:
            services.organisation_merge(broker=request.user, keep=keep, duplicate=duplicate)
        except services.OrganisationError as error:
            form.add_error("keep", str(error))
        else:
            messages.success(
                request,
                _("%(duplicate)s has been merged into %(keep)s.")
                % {"duplicate": duplicate.name, "keep": keep.name},
            )
            return redirect("provider_detail", keep.pk)
    return render(
        request,
        "organisations/provider_merge.html",
        {
            "duplicate": duplicate,
            "form": form,
            "keep": keep,
            "likely": likely_duplicates(duplicate, targets)[:10],
            "preview": merge_preview(duplicate) if keep is not None else None,
        },
    )
