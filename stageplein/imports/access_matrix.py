from django.urls import reverse

from stageplein.core.access_matrix import Row

OWN_SCHOOL_IMPORT = {"anonymous": 302, "coordinator": 200, "admin": 200}


def extend_world(world) -> None:
    from stageplein.imports.models import StudentImport
    from stageplein.imports.sample import magister_rows, to_csv

    world.extra["student_import"] = StudentImport.objects.create(
        school=world.school,
        uploaded_by=world.users["coordinator"],
        filename="leerlingen.csv",
        content=to_csv(magister_rows(3)),
        status=StudentImport.Status.CHECKED,
        columns={"student_number": "Stamnr"},
        report={"new": 3, "updated": 0, "unchanged": 0, "returned": 0, "left": 0, "errors": []},
        rows_total=3,
    )


def _import(name):
    return lambda w: reverse(name, args=[w.extra["student_import"].pk])


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
