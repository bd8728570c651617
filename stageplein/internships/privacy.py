"""The internships app's part of a student's own data (students/own_data.py)."""

from collections.abc import Callable
from functools import partial

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile

from stageplein.internships.documents import certificate_pdf, contract_pdf
from stageplein.internships.models import (
    Certificate,
    Concern,
    Contract,
    HourEntry,
    Internship,
    LogbookEntry,
    OwnPlacement,
    Party,
    PlannedSession,
    ProviderAssessment,
    Report,
    Signature,
    StudentEvaluation,
)
from stageplein.students.anonymise import delete_files_on_commit
from stageplein.students.models import Student
from stageplein.students.own_data import rows


def student_data(student: Student) -> dict[str, object]:
    internships = Internship.objects.filter(student=student).order_by("start_date")
    mine = {"internship__in": internships}
    return {
        "internships": rows(internships),
        "contracts": rows(Contract.objects.filter(**mine)),
        "hours": rows(HourEntry.objects.filter(**mine).order_by("date")),
        "planned_sessions": rows(PlannedSession.objects.filter(**mine)),
        "logbook": rows(LogbookEntry.objects.filter(**mine)),
        "reports": rows(Report.objects.filter(**mine)),
        "evaluations": {
            "by_the_student": rows(StudentEvaluation.objects.filter(**mine)),
            "by_the_provider": rows(ProviderAssessment.objects.filter(**mine)),
        },
        "certificates": rows(Certificate.objects.filter(student=student)),
        # What the organisation reported (late, effort) and how the school followed it up: it
        # is about the student, so it is theirs to see (AVG art. 15); the people named are the
        # reporter's and follower's ids, as everywhere else in the ZIP.
        "concerns": rows(Concern.objects.filter(**mine).order_by("created_at")),
        "own_placements": rows(OwnPlacement.objects.filter(student=student).order_by("pk")),
    }


def _read(file: FieldFile) -> Callable[[], bytes]:
    def read() -> bytes:
        with file.open("rb") as handle:
            return handle.read()

    return read


def _base(name: str | None) -> str:
    return (name or "").rsplit("/", 1)[-1]


def student_files(student: Student) -> dict[str, Callable[[], bytes]]:
    """The documents: every contract version and certificate as PDF, the logbook photos, the
    uploaded reports and paper hour logs (names in the ZIP match the ids in the JSON)."""
    mine = {"internship__student": student}
    files: dict[str, Callable[[], bytes]] = {}
    for contract in Contract.objects.filter(**mine).select_related("internship"):
        files[f"documents/contract-{contract.internship_id}-v{contract.version}.pdf"] = partial(
            contract_pdf, None, contract
        )
    for certificate in Certificate.objects.filter(student=student):
        path = f"documents/certificate-{certificate.pk}.pdf"
        files[path] = partial(certificate_pdf, None, certificate)
    for entry in LogbookEntry.objects.filter(**mine).exclude(photo=""):
        files[f"documents/logbook-{entry.pk}-{_base(entry.photo.name)}"] = _read(entry.photo)
    for report in Report.objects.filter(**mine).exclude(file=""):
        name = _base(report.file_name or report.file.name)
        files[f"documents/report-{report.pk}-{name}"] = _read(report.file)
    for hours in HourEntry.objects.filter(**mine).exclude(paper_log=""):
        name = _base(hours.paper_log.name)
        files[f"documents/paper-log-{hours.pk}-{name}"] = _read(hours.paper_log)
    return files


def anonymise(students: QuerySet[Student]) -> None:
    """students/anonymise.py: the rows that count (internships, hours, reports, grades,
    certificates) stay; names, free text, files and the logbook go. One statement per table
    for the whole batch."""
    mine = {"internship__student__in": students}
    Internship.objects.filter(student__in=students).update(learning_goals="", guidance_notes="")
    Contract.objects.filter(**mine).update(student_name="", guidance="")
    Signature.objects.filter(
        contract__internship__student__in=students, party__in=[Party.STUDENT, Party.PARENT]
    ).update(name="", signed_by=None)
    hours = HourEntry.objects.filter(**mine)
    delete_files_on_commit(hours, "paper_log")
    hours.update(description="", rejection_reason="")
    PlannedSession.objects.filter(**mine).update(note="")
    logbook = LogbookEntry.objects.filter(**mine)
    delete_files_on_commit(logbook, "photo")
    logbook.delete()
    reports = Report.objects.filter(**mine)
    delete_files_on_commit(reports, "file")
    reports.update(text="", file_name="", review_comment="")
    StudentEvaluation.objects.filter(**mine).update(comments="")
    ProviderAssessment.objects.filter(**mine).update(went_well="", to_improve="")
    Concern.objects.filter(**mine).update(note="", follow_up_note="")
    Certificate.objects.filter(student__in=students).update(student_name="")
    OwnPlacement.objects.filter(student__in=students).update(
        tasks="", supervisor_name="", supervisor_email="", refusal_reason=""
    )
