"""R-MATCH-8: the school reacts on a student's behalf, from the placement's page. Every guard
of the vacancy bank holds; the student and their parents are told."""

import pytest
from django.urls import reverse

from stageplein.applications.models import Application, Side, Status
from stageplein.applications.services import NoFreeSeat, application_submit_by_school
from stageplein.applications.tests.factories import many_students, reactions_in_order
from stageplein.notifications.models import Notification
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def test_a_coordinator_reacts_for_a_student_and_the_student_and_parent_are_told(world, client_as):
    placement = make_placement(world.provider, title="Wandelen met bewoners", pc4="7202")
    period = make_period(placement, capacity=2)
    client = client_as("coordinator")
    page = client.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert reverse("application_create_for_student", args=[placement.pk]) in page
    url = reverse("application_create_for_student", args=[placement.pk])
    form = client.get(url, {"student": world.student.pk}).content.decode()
    assert "Sam" in form and world.other_student.user.first_name not in form
    response = client.post(
        url,
        {"student": world.student.pk, "period": period.pk, "motivation": "Houdt van wandelen"},
    )
    app = Application.objects.get(student=world.student, placement=placement)
    assert response.status_code == 302
    assert response.url == reverse("application_detail", args=[app.pk])
    assert (app.status, app.submitted_side, app.submitted_by) == (
        Status.SUBMITTED,
        Side.SCHOOL,
        world.users["coordinator"],
    )
    told = set(
        Notification.objects.filter(kind="application_by_school").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {world.student.user.email, world.users["parent"].email}
    assert Notification.objects.filter(
        recipient=world.users["provider_contact"], kind="application_received"
    ).exists()


def test_a_mentor_chooses_only_among_own_students(world, client_as):
    placement = make_placement(world.provider, title="Koffie schenken", pc4="7202")
    period = make_period(placement, capacity=2)
    url = reverse("application_create_for_student", args=[placement.pk])
    response = client_as("mentor").post(
        url, {"student": world.classmate.pk, "period": period.pk, "motivation": "Past goed"}
    )
    assert response.status_code == 400  # the classmate has no mentor: not the mentor's student
    assert not Application.objects.filter(placement=placement).exists()


def test_the_school_takes_only_a_seat_nobody_holds_or_asked_for(world):
    placement = make_placement(world.provider, title="Een plek", pc4="7202")
    period = make_period(placement, capacity=1)
    reactions_in_order(many_students(world.school, 1, prefix="own"), period)
    with pytest.raises(NoFreeSeat):
        application_submit_by_school(
            student=world.classmate,
            period=period,
            by=world.users["coordinator"],
            motivation="Past bij haar",
        )
    assert not Notification.objects.filter(kind="application_by_school").exists()


def test_a_refusal_is_shown_on_the_form(world, client_as):
    placement = make_placement(world.provider, title="Vanaf achttien", pc4="7202", min_age=18)
    period = make_period(placement, capacity=2)
    response = client_as("coordinator").post(
        reverse("application_create_for_student", args=[placement.pk]),
        {"student": world.classmate.pk, "period": period.pk, "motivation": "Past"},
    )
    assert response.status_code == 400
    assert "form-error" in response.content.decode()
    assert not Application.objects.filter(placement=placement).exists()
