"""What the check page shows before anything is written: checked again from the stored file
in the reader's own language, so messages follow the language of the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.imports import fields as F
from stageplein.imports.models import StudentImport
from stageplein.imports.services import ImportResult, check_rows, parsed_of
from stageplein.organisations.models import Level
from stageplein.students.models import Student

# More than this share of the school leaving in one import asks for an extra confirmation:
# a file of one year group or one location would otherwise mark everyone else as left.
LEAVERS_CONFIRM_SHARE = 0.10
SHOWN = 500  # rows per list on the page; the counts are always complete

KIND_LABELS: dict[str, Any] = {
    **{f.key: f.label for f in F.FIELDS},
    "home_postcode_id": next(f.label for f in F.FIELDS if f.key == "postcode"),
    "student_number_twice": _("Student number twice in the file"),
    "level_offered": _("Level the school does not offer"),
    "email_twice": _("E-mail address twice in the file"),
    "email_taken": _("E-mail address of another account"),
}
CHANGE_LABELS: dict[str, Any] = {
    "first_name": _("first name"),
    "last_name": _("last name"),
    "email": _("e-mail"),
    "level": _("level"),
    "year": _("year group"),
    "class_name": _("class"),
    "date_of_birth": _("date of birth"),
    "home_postcode_id": _("postcode"),
    "mentor_id": _("mentor"),
}


@dataclass
class Change:
    label: Any
    before: Any
    after: Any


@dataclass
class ChangedStudent:
    number: str
    name: str
    changes: list[Change]


@dataclass
class ProblemGroup:
    kind: str
    label: Any
    rows: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass
class Preview:
    result: ImportResult | None
    current_students: int = 0
    new: list[tuple[str, str, str]] = field(default_factory=list)
    changed: list[ChangedStudent] = field(default_factory=list)
    leavers: list[Student] = field(default_factory=list)
    leavers_total: int = 0
    problems: list[ProblemGroup] = field(default_factory=list)

    @property
    def problem_total(self) -> int:
        return sum(g.count for g in self.problems)

    @property
    def leaver_share(self) -> float:
        return self.leavers_total / self.current_students if self.current_students else 0.0

    @property
    def leavers_need_confirming(self) -> bool:
        return self.leavers_total > 0 and self.leaver_share > LEAVERS_CONFIRM_SHARE


def _shown(key: str, value: Any) -> Any:
    if value in (None, ""):
        return "–"
    if key == "level":
        return Level(value).label if value in Level.values else value
    if key == "mentor_id":
        user = User.objects.filter(pk=value).first()
        return (user.get_full_name() or user.email) if user else value
    return value


def import_preview_of(student_import: StudentImport) -> Preview:
    if not student_import.content:
        return Preview(result=None)
    result = check_rows(
        school=student_import.school,
        parsed=parsed_of(student_import),
        columns=student_import.columns,
    )
    preview = Preview(
        result=result,
        current_students=Student.objects.filter(
            school=student_import.school, left_on__isnull=True
        ).count(),
        leavers_total=len(result.leavers),
    )
    groups: dict[str, ProblemGroup] = {}
    for row in result.rows:
        name = f"{row.values.get('first_name', '')} {row.values.get('last_name', '')}".strip()
        for kind, message in zip(row.kinds, row.errors, strict=True):
            group = groups.setdefault(kind, ProblemGroup(kind, KIND_LABELS.get(kind, kind)))
            group.rows.append((row.line, row.student_number, message))
        if row.action == "new" and len(preview.new) < SHOWN:
            preview.new.append((row.student_number, name, str(row.values.get("class_name", ""))))
        elif row.changes and len(preview.changed) < SHOWN:
            preview.changed.append(
                ChangedStudent(
                    row.student_number,
                    name,
                    [
                        Change(
                            CHANGE_LABELS.get(key, key),
                            _shown(key, row.before.get(key)),
                            _shown(key, row.values.get(key)),
                        )
                        for key in row.changes
                    ],
                )
            )
    # Most frequent kind first: the coordinator fixes the biggest group in the source system.
    preview.problems = sorted(groups.values(), key=lambda g: (-g.count, str(g.label)))
    preview.leavers = list(
        Student.objects.filter(pk__in=result.leavers[:SHOWN])
        .select_related("user")
        .order_by("class_name", "user__last_name", "user__first_name")
    )
    return preview
