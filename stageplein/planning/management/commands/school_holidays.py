from pathlib import Path

from django.core.management.base import BaseCommand

from stageplein.planning.services import HOLIDAYS_CSV, holidays_load


class Command(BaseCommand):
    help = (
        "Load the school holidays (R-PLAN-5) from stageplein/planning/data/school_holidays.csv "
        "(or --file): adds new rows, updates changed dates, leaves other rows alone. "
        "--dry-run only lists the changes. Check the file against the Ministry's list first "
        "(docs/planning.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=HOLIDAYS_CSV)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        changes = holidays_load(options["file"], write=not options["dry_run"])
        for change in changes:
            self.stdout.write(str(change))
        verb = "Would change" if options["dry_run"] else "Changed"
        self.stdout.write(f"{verb} {len(changes)} school holiday(s).")
