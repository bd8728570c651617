"""The confirm button: reactions are made once, and the broker is told."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from stageplein.applications.models import Application, Side
from stageplein.matching.models import Run

pytestmark = pytest.mark.django_db


def test_confirming_makes_the_reactions_once(world, client_as, django_capture_on_commit_callbacks):
    run = world.run
    client = client_as("broker")
    url = reverse("matching_run_confirm", args=[run.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    second = client.post(url)
    assert [m.level_tag for m in get_messages(first.wsgi_request)] == ["success"]
    assert "al bevestigd" in [str(m) for m in get_messages(second.wsgi_request)][-1]
    assert Run.objects.get(pk=run.pk).status == Run.Status.CONFIRMED
    app = Application.objects.get(student=world.classmate)
    assert app.submitted_side == Side.BROKER and app.period == world.period
    page = client.get(reverse("matching_run_detail", args=[run.pk])).content.decode()
    assert reverse("application_detail", args=[app.pk]) in page
