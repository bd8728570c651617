"""The organisation edits its public page, with a preview (issue 19)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope
from stageplein.core.http import AuthedHttpRequest
from stageplein.organisations.access import get_provider_for_user, may_edit_provider
from stageplein.organisations.forms import LogoForm, PhotoForm, ProfileForm
from stageplein.organisations.profile import (
    MAX_PHOTOS,
    provider_logo_set,
    provider_photo_add,
    provider_photo_remove,
    provider_profile_update,
)


@login_required
@require_http_methods(["GET", "POST"])
def provider_profile(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    provider = get_provider_for_user(request, pk)
    if not may_edit_provider(get_scope(request), provider):
        raise Http404
    action = request.POST.get("action", "") if request.method == "POST" else ""
    initial = {"description": provider.description, "learning": provider.learning}
    form = ProfileForm(request.POST if action in ("save", "preview") else None, initial=initial)
    logo_form = LogoForm(
        request.POST if action == "logo" else None, request.FILES if action == "logo" else None
    )
    photo_form = PhotoForm(
        request.POST if action == "photo" else None, request.FILES if action == "photo" else None
    )
    preview = None
    if action == "save" and form.is_valid():
        provider_profile_update(provider=provider, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your public page has been saved."))
        return redirect("provider_profile", pk)
    if action == "preview" and form.is_valid():
        # Shown, not saved: the public page with the text as typed.
        preview = {**form.cleaned_data}
    if action == "logo" and logo_form.is_valid():
        try:
            provider_logo_set(
                provider=provider, by=request.user, upload=logo_form.cleaned_data["logo"]
            )
        except ValidationError as exc:
            logo_form.add_error("logo", exc)
        else:
            messages.success(request, _("The logo has been saved."))
            return redirect("provider_profile", pk)
    if action == "remove_logo":
        provider_logo_set(provider=provider, by=request.user, upload=None)
        messages.success(request, _("The logo has been removed."))
        return redirect("provider_profile", pk)
    if action == "photo" and photo_form.is_valid():
        try:
            provider_photo_add(
                provider=provider,
                by=request.user,
                upload=photo_form.cleaned_data["image"],
                alt_text=photo_form.cleaned_data["alt_text"],
            )
        except ValidationError as exc:
            photo_form.add_error("image", exc)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("provider_profile", pk)
    if action == "remove_photo":
        photo_id = request.POST.get("photo", "")
        photo = get_object_or_404(provider.photos, pk=int(photo_id) if photo_id.isdigit() else 0)
        provider_photo_remove(photo=photo, by=request.user)
        messages.success(request, _("The photo has been removed."))
        return redirect("provider_profile", pk)
    status = 400 if action and not preview else 200
    return render(
        request,
        "organisations/provider_profile.html",
        {
            "provider": provider,
            "form": form,
            "logo_form": logo_form,
            "photo_form": photo_form,
            "photos": list(provider.photos.all()),
            "max_photos": MAX_PHOTOS,
            "preview": preview,
        },
        status=status,
    )
