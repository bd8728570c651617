"""Fast inserts for the all-pilots load: COPY on PostgreSQL, bulk_create elsewhere."""

from __future__ import annotations

from django.db import connection
from django.db.models.expressions import DatabaseDefault

BATCH = 2000


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows whose primary keys nobody needs back. On PostgreSQL COPY is several times
    faster than bulk_create for the half million hour entries of the national data set."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        names = [model._meta.get_field(c).attname for c in columns]
        model.objects.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    db_columns = [model._meta.get_field(c).column for c in columns]
    sql = f'COPY "{model._meta.db_table}" ({", ".join(db_columns)}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_with_ids(model, columns: list[str], rows: list[tuple]) -> list[int]:
    """Insert rows and return their primary keys in order. On PostgreSQL the keys are taken
    from the sequence first and the rows COPY'd in: ten times faster than bulk_create."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        insert_rows(
            model, ["id", *columns], [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
        )
        return ids
    names = [model._meta.get_field(c).attname for c in columns]
    objs = model.objects.bulk_create(
        [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=500
    )
    return [obj.pk for obj in objs]


def create_objects(model, objs: list) -> None:
    """``bulk_create`` for the biggest tables of the all-pilots load (accounts, students,
    memberships, internships): on PostgreSQL the primary keys are taken from the sequence in
    one query and the rows COPY'd in, several times faster than INSERT for the 118,000
    accounts. The objects get their keys, as after ``bulk_create``; no signals either way.
    Values go through each field's ``pre_save`` and ``get_db_prep_save``, as in
    ``bulk_create`` (defaults such as the feed token are already set on the instance)."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
        return
    meta = model._meta
    pk = meta.pk
    # Columns left to their database default (``db_default`` without a Python default) stay
    # out of the COPY, as bulk_create writes DEFAULT for them.
    fields = [
        f
        for f in meta.concrete_fields
        if f is not pk and not isinstance(getattr(objs[0], f.attname), DatabaseDefault)
    ]
    # What bulk_create reads back for those columns: constants here (a ``Value`` has one; any
    # other expression would fail loudly).
    defaults = {
        f.attname: f.db_default.value
        if hasattr(f.db_default, "resolve_expression")
        else f.db_default
        for f in meta.concrete_fields
        if f is not pk and f not in fields
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for obj, obj_id in zip(objs, ids, strict=True):
        obj.__dict__.update(defaults)
        # Related objects assigned before they had a key get it now, as bulk_create does.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        obj.pk = obj_id
        obj._state.adding = False
        obj._state.db = connection.alias
    sql = (
        f'COPY "{meta.db_table}" ("{pk.column}", {", ".join(f'"{f.column}"' for f in fields)})'
        " FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row(
                (
                    obj.pk,
                    *(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields),
                )
            )
