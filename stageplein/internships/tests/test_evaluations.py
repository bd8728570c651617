"""Evaluations by student and provider, reports of lateness, and the summary (R-INT-4, 7)."""

import pytest
from django.urls import reverse

from stageplein.internships.models import Concern, ProviderAssessment, StudentEvaluation
from stageplein.internships.tests.helpers import text
from stageplein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_student_grades_the_internship_once(client_as, world):
    client = client_as("student")
    url = reverse("evaluation_student", args=[world.internship.pk])
    client.post(url, {"grade": "11", "comments": ""})
    assert not StudentEvaluation.objects.exists()
    assert client.post(url, {"grade": "8", "comments": "Leuk"}).status_code == 302
    client.post(url, {"grade": "3", "comments": "Toch niet"})
    assert StudentEvaluation.objects.get().grade == 8


def test_provider_assesses_the_student_and_the_mentor_hears(client_as, world):
    client_as("supervisor").post(
        reverse("evaluation_provider", args=[world.internship.pk]),
        {"attendance": "good", "effort": "sufficient", "went_well": "Vriendelijk"},
    )
    assessment = ProviderAssessment.objects.get()
    assert assessment.assessed_by == world.users["supervisor"]
    assert Notification.objects.filter(recipient=world.users["mentor"], kind="assessment")


def test_lateness_reported_by_the_provider_reaches_the_mentor_who_follows_up(client_as, world):
    client_as("provider_contact").post(
        reverse("concern_report", args=[world.internship.pk]),
        {"kind": "late", "note": "Drie keer te laat gekomen"},
    )
    concern = Concern.objects.get(note="Drie keer te laat gekomen")
    notice = Notification.objects.get(recipient=world.users["mentor"], kind="concern")
    assert world.student.user.first_name not in notice.title  # the title travels by e-mail
    mentor = client_as("mentor")
    home = text(mentor.get(reverse("home")))
    assert "melding van de stagebieder om op te volgen" in home
    mentor.post(reverse("concern_follow_up", args=[concern.pk]), {"note": "Gesprek gevoerd"})
    concern.refresh_from_db()
    assert concern.followed_up_by == world.users["mentor"]


def test_the_summary_averages_grades_per_provider_without_names(client_as, world, new_internship):
    from tests.support.people import make_student

    other = make_student(world.school, "1301", first_name="Fenna", mentor=world.users["mentor"])
    second = new_internship(student=other)
    StudentEvaluation.objects.create(internship=world.internship, grade=7)
    StudentEvaluation.objects.create(internship=second, grade=8)
    for role in ("provider_contact", "coordinator", "broker"):
        body = text(client_as(role).get(reverse("evaluations")))
        assert world.provider.name in body
        assert "7,5" in body or "7.5" in body
        assert "Fenna" not in body and world.student.user.first_name not in body
    assert world.provider.name not in text(
        client_as("other_provider_contact").get(reverse("evaluations"))
    )


def test_the_mentor_is_asked_to_follow_up_each_open_report_once(client_as, world):
    from stageplein.internships.services import concern_follow_up

    mentor = client_as("mentor")
    assert "1 stage met een melding van de stagebieder" in text(mentor.get(reverse("home")))
    concern_follow_up(concern=world.concern, by=world.users["mentor"], note="Gesproken")
    assert "melding van de stagebieder" not in text(mentor.get(reverse("home")))


def test_two_placements_with_the_same_title_are_summarised_apart(client_as, world):
    from stageplein.accounts.access import get_scope
    from stageplein.applications.services import (
        application_accept,
        application_approve,
        application_submit,
    )
    from stageplein.internships.selectors import evaluation_summary
    from tests.support.people import make_student

    first, second = world.placement, world.placement2
    second.title = first.title
    second.save()
    grades = {}
    for i, (placement, period, grade) in enumerate(
        [(first, world.period, 6), (second, world.period2, 9)]
    ):
        student = make_student(world.school, f"14{i}", first_name="Fenna", mentor=None)
        app = application_submit(student=student, period=period, motivation="Graag!")
        application_accept(application=app, by=world.users["provider_contact"])
        app = application_approve(application=app, by=world.users["mentor"])
        assert app.internship is not None
        StudentEvaluation.objects.create(internship=app.internship, grade=grade)
        grades[placement.pk] = grade
    rows = evaluation_summary(get_scope(world.users["provider_contact"]))
    by_placement = {
        r["application__placement_id"]: r["average"] for r in rows if r["application__placement_id"]
    }
    assert by_placement == grades


def test_the_grade_is_not_chosen_in_advance_and_a_skipped_grade_is_refused(client_as, world):
    client = client_as("student")
    url = reverse("evaluation_student", args=[world.internship.pk])
    page = client.get(url).content.decode()
    assert '<option value="1" selected' not in page
    assert '<option value="" selected' in page
    client.post(url, {"grade": "", "comments": "Vergeten"})
    assert not StudentEvaluation.objects.exists()
