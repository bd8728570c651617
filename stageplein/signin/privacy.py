"""The sign-in app's part of a student's own data (students/own_data.py) and of their
anonymisation (students/anonymise.py)."""

from django.db.models import QuerySet

from stageplein.signin.models import ClassSigninAttempt, SigninCard
from stageplein.students.models import Student
from stageplein.students.own_data import rows


def student_data(student: Student) -> dict[str, object]:
    # When cards were issued and used; the code's hash is a secret of the platform, not data
    # about the student.
    cards = SigninCard.objects.filter(student=student).order_by("created_at")
    return {"signin_cards": rows(cards, leave_out=("student", "code_hash"))}


def anonymise(students: QuerySet[Student]) -> None:
    """Cards and class sign-in attempts say when the student signed in: they go."""
    SigninCard.objects.filter(student__in=students).delete()
    ClassSigninAttempt.objects.filter(student__in=students).delete()
