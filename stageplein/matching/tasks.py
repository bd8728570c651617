from django.tasks import task


@task()
def compute_run(run_id: int) -> None:
    from stageplein.matching.services import run_execute

    run_execute(run_id=run_id)


@task()
def confirm_run(run_id: int) -> None:
    from stageplein.matching.services import run_confirm_execute

    run_confirm_execute(run_id=run_id)
