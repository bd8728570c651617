from django.core.management.base import BaseCommand, CommandError

from stageplein.reminders.scheduler import JobsFailed, tick
from stageplein.reminders.tasks import scheduler_tick, tick_pending


class Command(BaseCommand):
    help = (
        "Run the periodic jobs that are due (reminders, daily digests). For cron; with "
        "--start, queue the self-repeating tick for the task worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", action="store_true", help="queue the worker's tick")

    def handle(self, *args, **options):
        if options["start"]:
            if tick_pending():
                self.stdout.write("The scheduler tick is already queued.")
            else:
                scheduler_tick.enqueue()
                self.stdout.write("Queued the scheduler tick for the task worker.")
            return
        try:
            ran = tick()
        except JobsFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Ran: {', '.join(ran) or 'nothing due'}")
