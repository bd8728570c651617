import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from stageplein.reminders.scheduler import JobsFailed, tick
from stageplein.reminders.tasks import scheduler_tick, tick_pending


class Command(BaseCommand):
    help = (
        "Run the periodic jobs that are due (reminders, daily digests). For cron; with "
        "--every SECONDS, keep running as the scheduler process (make serve); with --start, "
        "queue the self-repeating tick for the task worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", action="store_true", help="queue the worker's tick")
        parser.add_argument(
            "--every", type=int, metavar="SECONDS", help="run as a process, ticking this often"
        )

    def handle(self, *args, **options):
        if options["start"]:
            if tick_pending():
                self.stdout.write("The scheduler tick is already queued.")
            else:
                scheduler_tick.enqueue()
                self.stdout.write("Queued the scheduler tick for the task worker.")
            return
        if options["every"]:
            # Several schedulers (one per machine) are safe: each job is claimed by a guarded
            # UPDATE, so a due job runs once.
            while True:
                close_old_connections()
                try:
                    tick()
                except JobsFailed as exc:
                    self.stderr.write(str(exc))
                time.sleep(options["every"])
        try:
            ran = tick()
        except JobsFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Ran: {', '.join(ran) or 'nothing due'}")
