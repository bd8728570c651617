import datetime

from django.urls import reverse

from stageplein.students.models import PrivacyRequest
from tests.support.url_matrix import Row, signed_in

# The school's own pages: its coordinators (and the admin) only; mentors and brokers know the
# school but may not run it.
SCHOOL_ADMIN = signed_in(ok=("coordinator", "admin"), forbidden=("mentor", "broker"))
# Everyone who may read about the student but not act for them.
READERS = ("mentor", "provider_contact", "supervisor", "broker")

ROWS = {
    "student_list": Row(
        lambda w: reverse("student_list"),
        signed_in(ok=("coordinator", "mentor", "broker", "admin", "other_coordinator")),
        default=403,
    ),
    "student_detail": Row(
        lambda w: reverse("student_detail", args=[w.student.pk]),
        signed_in(ok=("student", "parent", "coordinator", "admin", *READERS)),
        default=404,
    ),
    "student_read_log": Row(
        lambda w: reverse("student_read_log", args=[w.student.pk]),
        signed_in(ok=("student", "parent", "coordinator", "admin"), forbidden=READERS),
        default=404,
    ),
    "student_own_data": Row(
        lambda w: reverse("student_own_data", args=[w.student.pk]),
        signed_in(
            ok=("student", "parent"),  # the world's student is 14
            forbidden=("coordinator", "admin", *READERS),
        ),
        default=404,
    ),
}
ROWS["hour_norms"] = Row(
    lambda w: reverse("hour_norms"),
    {"anonymous": 302, "national": 200, "admin": 200},
    default=403,
)
ROWS["school_staff"] = Row(
    lambda w: reverse("school_staff", args=[w.school.pk]),
    SCHOOL_ADMIN,
    default=404,
)
ROWS["school_profile"] = Row(
    lambda w: reverse("school_profile", args=[w.school.pk]),
    SCHOOL_ADMIN,
    default=404,
)
ROWS["student_mentor"] = Row(
    lambda w: reverse("student_mentor", args=[w.student.pk]),
    signed_in(ok=("coordinator", "admin"), forbidden=("student", "parent", *READERS)),
    default=404,
)
ROWS["student_consent"] = Row(
    lambda w: reverse("student_consent", args=[w.student.pk]),
    signed_in(
        ok=("student", "parent", "coordinator", "mentor", "admin"),
        forbidden=("provider_contact", "supervisor", "broker"),
    ),
    default=404,
)
ROWS["student_privacy_request"] = Row(
    lambda w: reverse("student_privacy_request", args=[w.student.pk]),
    signed_in(
        ok=("student", "parent"),  # the world's student is 14
        forbidden=("coordinator", "admin", *READERS),
    ),
    default=404,
)
ROWS["privacy_request_list"] = Row(
    lambda w: reverse("privacy_request_list"),
    {"anonymous": 302, "coordinator": 200, "other_coordinator": 200, "admin": 200},
    default=403,
)


def _privacy_request(w) -> PrivacyRequest:
    request, _created = PrivacyRequest.objects.get_or_create(
        student=w.student,
        defaults={
            "kind": PrivacyRequest.Kind.CORRECTION,
            "text": "Mijn klas klopt niet",
            "requested_by": w.users["student"],
            "requested_by_name": "Sam de Vries",
            "requested_as": "student",
            "due_on": datetime.date.today() + datetime.timedelta(days=30),
        },
    )
    return request


ROWS["privacy_request_detail"] = Row(
    lambda w: reverse("privacy_request_detail", args=[_privacy_request(w).pk]),
    signed_in(ok=("student", "parent", "coordinator", "admin")),
    default=404,
)
