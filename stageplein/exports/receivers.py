from stageplein.exports.models import Export
from stageplein.reminders.workers import follow_task


def connect() -> None:
    follow_task(
        "stageplein.exports.tasks.run_export",
        Export,
        id_arg="export_id",
        running=(Export.Status.RUNNING,),
        queued=Export.Status.QUEUED,
        failed=Export.Status.FAILED,
        error="The task worker stopped while writing this export.",
    )
