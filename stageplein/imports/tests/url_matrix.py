from django.urls import reverse

from tests.support.url_matrix import Row

OWN_SCHOOL_IMPORT = {"anonymous": 302, "coordinator": 200, "admin": 200}


def _import(name):
    return lambda w: reverse(name, args=[w.student_import.pk])


ROWS = {
    "import_start": Row(
        lambda w: reverse("import_start"),
        {"anonymous": 302, "coordinator": 200, "other_coordinator": 200, "admin": 200},
        default=403,
    ),
    "import_detail": Row(_import("import_detail"), OWN_SCHOOL_IMPORT, default=404),
    "import_mapping": Row(_import("import_mapping"), OWN_SCHOOL_IMPORT, default=404),
    "import_preview": Row(_import("import_preview"), OWN_SCHOOL_IMPORT, default=404),
}
