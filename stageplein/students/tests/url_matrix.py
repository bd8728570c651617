import datetime

from django.urls import reverse

from stageplein.students.models import PrivacyRequest
from tests.support.url_matrix import Row

ROWS = {
    "student_list": Row(
        lambda w: reverse("student_list"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "mentor": 200,
            "broker": 200,
            "admin": 200,
            "other_coordinator": 200,
        },
        default=403,
    ),
    "student_detail": Row(
        lambda w: reverse("student_detail", args=[w.student.pk]),
        {
            "anonymous": 302,
            "student": 200,
            "parent": 200,
            "coordinator": 200,
            "mentor": 200,
            "provider_contact": 200,
            "supervisor": 200,
            "broker": 200,
            "admin": 200,
        },
        default=404,
    ),
    "student_read_log": Row(
        lambda w: reverse("student_read_log", args=[w.student.pk]),
        {
            "anonymous": 302,
            "student": 200,
            "parent": 200,
            "coordinator": 200,
            "admin": 200,
            "mentor": 403,
            "provider_contact": 403,
            "supervisor": 403,
            "broker": 403,
        },
        default=404,
    ),
    "student_own_data": Row(
        lambda w: reverse("student_own_data", args=[w.student.pk]),
        {
            "anonymous": 302,
            "student": 200,
            "parent": 200,  # the world's student is 14
            "coordinator": 403,
            "admin": 403,
            "mentor": 403,
            "provider_contact": 403,
            "supervisor": 403,
            "broker": 403,
        },
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
    {"anonymous": 302, "coordinator": 200, "admin": 200, "mentor": 403, "broker": 403},
    default=404,
)
ROWS["school_profile"] = Row(
    lambda w: reverse("school_profile", args=[w.school.pk]),
    {"anonymous": 302, "coordinator": 200, "admin": 200, "mentor": 403, "broker": 403},
    default=404,
)
ROWS["student_mentor"] = Row(
    lambda w: reverse("student_mentor", args=[w.student.pk]),
    {
        "anonymous": 302,
        "coordinator": 200,
        "admin": 200,
        "mentor": 403,
        "broker": 403,
        "student": 403,
        "parent": 403,
        "provider_contact": 403,
        "supervisor": 403,
    },
    default=404,
)
ROWS["student_consent"] = Row(
    lambda w: reverse("student_consent", args=[w.student.pk]),
    {
        "anonymous": 302,
        "student": 200,
        "parent": 200,
        "coordinator": 200,
        "mentor": 200,
        "admin": 200,
        "provider_contact": 403,
        "supervisor": 403,
        "broker": 403,
    },
    default=404,
)
ROWS["student_privacy_request"] = Row(
    lambda w: reverse("student_privacy_request", args=[w.student.pk]),
    {
        "anonymous": 302,
        "student": 200,
        "parent": 200,  # the world's student is 14
        "coordinator": 403,
        "mentor": 403,
        "admin": 403,
        "provider_contact": 403,
        "supervisor": 403,
        "broker": 403,
    },
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
    {
        "anonymous": 302,
        "student": 200,
        "parent": 200,
        "coordinator": 200,
        "admin": 200,
    },
    default=404,
)
