"""The organisation's public page (issue 19): its text, logo and photos, kept by the
organisation itself. Writes only; what the public sees is decided in placements/access.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.organisations.images import clean_image
from stageplein.organisations.models import Provider, ProviderPhoto

MAX_PHOTOS = 6


def provider_profile_update(
    *, provider: Provider, by: User, description: str, learning: str
) -> Provider:
    provider.description = description.strip()
    provider.learning = learning.strip()
    provider.save(update_fields=["description", "learning"])
    return provider


def provider_logo_set(*, provider: Provider, by: User, upload: UploadedFile | None) -> Provider:
    """A new logo (checked and stripped), or none when ``upload`` is None. The old file goes."""
    old = provider.logo.name if provider.logo else ""
    if upload is None:
        provider.logo = ""
    else:
        clean = clean_image(upload)
        provider.logo.save(clean.file.name or "logo", clean.file, save=False)
    provider.save(update_fields=["logo"])
    if old:
        transaction.on_commit(lambda: provider.logo.storage.delete(old))
    return provider


def provider_photo_add(
    *, provider: Provider, by: User, upload: UploadedFile, alt_text: str
) -> ProviderPhoto:
    if not alt_text.strip():
        raise ValidationError(_("Say what the photo shows, for people who cannot see it."))
    with transaction.atomic():
        # Counted under the organisation's row lock: two uploads at once cannot pass the limit.
        Provider.objects.select_for_update().get(pk=provider.pk)
        if provider.photos.count() >= MAX_PHOTOS:
            raise ValidationError(_("At most %(n)d photos: remove one first.") % {"n": MAX_PHOTOS})
        clean = clean_image(upload)
        photo = ProviderPhoto(provider=provider, alt_text=alt_text.strip())
        photo.image.save(clean.file.name or "photo", clean.file, save=False)
        photo.save()
    return photo


def provider_photo_remove(*, photo: ProviderPhoto, by: User) -> None:
    name = photo.image.name or ""
    storage = photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
