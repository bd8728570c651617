from django.urls import reverse

from stageplein.core.access_matrix import Row

# A tiny valid PDF: the world's documents are real files, served through the download view.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
WORLD_FILE = "private/documents/world/draaiboek.pdf"


def extend_world(world) -> None:
    """The region's draaiboek for everyone in the region, and a school-only contract template."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from stageplein.documents.models import Document, DocumentVersion

    if not default_storage.exists(WORLD_FILE):
        default_storage.save(WORLD_FILE, ContentFile(PDF))
    region_doc = Document.objects.create(
        region=world.region,
        title="Draaiboek maatschappelijke stage",
        category=Document.Category.AGREEMENT,
        visibility=Document.Visibility.ALL,
        created_by=world.users["broker"],
    )
    school_doc = Document.objects.create(
        school=world.school,
        title="Stagecontract (sjabloon)",
        category=Document.Category.TEMPLATE,
        visibility=Document.Visibility.SCHOOLS,
        created_by=world.users["coordinator"],
    )
    for doc in (region_doc, school_doc):
        world.extra[f"document_{'region' if doc.region_id else 'school'}"] = doc
        world.extra[f"version_{'region' if doc.region_id else 'school'}"] = (
            DocumentVersion.objects.create(
                document=doc,
                number=1,
                file=WORLD_FILE,
                original_name="draaiboek.pdf",
                content_type="application/pdf",
                size=len(PDF),
            )
        )


# Everyone involved in the Zutphen region; the other region's people see nothing of it.
REGION = {
    "anonymous": 302,
    "student": 200,
    "parent": 200,
    "coordinator": 200,
    "mentor": 200,
    "provider_contact": 200,
    "supervisor": 200,
    "broker": 200,
    "municipality": 200,
    "admin": 200,
}
SCHOOL_ONLY = {"anonymous": 302, "coordinator": 200, "mentor": 200, "admin": 200}
KEEPERS_SCHOOL = {"anonymous": 302, "coordinator": 400, "admin": 400}


def _pk(key, name):
    return lambda w: reverse(name, args=[w.extra[key].pk])


ROWS = {
    "document_list": Row(lambda w: reverse("document_list"), {"anonymous": 302}, default=200),
    "document_create": Row(
        lambda w: reverse("document_create"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "other_coordinator": 200,
            "broker": 200,
            "admin": 200,
        },
        default=403,
    ),
    "document_detail": Row(_pk("document_region", "document_detail"), REGION, default=404),
    "document_download": Row(_pk("version_region", "document_download"), REGION, default=404),
    # An empty POST: keepers get the form back (400), those who may see it 403, others 404.
    "document_version_create": Row(
        _pk("document_school", "document_version_create"),
        {**KEEPERS_SCHOOL, "mentor": 403},
        default=404,
        method="POST",
    ),
}
# The school-only template, checked separately in tests/test_visibility.py.
