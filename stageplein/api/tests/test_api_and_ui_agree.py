"""For every role of the test world and every record, the API and the web page agree: a
person's personal access token opens exactly the records whose page that person may open."""

import pytest
from django.test import Client
from django.urls import reverse

from stageplein.accounts.access import get_scope
from stageplein.api.tests.conftest import bearer
from stageplein.students.access import students_visible_to
from tests.support.world import World

RESOURCES = [
    ("student_detail", "students", lambda w: [w.student, w.classmate, w.other_student]),
    (
        "placement_detail",
        "placements",
        lambda w: [w.placement, w.draft_placement, w.other_placement],
    ),
    ("application_detail", "reactions", lambda w: [w.application, w.accepted_application]),
    ("internship_detail", "internships", lambda w: [w.internship]),
]


@pytest.mark.parametrize("role", World.ROLES)
def test_api_and_web_pages_open_the_same_records(world, personal, role):
    web = Client()
    web.force_login(world.users[role])
    api = personal(role) if role not in ("student", "parent") else None
    session_api = Client()
    session_api.force_login(world.users[role])
    for page, resource, records in RESOURCES:
        for record in records(world):
            page_opens = web.get(reverse(page, args=[record.pk])).status_code == 200
            callers = [session_api] + ([api] if api else [])
            for caller in callers:
                status = caller.get(f"/api/v1/{resource}/{record.pk}/").status_code
                assert (status == 200) == page_opens, (role, resource, record.pk, status)


@pytest.mark.parametrize("role", ["coordinator", "mentor", "broker", "other_coordinator"])
def test_the_student_list_is_the_web_list(world, personal, role):
    ids = {s["id"] for s in personal(role).get("/api/v1/students/").json()["results"]}
    assert ids == set(
        students_visible_to(get_scope(world.users[role])).values_list("pk", flat=True)
    )


def test_a_token_never_has_more_rights_than_its_person(world, personal):
    # The mentor's token with every scope still cannot write students (the web cannot either).
    response = personal("mentor").post(
        "/api/v1/students/bulk/", {"students": [{"student_number": "1"}]}, format="json"
    )
    assert response.status_code == 403
    assert bearer("spat_wrong").get("/api/v1/students/").status_code == 401
