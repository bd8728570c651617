"""The applications app's part of a student's own data (students/own_data.py)."""

from stageplein.applications.models import Application, Message
from stageplein.students.models import Student
from stageplein.students.own_data import rows


def student_data(student: Student) -> dict[str, object]:
    reactions = Application.objects.filter(student=student).order_by("submitted_at")
    return {
        "reactions": rows(reactions),
        "reaction_messages": rows(Message.objects.filter(application__in=reactions)),
    }
