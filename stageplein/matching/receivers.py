from stageplein.matching.models import Run
from stageplein.reminders.workers import follow_task


def connect() -> None:
    follow_task(
        "stageplein.matching.tasks.compute_run",
        Run,
        id_arg="run_id",
        running=(Run.Status.RUNNING,),
        queued=Run.Status.QUEUED,
        failed=Run.Status.FAILED,
        error="The task worker stopped while computing the proposals.",
    )
    # Confirming stays CONFIRMING while queued again: each proposal is made once (its outcome
    # is saved with it), so the next attempt continues where the dead worker stopped.
    follow_task(
        "stageplein.matching.tasks.confirm_run",
        Run,
        id_arg="run_id",
        running=(Run.Status.CONFIRMING,),
        queued=None,
        failed=Run.Status.FAILED,
        error="The task worker stopped while making the reactions.",
    )
