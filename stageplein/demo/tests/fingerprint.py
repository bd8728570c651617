"""A fingerprint of everything a demo build wrote: per table the number of rows and, per
column, a digest of its values in key order. Keys (the row's own and every foreign key to a
table with numeric keys) become their rank in the referenced table, so two builds compare
equal in content whatever the sequences stood at. Columns holding fresh secrets (feed tokens,
signing tokens) are left out: they differ on every run by design.

Written to pin the bulk load's output while its inserts change (``test_demo_paths.py``);
``expected_bulk_zutphen.json`` holds the fingerprint of the load before COPY replaced
``bulk_create`` for the biggest tables."""

from __future__ import annotations

import hashlib
from bisect import bisect_left

from django.apps import apps
from django.db import models

# Different on every build by design: secrets, salted hashes (the test checks that one hash
# is shared), the engine's timings, and rows the migrations stamp with the real clock.
UNSTABLE = {
    ("accounts.user", "feed_token"),
    ("accounts.user", "password"),
    ("matching.run", "stats"),
    ("placements.taskrule", "updated_at"),
    # Ids inside JSON and URLs are not ranked: they follow the sequences, which the tests run
    # before this one in the same database have moved (the whole suite differs from a lone run).
    ("matching.proposal", "candidates"),
    ("matching.run", "student_ids"),
    ("notifications.notification", "url"),
}


def _int_pk(model) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField)


def _models() -> list:
    return sorted(
        (
            m
            for m in apps.get_models(include_auto_created=True)
            if m.__module__.startswith("stageplein") or m._meta.app_label in {"account", "mfa"}
        ),
        key=lambda m: m._meta.label_lower,
    )


def fingerprint() -> dict[str, dict]:
    tables = _models()
    keys: dict[type, list] = {}

    def ranks(model) -> list:
        if model not in keys:
            keys[model] = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        return keys[model]

    result: dict[str, dict] = {}
    for model in tables:
        label = model._meta.label_lower
        fields = [f for f in model._meta.concrete_fields if (label, f.name) not in UNSTABLE]
        rows = list(model._default_manager.order_by("pk").values_list(*(f.attname for f in fields)))
        if not rows:
            continue
        columns: dict[str, str] = {}
        for i, field in enumerate(fields):
            target = None
            if field.primary_key and _int_pk(model):
                target = model
            elif field.is_relation and _int_pk(field.related_model):
                target = field.related_model
            if target is not None:
                order = ranks(target)
                values = [None if r[i] is None else bisect_left(order, r[i]) for r in rows]
            else:
                values = [r[i] for r in rows]
            columns[field.name] = hashlib.sha256(repr(values).encode()).hexdigest()[:16]
        result[label] = {"rows": len(rows), "columns": columns}
    return result


def differences(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    found = []
    for label in sorted(expected.keys() | actual.keys()):
        old, new = expected.get(label), actual.get(label)
        if old is None or new is None:
            found.append(f"{label}: {'missing' if new is None else 'new'}")
            continue
        if old["rows"] != new["rows"]:
            found.append(f"{label}: {old['rows']} rows before, {new['rows']} now")
        for column in sorted(old["columns"].keys() | new["columns"].keys()):
            if old["columns"].get(column) != new["columns"].get(column):
                found.append(f"{label}.{column} differs")
    return found
