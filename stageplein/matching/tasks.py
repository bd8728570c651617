from django.tasks import task

from stageplein.matching.services import run_confirm_execute, run_execute


@task()
def compute_run(run_id: int) -> None:

    run_execute(run_id=run_id)


@task()
def confirm_run(run_id: int) -> None:

    run_confirm_execute(run_id=run_id)
