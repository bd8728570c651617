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


def anonymise(student: Student) -> None:
    """students/anonymise.py: the reactions stay (placement, status, dates: they are counted);
    what was written in and about them goes."""
    reactions = Application.objects.filter(student=student)
    Message.objects.filter(application__in=reactions).delete()
    reactions.update(
        motivation="", decline_reason="", withdraw_reason="", flag_reason="", flag_resolution=""
    )
