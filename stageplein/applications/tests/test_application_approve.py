"""R-MATCH-7: the school approves digitally; only an approved match becomes an internship."""

import pytest
from django.urls import reverse

from stageplein.applications.models import Status
from stageplein.applications.services import NotAccepted, application_approve
from stageplein.internships.models import Internship
from stageplein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_approval_starts_the_internship_through_the_internship_service(world, accepted):
    period = accepted.period
    before = Internship.objects.count()
    app = application_approve(application=accepted, by=world.users["mentor"])
    assert app.status == Status.APPROVED and app.approved_by == world.users["mentor"]
    internship = app.internship
    assert internship is not None
    assert Internship.objects.count() == before + 1
    assert (internship.student, internship.provider) == (world.student, world.provider)
    assert (internship.start_date, internship.end_date) == (period.starts_on, period.ends_on)
    assert internship.planned_hours == period.hours
    assert internship.title == accepted.placement.title
    assert internship.status == Internship.Status.PLANNED


def test_only_an_accepted_match_can_be_approved_and_only_once(world, waiting, accepted):
    with pytest.raises(NotAccepted):
        application_approve(application=waiting, by=None)
    application_approve(application=accepted, by=None)
    with pytest.raises(NotAccepted):
        application_approve(application=accepted, by=None)
    assert Internship.objects.filter(application__pk=accepted.pk).count() == 1


def test_student_provider_and_parents_are_told(world, accepted):
    application_approve(application=accepted, by=world.users["mentor"])
    told = set(
        Notification.objects.filter(kind="application_approved").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {
        world.student.user.email,
        world.users["provider_contact"].email,
        world.users["parent"].email,
    }


def test_after_approval_the_provider_sees_what_the_internship_needs(world, client_as):
    """Before approval a provider sees a first name, level, year, motivation and distance."""
    from stageplein.applications.services import application_submit

    app = application_submit(
        student=world.classmate, period=world.period, motivation="Ik help graag"
    )
    client = client_as("provider_contact")
    html = client.get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "Lotte" in html and "havo 2" in html and "Ik help graag" in html
    assert "minder dan 1 km" in html or "km" in html
    for secret in ("Jansen", world.school.name, "2H1", world.classmate.user.email):
        assert secret not in html
    from stageplein.applications.services import application_accept

    application_accept(application=app, by=None)
    application_approve(application=app, by=world.users["coordinator"])
    html = client.get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "Lotte Jansen" in html and world.school.name in html
