from django.tasks import task


@task()
def run_export(export_id: int) -> str:
    from stageplein.exports.services import export_run

    export = export_run(export_id=export_id)
    return export.status if export else "skipped"
