"""A student's own data (AVG art. 15, issue 13): a ZIP with one JSON file per part, and the
documents themselves (contracts and certificates as PDF, photos and uploaded files).

Each app that holds something about a student contributes a ``privacy`` module with
``student_data(student) -> dict[str, object]`` (part name → JSON-ready data) and, if it keeps
files, ``student_files(student)`` (path in the ZIP → a function giving the bytes), found by
discovery like ``access`` and ``jobs``: this low app gathers the parts of the apps above it
without importing them (docs/architecture.md)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model

from stageplein.core.discovery import app_modules
from stageplein.students.models import Student


def rows(objects: Iterable[Model], *, leave_out: tuple[str, ...] = ()) -> list[dict]:
    """Every stored field of each object, as the database holds it (ids for references)."""
    out = []
    for item in serializers.serialize("python", objects):
        fields = {k: v for k, v in item["fields"].items() if k not in leave_out}
        out.append({"id": item["pk"], **fields})
    return out


def student_data(student: Student) -> dict[str, object]:
    parts: dict[str, object] = {}
    for module in app_modules("privacy"):
        for name, data in module.student_data(student).items():
            assert name not in parts, f"two apps export the part {name}"
            parts[name] = data
    return parts


def student_files(student: Student) -> dict[str, Callable[[], bytes]]:
    files: dict[str, Callable[[], bytes]] = {}
    for module in app_modules("privacy"):
        for path, content in getattr(module, "student_files", lambda s: {})(student).items():
            assert path not in files, f"two apps export the file {path}"
            files[path] = content
    return files


def student_data_zip(student: Student) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(student_data(student).items()):
            archive.writestr(
                f"{name}.json",
                json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            )
        for path, content in sorted(student_files(student).items()):
            try:
                archive.writestr(path, content())
            except FileNotFoundError:
                # A file the record names but storage lost: say so rather than fail the rest.
                archive.writestr(f"{path}.missing.txt", "missing from storage")
    return buffer.getvalue()
