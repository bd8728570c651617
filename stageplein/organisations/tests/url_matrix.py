from django.urls import reverse

from tests.support.url_matrix import Row

ROWS = {
    "school_detail": Row(
        lambda w: reverse("school_detail", args=[w.school.pk]),
        {"anonymous": 302, "coordinator": 200, "mentor": 200, "broker": 200, "admin": 200},
        default=404,
    ),
    "provider_list": Row(
        lambda w: reverse("provider_list"),
        {"anonymous": 302, "student": 403, "parent": 403, "municipality": 403, "national": 403},
        default=200,
    ),
    "provider_detail": Row(
        lambda w: reverse("provider_detail", args=[w.provider.pk]),
        {
            "anonymous": 302,
            "coordinator": 200,
            "mentor": 200,
            "provider_contact": 200,
            "supervisor": 200,
            "broker": 200,
            "admin": 200,
        },
        default=404,
    ),
}
ROWS["provider_edit"] = Row(
    lambda w: reverse("provider_edit", args=[w.provider.pk]),
    {"anonymous": 302, "provider_contact": 200, "broker": 200, "admin": 200},
    default=404,
)
