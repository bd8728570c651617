"""The mediation app's part of a student's own data (students/own_data.py) and of their
anonymisation (students/anonymise.py)."""

from django.db.models import QuerySet

from stageplein.mediation.models import MediationRequest
from stageplein.students.models import Student
from stageplein.students.own_data import rows


def student_data(student: Student) -> dict[str, object]:
    requests = MediationRequest.objects.filter(student=student).order_by("pk")
    return {"mediation_requests": rows(requests, leave_out=("student",))}


def anonymise(students: QuerySet[Student]) -> None:
    """The requests stay (status and dates are counted); the wishes and notes about the student
    go."""
    MediationRequest.objects.filter(student__in=students).update(
        wishes="", proposal_note="", decline_reason=""
    )
