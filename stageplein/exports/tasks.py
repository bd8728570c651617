from django.tasks import task

from stageplein.exports.services import export_run


@task()
def run_export(export_id: int) -> str:

    export = export_run(export_id=export_id)
    return export.status if export else "skipped"
