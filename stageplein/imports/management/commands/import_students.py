"""``manage.py import_students --school 10AA leerlingen.csv``: the web import's checks, per-row
report and all-or-nothing rule, for large files and scripts. Exit status 1 when nothing was
imported because of errors, so that a script can tell."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stageplein.imports import fields as F
from stageplein.imports.models import ImportMapping
from stageplein.imports.parsing import (
    CLI_MAX_BYTES,
    CLI_MAX_ROWS,
    ImportFileError,
    parse_file,
)
from stageplein.imports.services import import_rows
from stageplein.organisations.models import School


class Command(BaseCommand):
    help = "Import a school's student list (CSV or Excel) from Magister, SOMtoday or Eduarte."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="the school's BRIN code, e.g. 10AA")
        parser.add_argument(
            "--columns",
            help='JSON mapping of our fields to your headers, e.g. {"student_number": "Stamnr"}; '
            "default: the school's remembered mapping, else the known header names",
        )
        parser.add_argument(
            "--max-rows",
            type=int,
            default=CLI_MAX_ROWS,
            help=f"refuse files with more rows than this (default {CLI_MAX_ROWS:,}; the web "
            "upload allows 20,000)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--no-invite", action="store_true", help="send no invitations")

    def handle(self, *args, **options):
        school = School.objects.filter(brin=options["school"].upper()).first()
        if school is None:
            raise CommandError(f"No school with BRIN code {options['school']}")
        path: Path = options["file"]
        try:
            parsed = parse_file(
                path.read_bytes(),
                path.name,
                max_bytes=CLI_MAX_BYTES,
                max_rows=options["max_rows"],
            )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        remembered = ImportMapping.objects.filter(school=school).values_list("columns", flat=True)
        columns = F.suggest_columns(parsed.headers, remembered.first())
        if options["columns"]:
            try:
                given = json.loads(options["columns"])
            except json.JSONDecodeError as exc:
                raise CommandError(f"--columns is not valid JSON: {exc}") from None
            if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
                raise CommandError('--columns must be a JSON object like {"field": "header"}')
            columns.update(given)
        problems = F.mapping_problems(columns, parsed.headers)
        if problems:
            raise CommandError(
                "\n".join([*problems, f"Columns in the file: {', '.join(parsed.headers)}"])
            )
        for key, header in columns.items():
            if header:
                self.stdout.write(f"  {key:<15} <- {header}")
        total = len(parsed.rows)

        def progress(done: int, of: int) -> None:
            self.stderr.write(f"\rchecked {done}/{of}", ending="")

        result = import_rows(
            school=school,
            parsed=parsed,
            columns=columns,
            progress=progress if total > 1000 else None,
            dry_run=options["dry_run"],
            invite=not options["no_invite"],
        )
        if total > 1000:
            self.stderr.write("")
        for line, number, message in result.errors:
            self.stdout.write(f"line {line} ({number or '-'}): {message}")
        report = result.report()
        summary = ", ".join(
            f"{report[k]} {k}" for k in ("new", "updated", "unchanged", "returned", "left")
        )
        if not result.ok:
            self.stdout.write(
                self.style.ERROR(f"{len(result.errors)} problem(s): nothing imported")
            )
            raise SystemExit(1)
        if options["dry_run"]:
            self.stdout.write(f"Checked {total} rows, nothing written: {summary}")
            return
        ImportMapping.objects.update_or_create(school=school, defaults={"columns": columns})
        self.stdout.write(self.style.SUCCESS(f"Imported {total} rows: {summary}"))
