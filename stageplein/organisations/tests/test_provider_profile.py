"""The organisation edits its public page: text with a preview, a logo and photos with alt
text. Uploads are checked by content, size and dimensions, stored without metadata (no GPS
position) and served with safe headers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stageplein.organisations.models import Provider, ProviderPhoto, ReviewStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg_with_location(size=(400, 300)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (6.0, 12.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(content: bytes, name="foto.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def profile_url(world) -> str:
    return reverse("provider_profile", args=[world.provider.pk])


def test_the_organisation_previews_then_saves_what_a_student_learns(client_as, world):
    client = client_as("provider_contact")
    text = {"description": "Wij runnen een buurttuin.", "learning": "Samenwerken en plannen."}
    preview = client.post(profile_url(world), {**text, "action": "preview"})
    assert "Voorbeeld (nog niet opgeslagen)" in preview.content.decode()
    assert "Samenwerken en plannen." in preview.content.decode()
    world.provider.refresh_from_db()
    assert world.provider.learning == ""  # a preview saves nothing
    client.post(profile_url(world), {**text, "action": "save"})
    public = client_as("anonymous").get(reverse("public_provider", args=[world.provider.pk]))
    assert "Wat je hier leert" in public.content.decode()
    assert "Samenwerken en plannen." in public.content.decode()


def test_a_logo_loses_its_location_and_camera_data(client_as, client, world):
    original = jpeg_with_location()
    assert Image.open(io.BytesIO(original)).getexif()  # the phone's photo carries them
    response = client_as("provider_contact").post(
        profile_url(world), {"action": "logo", "logo": upload(original)}
    )
    assert response.status_code == 302
    world.provider.refresh_from_db()
    served = client.get(reverse("public_provider_logo", args=[world.provider.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("inline; filename=")
    assert "sandbox" in served["Content-Security-Policy"]
    body = b"".join(served.streaming_content)
    stored = Image.open(io.BytesIO(body))
    assert not stored.getexif() and b"PhoneMaker" not in body
    assert "foto" not in world.provider.logo.name  # our name, not the upload's


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"<html><script>alert(1)</script></html>", "logo.png", "geen afbeelding"),
        (b"%PDF-1.4 not an image", "logo.jpg", "geen afbeelding"),
        (jpeg_with_location((40, 40)), "klein.jpg", "te klein"),
        (b"\xff" * (5 * 1024 * 1024 + 1), "groot.jpg", "5 MB"),
    ],
)
def test_what_is_not_a_usable_image_is_refused_with_its_reason(
    client_as, world, content, name, reason
):
    response = client_as("provider_contact").post(
        profile_url(world), {"action": "logo", "logo": upload(content, name, "image/png")}
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    world.provider.refresh_from_db()
    assert not world.provider.logo


def test_a_picture_that_declares_huge_dimensions_is_refused(client_as, world):
    out = io.BytesIO()
    Image.new("L", (7000, 100)).save(out, format="PNG")
    response = client_as("provider_contact").post(
        profile_url(world), {"action": "logo", "logo": upload(out.getvalue(), "lang.png")}
    )
    assert response.status_code == 400 and "6000" in response.content.decode()


def test_a_photo_needs_alt_text_and_shows_it_on_the_public_page(client_as, client, world):
    contact = client_as("provider_contact")
    refused = contact.post(
        profile_url(world), {"action": "photo", "image": upload(jpeg_with_location())}
    )
    assert refused.status_code == 400 and not ProviderPhoto.objects.exists()
    contact.post(
        profile_url(world),
        {"action": "photo", "image": upload(jpeg_with_location()), "alt_text": "Een moestuin"},
    )
    photo = ProviderPhoto.objects.get()
    page = client.get(reverse("public_provider", args=[world.provider.pk])).content.decode()
    assert 'alt="Een moestuin"' in page
    assert (
        client.get(reverse("public_provider_photo", args=[world.provider.pk, photo.pk])).status_code
        == 200
    )
    contact.post(profile_url(world), {"action": "remove_photo", "photo": photo.pk})
    assert not ProviderPhoto.objects.exists()


def test_a_supervisor_may_not_edit_the_public_page(client_as, world):
    assert client_as("supervisor").get(profile_url(world)).status_code == 404


def test_images_of_an_organisation_not_yet_public_are_only_for_its_own_people(
    client_as, client, world
):
    Provider.objects.filter(pk=world.provider.pk).update(review_status=ReviewStatus.PENDING)
    client_as("provider_contact").post(
        profile_url(world), {"action": "logo", "logo": upload(jpeg_with_location())}
    )
    url = reverse("public_provider_logo", args=[world.provider.pk])
    assert client.get(url).status_code == 404
    own = client_as("provider_contact").get(url)
    assert own.status_code == 200 and own["Cache-Control"] == "private, no-store"
