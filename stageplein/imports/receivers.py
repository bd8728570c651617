from stageplein.imports.models import StudentImport
from stageplein.reminders.workers import follow_task


def connect() -> None:
    # The import is written in one transaction: a worker that died left nothing half-done.
    follow_task(
        "stageplein.imports.tasks.run_student_import",
        StudentImport,
        id_arg="import_id",
        running=(StudentImport.Status.RUNNING,),
        queued=StudentImport.Status.QUEUED,
        failed=StudentImport.Status.FAILED,
        error="internal: the task worker stopped during the import",
    )
