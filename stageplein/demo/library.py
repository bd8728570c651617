"""Demo libraries: each region's draaiboek, providers' handbook and brokers' agreements; each
school's contract template and parents' leaflet. The files are small generated PDFs, stored
once and shared by all rows that point at them."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from stageplein.accounts.models import Membership, Role
from stageplein.documents.models import Document, DocumentVersion

C, V = Document.Category, Document.Visibility
REGION_DOCS = [
    ("Draaiboek maatschappelijke stage", C.AGREEMENT, V.ALL, 2),
    ("Handboek voor stagebieders", C.HANDBOOK, V.ALL, 1),
    ("Afspraken stagemakelaars en gemeenten", C.AGREEMENT, V.BROKERS, 1),
    ("Jaarkalender scholen", C.PLAN, V.SCHOOLS, 1),
]
SCHOOL_DOCS = [
    ("Stagecontract (sjabloon)", C.TEMPLATE, V.SCHOOLS),
    ("Folder maatschappelijke stage voor ouders", C.LEAFLET, V.ALL),
]


def make_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of text (Helvetica, no fonts embedded)."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = ["BT /F1 18 Tf 72 770 Td (" + esc(title) + ") Tj ET"]
    for i, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 72 {740 - 16 * i} Td ({esc(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def stored_pdf(title: str, version: int) -> tuple[str, int]:
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    name = f"private/documents/demo/{slug}-v{version}.pdf"
    content = make_pdf(
        f"{title} (versie {version})",
        [
            "Voorbeelddocument van Stageplein: gegenereerde demogegevens.",
            "Afspraken over de maatschappelijke stage in de regio.",
        ],
    )
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name, len(content)


def build(builder, rng, context) -> None:
    broker_user = context.brokers[0].user if context.brokers else None
    docs: list[tuple[Document, int]] = []
    for title, category, visibility, n_versions in REGION_DOCS:
        docs.append(
            (
                Document(
                    region=context.region,
                    title=title,
                    category=category,
                    visibility=visibility,
                    created_by=broker_user,
                ),
                n_versions,
            )
        )
    coordinators = dict(
        Membership.objects.filter(role=Role.COORDINATOR, school__in=context.schools).values_list(
            "school_id", "user_id"
        )
    )
    for school in context.schools:
        for title, category, visibility in SCHOOL_DOCS:
            docs.append(
                (
                    Document(
                        school=school,
                        title=title,
                        category=category,
                        visibility=visibility,
                        created_by_id=coordinators.get(school.pk),
                    ),
                    1,
                )
            )
    Document.objects.bulk_create([d for d, _n in docs])
    versions = []
    for doc, n in docs:
        for number in range(1, n + 1):
            name, size = stored_pdf(doc.title, number)
            versions.append(
                DocumentVersion(
                    document=doc,
                    number=number,
                    file=name,
                    original_name=name.rsplit("/", 1)[1],
                    content_type="application/pdf",
                    size=size,
                    note="Nieuwe afspraken na de evaluatie" if number > 1 else "",
                    uploaded_by_id=doc.created_by_id,
                )
            )
    DocumentVersion.objects.bulk_create(versions)
