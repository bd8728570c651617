from django.tasks import task

from stageplein.simulation import runner


@task()
def run_simulation(run_id: int) -> None:
    runner.run_in_copy(run_id=run_id)
