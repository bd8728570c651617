from django.tasks import task

from stageplein.core.queue import WAITED_FOR

# services.py imports this module too: both import the module, not its names, so either
# may be imported first.
from stageplein.exports import services


@task(priority=WAITED_FOR)
def run_export(export_id: int) -> str:

    export = services.export_run(export_id=export_id)
    return export.status if export else "skipped"
