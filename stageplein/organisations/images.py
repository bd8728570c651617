"""Images an organisation puts on its public page: checked by their content (never by name or
declared type), limited in bytes and in pixels, and re-encoded by Pillow, which drops every
piece of metadata (EXIF, GPS position, camera serial, comments) and anything hidden after the
picture. The file gets a name we make, so no upload's name reaches a URL."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MIN_SIDE = 100
MAX_SIDE = 6000
# Stored no larger than this: a phone's 4000-pixel photo would only make the page slow.
STORE_SIDE = 1600
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())


@dataclass(frozen=True)
class CleanImage:
    file: ContentFile
    content_type: str
    width: int
    height: int


def clean_image(upload: UploadedFile) -> CleanImage:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(_("The image is too large: at most 5 MB."))
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format or ""
            probe.verify()  # a damaged or truncated file stops here
        upload.seek(0)
        with Image.open(upload) as opened:
            if kind not in FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP image."))
            width, height = opened.size
            if min(width, height) < MIN_SIDE:
                raise ValidationError(
                    _("The image is too small: at least %(n)d pixels on each side.")
                    % {"n": MIN_SIDE}
                )
            if max(width, height) > MAX_SIDE:
                raise ValidationError(
                    _("The image is too large: at most %(n)d pixels on a side.") % {"n": MAX_SIDE}
                )
            # A photo taken upright on a phone is stored sideways plus an EXIF note: apply the
            # note, since the note itself goes.
            image: Image.Image = ImageOps.exif_transpose(opened)
            image.thumbnail((STORE_SIDE, STORE_SIDE))
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            # Saved without exif=, icc_profile= or pnginfo=: nothing but the pixels.
            image.save(out, format=kind, **({"quality": 85} if kind != "PNG" else {}))
            final_width, final_height = image.size
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image is too large.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This is not an image we can use: upload a JPEG, PNG or WebP.")
        ) from None
    finally:
        upload.seek(0)
    ext, content_type = FORMATS[kind]
    return CleanImage(
        file=ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}"),
        content_type=content_type,
        width=final_width,
        height=final_height,
    )


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
