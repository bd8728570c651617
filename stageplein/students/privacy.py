"""The student app's part of a student's own data (students/own_data.py)."""

from stageplein.students.models import Student
from stageplein.students.own_data import rows


def student_data(student: Student) -> dict[str, object]:
    user = student.user
    profile = rows([student])[0]
    profile.update(
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        school_name=str(student.school),
        mentor_name=student.mentor.get_full_name() if student.mentor else "",
        guardians=[
            {"name": g.guardian.get_full_name(), "email": g.guardian.email}
            for g in student.guardianships.select_related("guardian")
        ],
    )
    return {
        "profile": profile,
        "consents": rows(student.consents.order_by("given_at"), leave_out=("student",)),
        "privacy_requests": rows(
            student.privacy_requests.order_by("requested_at"), leave_out=("student",)
        ),
        "read_log": [
            {"who": e.reader_name, "as": e.role, "what": e.what, "kind": e.kind, "when": e.at}
            for e in student.read_log.order_by("at")
        ],
    }
