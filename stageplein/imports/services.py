"""Check and import a school's student list. The same functions serve the web flow (a task
run by the worker) and ``manage.py import_students``: the same checks, the same per-row report,
the same all-or-nothing rule.

Idempotent by design: a row is compared with what is stored and only a real difference is
written, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stageplein.accounts.models import Membership, Role, User
from stageplein.core.schoolyear import current_school_year
from stageplein.geo.models import PostcodeArea
from stageplein.imports import fields as F

# tasks.py imports this module too: both import the module, not its names, so either may
# be imported first.
from stageplein.imports import tasks
from stageplein.imports.models import ImportMapping, StudentImport
from stageplein.imports.parsing import ImportFileError, ParsedFile, parse_file
from stageplein.organisations.models import Level, School
from stageplein.students.models import Guardianship, Student

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 250
# Fields of ours that the file decides; what a row changes is a subset of these.
STUDENT_FIELDS = (
    "level",
    "year",
    "class_name",
    "date_of_birth",
    "home_postcode_id",
    "mentor_id",
)
USER_FIELDS = ("first_name", "last_name", "email")


class ImportRefused(Exception):
    """Raised inside the import transaction so that nothing of it is kept."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(_("The file has errors; nothing was imported."))
        self.result = result


@dataclass
class Row:
    line: int
    student_number: str
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    action: str = ""  # new, updated, unchanged, returned
    changes: list[str] = field(default_factory=list)
    student_id: int | None = None
    user_id: int | None = None
    kinds: list[str] = field(default_factory=list)  # one per error: what kind of problem
    before: dict[str, Any] = field(default_factory=dict)  # stored values of changed fields

    def problem(self, kind: str, message: str) -> None:
        self.errors.append(message)
        self.kinds.append(kind)


@dataclass
class ImportResult:
    rows: list[Row]
    leavers: list[int]  # student pks no longer in the file
    counts: dict[str, int]
    invited: list[int] = field(default_factory=list)  # user pks to invite
    guardians_added: int = 0
    applied: bool = False

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(r.line, r.student_number, msg) for r in self.rows for msg in r.errors]

    @property
    def problem_kinds(self) -> dict[str, int]:
        return dict(Counter(kind for r in self.rows for kind in r.kinds))

    @property
    def ok(self) -> bool:
        return not any(r.errors for r in self.rows)

    def report(self) -> dict:
        return {
            **self.counts,
            "left": len(self.leavers),
            "guardians_added": self.guardians_added,
            "invited": len(self.invited),
            "errors": [list(e) for e in self.errors],
            "problem_kinds": self.problem_kinds,
        }


