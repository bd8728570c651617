"""Role × URL rows for exports: a person's exports are theirs alone (404 for everyone else)."""

from django.urls import reverse

from stageplein.core.access_matrix import Row
from stageplein.testing import World

EXTEND_ORDER = 200


def extend_world(world: World) -> None:
    from stageplein.exports.models import Export

    world.extra["export"] = Export.objects.create(
        requested_by=world.users["coordinator"],
        table="school_classes",
        params={"school": str(world.school.pk)},
        format=Export.Format.CSV,
        title="Leerlingen per klas",
        status=Export.Status.DONE,
        content=b"\xef\xbb\xbfKlas;Leerlingen\r\n2H1;2\r\n",
        filename="leerlingen-per-klas.csv",
        rows_total=1,
        rows_done=1,
    )


def _export(name: str):
    return lambda w: reverse(name, args=[w.extra["export"].pk])


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
