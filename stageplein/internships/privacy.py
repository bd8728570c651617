"""The internships app's part of a student's own data (students/own_data.py). Concerns stay
out: they are the school's safeguarding notes, given on request through the school."""

from stageplein.internships.models import (
    Certificate,
    Contract,
    HourEntry,
    Internship,
    LogbookEntry,
    PlannedSession,
    ProviderAssessment,
    Report,
    StudentEvaluation,
)
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