def full_name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def check_rows(
    *,
    school: School,
    parsed: ParsedFile,
    columns: dict[str, str],
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate every row and compare it with the school's students: the preview."""
    today = today or timezone.localdate()
    index = {key: parsed.headers.index(h) for key, h in columns.items() if h in parsed.headers}

    def cell(cells: list[str], key: str) -> str:
        return cells[index[key]] if key in index else ""

    existing = {
        s["student_number"]: s
        for s in Student.objects.filter(school=school).values(
            "pk",
            "student_number",
            "user_id",
            "user__first_name",
            "user__last_name",
            "user__email",
            "left_on",
            *STUDENT_FIELDS,
        )
    }
    known_pc4 = set(PostcodeArea.objects.values_list("pc4", flat=True))
    emails_in_file = {
        cell(c, "email").strip().lower() for c in parsed.rows if cell(c, "email").strip()
    }
    email_owner = dict(User.objects.filter(email__in=emails_in_file).values_list("email", "pk"))
    numbers = Counter(cell(c, "student_number").strip() for c in parsed.rows)
    first_line_of: dict[str, int] = {}
    emails_seen: dict[str, int] = {}
    offered = set(school.levels) or {level.value for level in Level}
    mentors = _mentors_by_key(school) if "mentor" in index else {}

    rows: list[Row] = []
    total = len(parsed.rows)
    for i, (cells, line) in enumerate(zip(parsed.rows, parsed.lines, strict=True)):
        number = cell(cells, "student_number").strip()
        row = Row(line=line, student_number=number)
        v = row.values
        if not number:
            row.problem("student_number", _("The student number is missing."))
        elif len(number) > 20:
            row.problem("student_number", _("The student number is longer than 20 characters."))
        elif numbers[number] > 1:
            if number in first_line_of:
                row.problem(
                    "student_number_twice",
                    _("The student number %(number)s is also on line %(line)d.")
                    % {"number": number, "line": first_line_of[number]},
                )
            else:
                first_line_of[number] = line
                row.problem(
                    "student_number_twice",
                    _("The student number %(number)s appears more than once in the file.")
                    % {"number": number},
                )
        v["first_name"] = cell(cells, "first_name")[:150]
        last = " ".join(p for p in (cell(cells, "infix"), cell(cells, "last_name")) if p)
        v["last_name"] = last[:150]
        if not v["first_name"]:
            row.problem("first_name", _("The first name is missing."))
        if not cell(cells, "last_name"):
            row.problem("last_name", _("The last name is missing."))
        v["class_name"] = cell(cells, "class_name")[:20]
        for key, parse in (
            ("date_of_birth", lambda s: F.parse_date(s, today)),
            ("level", F.parse_level),
            ("year", lambda s, klas=str(v["class_name"]): F.parse_year(s, klas)),
            ("home_postcode_id", lambda s: F.parse_postcode(s, known_pc4)),
            ("email", F.parse_email),
            ("parent_email", F.parse_email),
        ):
            source = "postcode" if key == "home_postcode_id" else key
            raw = cell(cells, source)
            if not raw.strip() and key in ("date_of_birth", "level"):
                row.problem(
                    key,
                    _("“%(field)s” is missing.")
                    % {"field": next(f.label for f in F.FIELDS if f.key == key)},
                )
                continue
            try:
                v[key] = parse(raw)
            except ValueError as exc:
                row.problem(key, str(exc))
        if "level" in v and v["level"] not in offered:
            row.problem(
                "level_offered",
                _("The school does not offer %(level)s.") % {"level": Level(v["level"]).label},
            )
        mentor_key = cell(cells, "mentor").strip()
        if mentor_key:
            # An empty cell keeps the mentor the student has (chosen on the team page).
            mentor_id = mentors.get(mentor_key.lower())
            if mentor_id is None:
                row.problem(
                    "mentor",
                    _(
                        "No mentor of the school has the e-mail address or staff code "
                        "“%(value)s”: invite them on the team page first."
                    )
                    % {"value": mentor_key},
                )
            else:
                v["mentor_id"] = mentor_id
        email = v.get("email")
        if email:
            if email in emails_seen:
                row.problem(
                    "email_twice",
                    _("The e-mail address is also on line %(line)d.")
                    % {"line": emails_seen[email]},
                )
            emails_seen.setdefault(str(email), line)
            old = existing.get(number)
            owner = email_owner.get(str(email))
            if owner is not None and (old is None or owner != old["user_id"]):
                row.problem("email_taken", _("This e-mail address belongs to another account."))
        if not row.errors:
            _compare(row, existing.get(number))
        rows.append(row)
        if progress and (i + 1) % PROGRESS_EVERY == 0:
            progress(i + 1, total)
    in_file = set(numbers)
    leavers = [
        s["pk"] for number, s in existing.items() if number not in in_file and s["left_on"] is None
    ]
    counts = Counter(r.action for r in rows if r.action)
    return ImportResult(
        rows=rows,
        leavers=leavers,
        counts={k: counts.get(k, 0) for k in ("new", "updated", "unchanged", "returned")},
    )


def _mentors_by_key(school: School) -> dict[str, int]:
    """The school's mentors by lower-case e-mail address and by lower-case staff code."""
    found: dict[str, int] = {}
    for user_id, email, code in Membership.objects.filter(
        school=school, role=Role.MENTOR
    ).values_list("user_id", "user__email", "staff_code"):
        if email:
            found[email.lower()] = user_id
        if code:
            found[code.lower()] = user_id
    return found


def _compare(row: Row, old: dict | None) -> None:
    v = row.values
    if old is None:
        row.action = "new"
        return
    row.student_id, row.user_id = old["pk"], old["user_id"]
    stored = {
        **{k: old[k] for k in STUDENT_FIELDS},
        "first_name": old["user__first_name"],
        "last_name": old["user__last_name"],
        "email": old["user__email"],
    }
    for key in (*STUDENT_FIELDS, "first_name", "last_name", "email"):
        if key in ("email", "mentor_id") and not v.get(key):
            continue  # a file without e-mail addresses or mentors keeps the ones we have
        if v.get(key) != stored[key]:
            row.changes.append(key)
            row.before[key] = stored[key]
    if old["left_on"] is not None:
        row.action = "returned"
    else:
        row.action = "updated" if row.changes else "unchanged"


def lock_school(school_id: int) -> None:
    """Hold the school's row until the transaction ends: imports for one school queue here."""
    School.objects.select_for_update().filter(pk=school_id).first()


def import_rows(
    *,
    school: School,
    parsed: ParsedFile,
    columns: dict[str, str],
    today: datetime.date | None = None,
    progress: Progress | None = None,
    dry_run: bool = False,
    invite: bool = True,
    mark_leavers: bool = True,
) -> ImportResult:
    """Check all rows and, when none has an error, write them in one transaction.

    A file is the whole school, so students missing from it have left (``mark_leavers``); the
    API's bulk update sends any subset of the students and marks leavers one by one instead.

    The school row is locked first, so two imports for one school (two coordinators, or the
    web and the command line) run one after the other, each comparing against what the other
    wrote.
    """
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            lock_school(school.pk)
            result = check_rows(
                school=school, parsed=parsed, columns=columns, today=today, progress=progress
            )
            if not result.ok:
                raise ImportRefused(result)
            if not mark_leavers:
                result.leavers = []
            if dry_run:
                return result
            _write(school, result, today, invite)
            result.applied = True
    except ImportRefused as refused:
        return refused.result
    if result.invited:
        ids = list(result.invited)
        transaction.on_commit(lambda: tasks.send_invitations.enqueue(ids))
    return result


def _write(school: School, result: ImportResult, today: datetime.date, invite: bool) -> None:
    unusable = make_password(None)
    cohort_now = current_school_year()
    new_rows = [r for r in result.rows if r.action == "new"]
    users = [
        User(
            email=r.values.get("email"),
            first_name=r.values["first_name"],
            last_name=r.values["last_name"],
            password=unusable,
        )
        for r in new_rows
    ]
    User.objects.bulk_create(users, batch_size=1000)
    students = []
    for r, user in zip(new_rows, users, strict=True):
        r.user_id = user.pk
        students.append(
            Student(
                user=user,
                school=school,
                student_number=r.student_number,
                level=r.values["level"],
                year=r.values["year"],
                class_name=r.values["class_name"],
                date_of_birth=r.values["date_of_birth"],
                home_postcode_id=r.values.get("home_postcode_id"),
                mentor_id=r.values.get("mentor_id"),
                cohort=cohort_now - (int(r.values["year"]) - 1),
            )
        )
    Student.objects.bulk_create(students, batch_size=1000)
    for r, s in zip(new_rows, students, strict=True):
        r.student_id = s.pk
    if invite:
        result.invited.extend(u.pk for u in users if u.email)

    changed = [r for r in result.rows if r.changes or r.action == "returned"]
    if changed:
        by_pk = {s.pk: s for s in Student.objects.filter(pk__in=[r.student_id for r in changed])}
        user_by_pk = {u.pk: u for u in User.objects.filter(pk__in=[r.user_id for r in changed])}
        for r in changed:
            assert r.student_id is not None and r.user_id is not None
            s, u = by_pk[r.student_id], user_by_pk[r.user_id]
            for key in r.changes:
                setattr(u if key in USER_FIELDS else s, key, r.values[key])
            s.left_on = None
        Student.objects.bulk_update(list(by_pk.values()), [*STUDENT_FIELDS, "left_on"], 1000)
        User.objects.bulk_update(list(user_by_pk.values()), list(USER_FIELDS), 1000)
    if result.leavers:
        # Students who left keep their history: hours, internships and reports stay.
        Student.objects.filter(pk__in=result.leavers).update(left_on=today)
    _link_guardians(result, invite)


def _link_guardians(result: ImportResult, invite: bool) -> None:
    wanted = {
        (r.student_id, str(r.values["parent_email"]))
        for r in result.rows
        if r.values.get("parent_email") and r.student_id is not None
    }
    if not wanted:
        return
    emails = {e for _s, e in wanted}
    owner = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    new_parents = [
        User(email=e, password=make_password(None)) for e in sorted(emails - owner.keys())
    ]
    User.objects.bulk_create(new_parents)
    owner.update({u.email: u.pk for u in new_parents})
    linked = set(
        Guardianship.objects.filter(
            student_id__in={s for s, _e in wanted}, guardian_id__in=owner.values()
        ).values_list("student_id", "guardian_id")
    )
    links = [
        Guardianship(student_id=s, guardian_id=owner[e])
        for s, e in sorted(wanted)
        if (s, owner[e]) not in linked
    ]
    Guardianship.objects.bulk_create(links)
    result.guardians_added = len(links)
    if invite:
        result.invited.extend(u.pk for u in new_parents)


# -- the web flow ------------------------------------------------------------------------------

UPLOAD_KEPT = datetime.timedelta(days=7)
INTERNAL = "internal: "
EXPIRED = "expired"


def uploads_forget(*, now: datetime.datetime | None = None) -> int:
    """Delete uploaded files that were never imported after a week: a student list is a whole
    school's personal data. Run daily by the scheduler."""
    now = now or timezone.now()
    return StudentImport.objects.filter(
        created_at__lt=now - UPLOAD_KEPT, content__isnull=False
    ).update(content=None, status=StudentImport.Status.FAILED, error=EXPIRED)


def import_upload(*, school: School, user: User, filename: str, content: bytes) -> StudentImport:
    """Store the upload after reading it once: a file we cannot read is refused at the door
    (raises ImportFileError)."""
    parsed = parse_file(content, filename)
    remembered = ImportMapping.objects.filter(school=school).values_list("columns", flat=True)
    columns = F.suggest_columns(parsed.headers, remembered.first())
    return StudentImport.objects.create(
        school=school,
        uploaded_by=user,
        filename=filename[:200],
        content=content,
        columns=columns,
        rows_total=len(parsed.rows),
    )


def parsed_of(student_import: StudentImport) -> ParsedFile:
    return parse_file(bytes(student_import.content or b""), student_import.filename)


def import_map_columns(*, student_import: StudentImport, columns: dict[str, str]) -> ImportResult:
    """Save the mapping (remembered for the school's next file) and check the rows."""
    parsed = parsed_of(student_import)
    ImportMapping.objects.update_or_create(
        school=student_import.school, defaults={"columns": columns}
    )
    result = check_rows(school=student_import.school, parsed=parsed, columns=columns)
    student_import.columns = columns
    # A file with problems is rejected at once: it never waits for a confirmation it cannot get.
    student_import.status = (
        StudentImport.Status.CHECKED if result.ok else StudentImport.Status.REJECTED
    )
    student_import.report = result.report()
    student_import.save(update_fields=["columns", "status", "report"])
    return result


def import_confirm(*, student_import: StudentImport, send_invitations: bool) -> bool:
    """Queue the import. One guarded UPDATE: a double click queues it once."""
    claimed = StudentImport.objects.filter(
        pk=student_import.pk, status=StudentImport.Status.CHECKED
    ).update(
        status=StudentImport.Status.QUEUED,
        send_invitations=send_invitations,
        phase=StudentImport.Phase.WAITING,
        rows_done=0,
    )
    if claimed:
        pk = student_import.pk
        transaction.on_commit(lambda: tasks.run_student_import.enqueue(pk))
    return bool(claimed)


def import_run(*, import_id: int) -> StudentImport | None:
    """What the worker does: claim the import (once), check and write, keep the report."""
    claimed = StudentImport.objects.filter(pk=import_id, status=StudentImport.Status.QUEUED).update(
        status=StudentImport.Status.RUNNING, phase=StudentImport.Phase.CHECKING
    )
    if not claimed:
        return None  # already run by an earlier attempt, or withdrawn
    student_import = StudentImport.objects.select_related("school").get(pk=import_id)

    def progress(done: int, total: int) -> None:
        # Saved outside the import's transaction would be visible; inside it is not, so the
        # checking pass below runs first, on its own, and reports as it goes.
        StudentImport.objects.filter(pk=import_id).update(rows_done=done, rows_total=total)

    try:
        parsed = parsed_of(student_import)
        check_rows(
            school=student_import.school,
            parsed=parsed,
            columns=student_import.columns,
            progress=progress,
        )
        StudentImport.objects.filter(pk=import_id).update(
            phase=StudentImport.Phase.SAVING, rows_done=len(parsed.rows)
        )
        result = import_rows(
            school=student_import.school,
            parsed=parsed,
            columns=student_import.columns,
            invite=student_import.send_invitations,
        )
    except Exception as exc:
        # A file problem has a message for the coordinator; anything else is ours, and its
        # details are for the admin (the task result keeps the traceback).
        message = str(exc) if isinstance(exc, ImportFileError) else f"{INTERNAL}{exc!r}"
        StudentImport.objects.filter(pk=import_id).update(
            status=StudentImport.Status.FAILED,
            phase=StudentImport.Phase.FINISHED,
            error=message[:1000],
            finished_at=timezone.now(),
        )
        raise
    StudentImport.objects.filter(pk=import_id).update(
        status=StudentImport.Status.DONE if result.applied else StudentImport.Status.FAILED,
        phase=StudentImport.Phase.FINISHED,
        report=result.report(),
        # The file held a whole school's personal data: keep only the report.
        content=None if result.applied else student_import.content,
        finished_at=timezone.now(),
    )
    return StudentImport.objects.get(pk=import_id)
