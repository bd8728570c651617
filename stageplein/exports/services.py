"""Exports: small tables are written at once; large ones by the task worker, with progress.

The table is built in the requester's scope each time (``build_scope`` of the person, at the
moment the worker writes it), through the same TableSpec the page used, so an export can hold
nothing the page would not show them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from stageplein.accounts.access import build_scope
from stageplein.accounts.models import User

# tasks.py imports this module too: both import the module, not its names, so either may
# be imported first.
from stageplein.exports import tasks
from stageplein.exports.db import without_jit
from stageplein.exports.models import KEEP_DAYS, Export
from stageplein.exports.tables import Params, Table, TableSpec, get_spec
from stageplein.exports.writers import WRITERS
from stageplein.students.readlog import record_export


def inline_max_rows() -> int:
    """Exports up to this many rows are written during the request; larger ones in the
    background (a 9,500-student list takes a few seconds)."""
    return getattr(settings, "EXPORT_INLINE_MAX_ROWS", 2000)


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    format: str


def filename_for(title: str, fmt: str, day: datetime.date | None = None) -> str:
    day = day or timezone.localdate()
    return f"{slugify(title)[:80] or 'export'}-{day.isoformat()}.{fmt}"


def log_reads(table: Table, user: User, fmt: str) -> None:
    """A file naming students is a read of each one's data (R-PRIV-1)."""
    if table.students is not None:
        record_export(user, table.students, what=f"{table.title} ({fmt})")


def export_file(*, spec: TableSpec, user: User, params: Params, fmt: str) -> ExportFile:
    with without_jit():
        table = spec.build(build_scope(user), params)
        content = WRITERS[fmt](table)
    log_reads(table, user, fmt)
    return ExportFile(filename=filename_for(table.title, fmt), content=content, format=fmt)


def exports_forget(*, now: datetime.datetime | None = None) -> int:
    """Delete exports older than EXPORT_KEEP_DAYS (they may hold personal data)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    deleted, _ = Export.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def export_request(
    *, spec: TableSpec, user: User, params: Params, fmt: str, title: str
) -> ExportFile | Export:
    """The file itself when the table is small, else a queued Export the page follows."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}")
    exports_forget()
    scope = build_scope(user)
    rows = spec.count(scope, params) if spec.count else 0
    if rows <= inline_max_rows():
        return export_file(spec=spec, user=user, params=params, fmt=fmt)
    export = Export.objects.create(
        requested_by=user,
        table=spec.key,
        params=dict(params),
        format=fmt,
        title=title[:200],
        rows_total=rows,
    )
    transaction.on_commit(lambda: tasks.run_export.enqueue(export.pk))
    return export


def claim_export(export_id: int) -> bool:
    """The guarded UPDATE: only a queued export can be taken, so of two workers that pick up
    the same task (a retry, a second worker) exactly one gets it."""
    return bool(
        Export.objects.filter(pk=export_id, status=Export.Status.QUEUED).update(
            status=Export.Status.RUNNING
        )
    )


def export_run(*, export_id: int) -> Export | None:
    """Write one queued export, once (see claim_export)."""
    if not claim_export(export_id):
        return None
    export = Export.objects.select_related("requested_by").get(pk=export_id)
    spec = get_spec(export.table)

    def progress(done: int) -> None:
        Export.objects.filter(pk=export_id).update(rows_done=done)

    try:
        if spec is None:
            raise LookupError(f"no table {export.table!r}")
        with without_jit():
            table = spec.build(build_scope(export.requested_by), export.params)
            content = WRITERS[export.format](table, progress)
    except Exception as exc:
        Export.objects.filter(pk=export_id).update(
            status=Export.Status.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        raise
    log_reads(table, export.requested_by, export.format)
    Export.objects.filter(pk=export_id).update(
        status=Export.Status.DONE,
        content=content,
        filename=filename_for(table.title, export.format),
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export
