from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from stageplein.accounts.models import User
from stageplein.documents.models import Document, DocumentVersion
from stageplein.documents.validation import check_upload
from stageplein.geo.models import Region
from stageplein.organisations.models import School


@transaction.atomic
def document_create(
    *,
    library: Region | School,
    user: User,
    title: str,
    upload: UploadedFile,
    category: str = Document.Category.OTHER,
    visibility: str = Document.Visibility.ALL,
    description: str = "",
) -> Document:
    content_type = check_upload(upload)
    document = Document.objects.create(
        region=library if isinstance(library, Region) else None,
        school=library if isinstance(library, School) else None,
        title=title,
        description=description,
        category=category,
        visibility=visibility,
        created_by=user,
    )
    _add_version(document, user, upload, content_type, note="")
    return document


@transaction.atomic
def document_version_add(
    *, document: Document, user: User, upload: UploadedFile, note: str = ""
) -> DocumentVersion:
    content_type = check_upload(upload)
    # Lock the document so that two uploads at once get numbers 2 and 3, not 2 twice.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    document.save(update_fields=["updated_at"])
    return _add_version(document, user, upload, content_type, note)


def _add_version(document, user, upload, content_type, note) -> DocumentVersion:
    last = document.versions.aggregate(n=Max("number"))["n"] or 0
    return DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        file=upload,
        original_name=(upload.name or "document")[:200],
        content_type=content_type,
        size=upload.size or 0,
        note=note,
        uploaded_by=user,
    )
