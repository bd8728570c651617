"""The applications app's part of a student's own data (students/own_data.py)."""

from django.db.models import QuerySet

from stageplein.applications.models import Application, Message, WaitingListEntry
from stageplein.students.anonymise import forget_audit
from stageplein.students.models import Student
from stageplein.students.own_data import rows


def student_data(student: Student) -> dict[str, object]:
    reactions = Application.objects.filter(student=student).order_by("submitted_at")
    return {
        "reactions": rows(reactions),
        "reaction_messages": rows(Message.objects.filter(application__in=reactions)),
        "waiting_lists": rows(
            WaitingListEntry.objects.filter(student=student).order_by("pk"), leave_out=("student",)
        ),
    }


def anonymise(students: QuerySet[Student]) -> None:
    """students/anonymise.py: the reactions stay (placement, status, dates: they are counted);
    what was written in and about them goes. One statement per table for the whole batch."""
    reactions = Application.objects.filter(student__in=students)
    forget_audit(reactions)  # the entries' text names the student
    Message.objects.filter(application__in=reactions).delete()
    reactions.update(
        motivation="", decline_reason="", withdraw_reason="", flag_reason="", flag_resolution=""
    )
    WaitingListEntry.objects.filter(student__in=students).update(motivation="")
