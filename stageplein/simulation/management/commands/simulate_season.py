import json
import os
import resource
import time

from django.core.management.base import BaseCommand, CommandError

from stageplein.core.schoolyear import current_school_year
from stageplein.geo.models import Region
from stageplein.geo.pilots import read_pilots
from stageplein.simulation.calendar import WEEKS_IN_YEAR
from stageplein.simulation.params import Params, names
from stageplein.simulation.season import Season
from stageplein.simulation.services import delete_simulated_regions, simulation_record
from stageplein.simulation.world import build_world, sim_name


class Command(BaseCommand):
    help = (
        "Play a school year of the MaS pilots week by week through the platform's services, "
        "checking the invariants every week; prints the season report (JSON with --json)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pilot", action="append", help="pilot name; repeatable (default: all)"
        )
        parser.add_argument("--seed", type=int, default=2009)
        parser.add_argument("--weeks", type=int, default=WEEKS_IN_YEAR)
        parser.add_argument("--year", type=int, help="school year (default: the current one)")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help=f"a behaviour parameter, e.g. --set calendar=spring; one of: {', '.join(names())}",
        )
        parser.add_argument("--no-checks", action="store_true", help="skip the invariants")
        parser.add_argument(
            "--check-every",
            type=int,
            default=1,
            metavar="N",
            help="check the invariants every N weeks and after the last (default: every week)",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="play the regions in this many worker processes (default: the CPU count)",
        )
        parser.add_argument("--keep", action="store_true", help="keep the simulated regions")
        parser.add_argument("--json", help="write the report to this file")
        parser.add_argument("--label", default="", help="name of the run on the report page")

    def handle(self, *args, **options):
        pilots = read_pilots()
        if options["pilot"]:
            by_name = {p.name.lower(): p for p in pilots}
            unknown = [n for n in options["pilot"] if n.lower() not in by_name]
            if unknown:
                choose = ", ".join(p.name for p in pilots)
                raise CommandError(f"Unknown pilot {', '.join(unknown)}. Choose from: {choose}")
            pilots = [by_name[n.lower()] for n in options["pilot"]]
        try:
            params = Params.from_dict(dict(item.split("=", 1) for item in options["set"]))
        except (ValueError, TypeError) as exc:
            raise CommandError(f"Bad --set: {exc}") from exc
        year = options["year"] or current_school_year()
        delete_simulated_regions()
        started, cpu = time.perf_counter(), time.process_time()
        build_world(pilots=pilots, seed=options["seed"], school_year=year, params=params)
        built = time.perf_counter() - started
        regions = list(
            Region.objects.filter(name__in=[sim_name(p) for p in pilots]).order_by("name")
        )
        outcome = Season(
            regions=regions,
            params=params,
            seed=options["seed"],
            school_year=year,
            weeks=options["weeks"],
            check=not options["no_checks"],
            check_every=options["check_every"],
            processes=options["processes"],
            progress=lambda done, total: self.stderr.write(f"{done}/{total}", ending="\r"),
        ).run()
        report = outcome.report
        report["build_seconds"] = round(built, 1)
        report["total_cpu_seconds"] = round(time.process_time() - cpu, 1)
        report["peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        # Each worker process has its own memory: together they use up to the sum of their peaks.
        report["workers_peak_mib"] = sum(w["peak_mib"] for w in report.get("workers", {}).values())
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as fh:
                json.dump(report, fh, indent=1)
        names = ", ".join(p.name for p in pilots) if options["pilot"] else "all pilots"
        run = simulation_record(
            report=report,
            label=options["label"] or f"{names}, seed {options['seed']}",
            ok=outcome.ok,
        )
        self._summary(report)
        self.stdout.write(f"Report kept as simulation {run.pk} (/simulatie/{run.pk}/).")
        if not options["keep"]:
            delete_simulated_regions()
        if not outcome.ok:
            raise CommandError(f"Invariant broken in week {report['stopped_week']}.")

    def _summary(self, report: dict) -> None:
        w = self.stdout.write
        w("")
        for name, rows in [*report["regions"].items(), ("Country", report["country"])]:
            if not rows:
                continue
            last = rows[-1]
            routes = ("student", "broker", "school", "mediation")
            by = {k: sum(r.get(f"placed_{k}", 0) for r in rows) for k in routes}
            placed = sum(by.values()) or 1
            w(
                f"{name}: {last['students']} students, placed {last['placed_total']} "
                f"(own {100 * by['student'] / placed:.0f} %, "
                f"broker {100 * by['broker'] / placed:.0f} %, "
                f"school {100 * by['school'] / placed:.0f} %, "
                f"mediation {100 * by['mediation'] / placed:.0f} %), "
                f"finished {last['finished']}, hours {last['hours']:.0f}/{last['hours_norm']}, "
                f"certificates {last['certificates']}"
            )
        for v in report["violations"]:
            w(
                self.style.ERROR(
                    f"VIOLATION week {report['stopped_week']}: {v['rule']}: {v['detail']}"
                )
            )
            for example in v["examples"]:
                w(f"  {example}")
        w(
            f"{report['weeks']} weeks, seed {report['seed']}: build {report['build_seconds']} s, "
            f"season {report['seconds']} s wall / {report['cpu_seconds']} s CPU, "
            f"peak {report['peak_mib']} MiB"
            + (
                f" (+ workers {report['workers_peak_mib']} MiB at most together)"
                if report["workers_peak_mib"]
                else ""
            )
        )
