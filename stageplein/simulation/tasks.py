from django.tasks import task

from stageplein.simulation import runner


# Its own queue (settings.TASKS): a season holds its worker for minutes.
@task(queue_name="simulation")
def run_simulation(run_id: int) -> None:
    runner.run_in_copy(run_id=run_id)
