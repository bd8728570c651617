from django.tasks import default_task_backend, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stageplein.reminders.scheduler import TICK, tick


def tick_pending() -> bool:
    """Whether a future tick is already queued (django-tasks-db)."""
    return DBTaskResult.objects.filter(
        task_path=scheduler_tick.module_path, status="READY"
    ).exists()


def schedule_next() -> bool:
    if not default_task_backend.supports_defer or tick_pending():
        return False
    scheduler_tick.using(run_after=timezone.now() + TICK).enqueue()
    return True


@task()
def scheduler_tick() -> list[str]:
    # The chain must survive a failing job: queue the next tick whatever happens.
    try:
        return tick()
    finally:
        schedule_next()
