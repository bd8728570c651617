"""What may be uploaded: office documents, PDF and images, checked by their content (not just
their name), and not too big."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
OOXML = "[Content_Types].xml"
TYPES = {
    ".pdf": ("application/pdf", b"%PDF-", None),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
        OOXML,
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
        OOXML,
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
        OOXML,
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04", "mimetype"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04", "mimetype"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n", None),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff", None),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff", None),
}


def check_upload(upload: UploadedFile) -> str:
    """The content type to serve the file with; raises ValidationError when it is refused."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in TYPES:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(TYPES))}
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."))
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    content_type, magic, member = TYPES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    ok = head == magic
    if ok and member:
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = member in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("The file's content does not match its name (%(suffix)s).") % {"suffix": suffix}
        )
    return content_type
