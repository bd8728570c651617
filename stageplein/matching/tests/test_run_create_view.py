"""Starting a round from the queue: the students ticked, or all that the filters show."""

import pytest
from django.urls import reverse

from stageplein.matching.models import Proposal, Run
from tests.support.matching import offer, pupil

pytestmark = pytest.mark.django_db


def test_a_round_for_the_students_ticked_only_takes_students_of_the_queue(
    window, world, client_as, django_capture_on_commit_callbacks
):
    offer(world.provider, "Plek")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("broker").post(
            reverse("matching_run_create"),
            {"mode": "stable", "student": [world.classmate.pk, world.other_student.pk]},
        )
    run = Run.objects.exclude(pk=world.run.pk).get()
    assert response.status_code == 302 and response.url == reverse(
        "matching_run_detail", args=[run.pk]
    )
    assert run.student_ids == [world.classmate.pk]  # the other region's student is dropped
    assert run.mode == "stable" and run.selection["all"] is False
    assert Proposal.objects.get(run=run).student == world.classmate


def test_a_round_for_all_filtered_students(window, world, client_as):
    vmbo = [pupil(world.school, f"500{k}", level="vmbo") for k in range(3)]
    client_as("broker").post(
        reverse("matching_run_create"), {"mode": "optimal", "all": "1", "level": "vmbo"}
    )
    run = Run.objects.exclude(pk=world.run.pk).get()
    assert sorted(run.student_ids) == sorted(s.pk for s in vmbo)
    assert run.selection == {"all": True, "filters": {"level": "vmbo"}}


def test_nothing_selected_is_said_and_nothing_runs(world, client_as):
    response = client_as("broker").post(reverse("matching_run_create"), {"mode": "optimal"})
    assert response.status_code == 302
    assert not Run.objects.exclude(pk=world.run.pk).exists()
