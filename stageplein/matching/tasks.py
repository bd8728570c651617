from django.tasks import task

from stageplein.core.queue import WAITED_FOR

# services.py imports this module too: both import the module, not its names, so either
# may be imported first.
from stageplein.matching import services


@task(priority=WAITED_FOR)
def compute_run(run_id: int) -> None:

    services.run_execute(run_id=run_id)


@task(priority=WAITED_FOR)
def confirm_run(run_id: int) -> None:

    services.run_confirm_execute(run_id=run_id)
