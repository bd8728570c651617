"""Role × URL rows for exports: a person's exports are theirs alone (404 for everyone else)."""

from django.urls import reverse

from tests.support.url_matrix import Row


def _export(name: str):
    return lambda w: reverse(name, args=[w.export.pk])


SIGNED_IN = {"anonymous": 302}
ROWS = {
    "export_list": Row(lambda w: reverse("export_list"), SIGNED_IN, default=200),
    "export_detail": Row(
        _export("export_detail"), {"anonymous": 302, "coordinator": 200}, default=404
    ),
    "export_download": Row(
        _export("export_download"), {"anonymous": 302, "coordinator": 200}, default=404
    ),
    # The coordinator's per-class table: allowed for coordinators (a file), refused for others.
    "export_start": Row(
        lambda w: reverse("export_start"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
        default=403,
        method="POST",
        data=lambda w: {"table": "school_classes", "format": "csv", "p_school": w.school.pk},
    ),
}
