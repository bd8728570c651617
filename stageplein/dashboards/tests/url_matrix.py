from django.urls import reverse

from tests.support.url_matrix import Row
from tests.support.world import World


def _with(name: str, key: str, value):
    return lambda w: f"{reverse(name)}?{key}={value(w)}"


SCHOOL = {"anonymous": 302, "coordinator": 200, "admin": 200, "other_coordinator": 404}
BROKER = {"anonymous": 302, "broker": 200, "admin": 200}


def school_pk(w: World) -> int:
    return w.school.pk


ROWS = {
    "home": Row(lambda w: reverse("home"), {"admin": 302}, default=200),
    # Asked for the world's school: its coordinator (and the admin) only; the other school's
    # coordinator may open the overview, of their own school, but not this one.
    "dashboard_school": Row(_with("dashboard_school", "school", school_pk), SCHOOL, default=403),
    "dashboard_students": Row(
        lambda w: f"{reverse('dashboard_students')}?school={w.school.pk}&status=none",
        SCHOOL,
        default=403,
    ),
    "dashboard_broker": Row(
        _with("dashboard_broker", "broker", lambda w: w.broker.pk), BROKER, default=403
    ),
    "dashboard_unplaced": Row(
        _with("dashboard_unplaced", "broker", lambda w: w.broker.pk), BROKER, default=403
    ),
    "dashboard_municipality": Row(
        _with("dashboard_municipality", "municipality", lambda w: w.municipality.pk),
        {"anonymous": 302, "municipality": 200, "admin": 200},
        default=403,
    ),
    "dashboard_national": Row(
        lambda w: reverse("dashboard_national"),
        {"anonymous": 302, "national": 200, "admin": 200},
        default=403,
    ),
}
