import resource
import time

from django.core.management.base import BaseCommand, CommandError

from stageplein.demo.accounts import DEMO_PASSWORD, FIXED_ACCOUNTS
from stageplein.demo.builder import DemoBuilder, delete_demo
from stageplein.geo.models import Region
from stageplein.geo.pilots import read_pilots

DEFAULT_PILOT = "Zutphen"


class Command(BaseCommand):
    help = (
        "Build demo data from the 2008-2009 MaS pilots (generated people, real pilot figures). "
        "A pilot's story is played through the platform's services; --all loads all twenty "
        "pilots in bulk instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pilot", action="append", help=f"pilot name (default {DEFAULT_PILOT}); repeatable"
        )
        parser.add_argument(
            "--all", action="store_true", help="all twenty pilots, in bulk (the scale test)"
        )
        parser.add_argument("--seed", type=int, default=2009)
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if demo data exists"
        )
        parser.add_argument(
            "--replace", action="store_true", help="delete existing demo data first"
        )
        parser.add_argument("--no-accounts", action="store_true", help="no fixed demo accounts")

    def handle(self, *args, **options):
        pilots = read_pilots()
        if options["all"]:
            chosen = pilots
        else:
            names = options["pilot"] or [DEFAULT_PILOT]
            by_name = {p.name.lower(): p for p in pilots}
            unknown = [n for n in names if n.lower() not in by_name]
            if unknown:
                raise CommandError(
                    f"Unknown pilot {', '.join(unknown)}. "
                    f"Choose from: {', '.join(p.name for p in pilots)}"
                )
            chosen = [by_name[n.lower()] for n in names]
        if Region.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data is already loaded.")
                return
            if not options["replace"]:
                raise CommandError("Demo data exists; use --replace to rebuild it.")
            started = time.perf_counter()
            delete_demo()
            self.stdout.write(f"Deleted the demo data in {time.perf_counter() - started:.1f} s.")
        started = time.perf_counter()
        stats = DemoBuilder(seed=options["seed"], bulk=options["all"]).build(
            chosen, with_fixed_accounts=not options["no_accounts"]
        )
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Loaded {stats.regions} region(s): {stats.schools} schools, "
            f"{stats.students} students, "
            f"{stats.parents} parents, {stats.staff} staff, {stats.providers} providers, "
            f"{stats.brokers} brokers, {stats.internships} internships, {stats.hour_entries} hour "
            f"entries in {elapsed:.1f} s (peak memory {peak_mib:.0f} MiB)."
        )
        if not options["no_accounts"]:
            self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD!r}):")
            for role, email in FIXED_ACCOUNTS.items():
                self.stdout.write(f"  {role:17} {email}")
