from django.tasks import task

# services.py imports this module too: both import the module, not its names, so either
# may be imported first.
from stageplein.matching import services


@task()
def compute_run(run_id: int) -> None:

    services.run_execute(run_id=run_id)


@task()
def confirm_run(run_id: int) -> None:

    services.run_confirm_execute(run_id=run_id)
