"""The internships app's part of a student's own data (students/own_data.py). Concerns stay
out: they are the school's safeguarding notes, given on request through the school."""

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
    }


def anonymise(student: Student) -> None:
    """students/anonymise.py: the rows that count (internships, hours, reports, grades,
    certificates) stay; names, free text, files and the logbook go."""
    mine = {"internship__student": student}
    Internship.objects.filter(student=student).update(learning_goals="", guidance_notes="")
    Contract.objects.filter(**mine).update(student_name="", guidance="")
    Signature.objects.filter(
        contract__internship__student=student, party__in=[Party.STUDENT, Party.PARENT]
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
    Certificate.objects.filter(student=student).update(student_name="")
    OwnPlacement.objects.filter(student=student).update(
        tasks="", supervisor_name="", refusal_reason=""
    )
