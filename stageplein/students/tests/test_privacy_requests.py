"""AVG art. 16, 17: a student or parent asks to correct or remove data; the school's
coordinator answers within a month; the answer is audited and the person is told."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from stageplein.notifications.models import Notification
from stageplein.students.models import PrivacyRequest

pytestmark = pytest.mark.django_db


def ask(client, world, kind="correction", text="Mijn achternaam is fout gespeld"):
    return client.post(
        reverse("student_privacy_request", args=[world.student.pk]), {"kind": kind, "text": text}
    )


def test_a_student_asks_and_the_coordinator_is_told_with_a_deadline(client_as, world):
    assert ask(client_as("student"), world).status_code == 302
    request = PrivacyRequest.objects.get()
    assert (request.kind, request.status, request.requested_as) == ("correction", "open", "student")
    assert request.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert Notification.objects.filter(
        recipient=world.users["coordinator"], kind="privacy_request"
    ).exists()
    listing = client_as("coordinator").get(reverse("privacy_request_list")).content.decode()
    assert "Sam de Vries" in listing
    page = client_as("student").get(reverse("student_privacy_request", args=[world.student.pk]))
    assert "Mijn achternaam is fout gespeld" in page.content.decode()


def test_a_parent_asks_for_a_child_under_16_and_school_staff_cannot_ask(client_as, world):
    assert ask(client_as("parent"), world, "removal", "Haal de foto weg").status_code == 302
    assert PrivacyRequest.objects.get().requested_as == "parent"
    for role in ("coordinator", "mentor"):
        assert ask(client_as(role), world).status_code == 403, role


def test_the_coordinator_answers_once_the_answer_is_audited_and_the_student_told(client_as, world):
    ask(client_as("student"), world)
    request = PrivacyRequest.objects.get()
    url = reverse("privacy_request_detail", args=[request.pk])
    coordinator = client_as("coordinator")
    refused = coordinator.post(url, {"status": "refused", "answer": ""})
    assert refused.status_code == 200  # a refusal needs a reason
    request.refresh_from_db()
    assert request.status == "open"

    assert coordinator.post(url, {"status": "done", "answer": "Aangepast"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.handled_by, request.answer) == (
        "done",
        world.users["coordinator"],
        "Aangepast",
    )
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PrivacyRequest), object_pk=str(request.pk)
    )
    update = entries.filter(action=LogEntry.Action.UPDATE).get()
    assert update.actor == world.users["coordinator"]
    assert "Aangepast" not in str(update.changes)  # the answer only as a hash
    assert Notification.objects.filter(
        recipient=world.users["student"], kind="privacy_request"
    ).exists()
    # Answered: no second answer.
    assert coordinator.post(url, {"status": "refused", "answer": "Toch niet"}).status_code == 403
    request.refresh_from_db()
    assert request.answer == "Aangepast"


def test_an_overdue_request_is_marked_and_listed_first(client_as, world):
    ask(client_as("student"), world, text="Eerste")
    ask(client_as("parent"), world, text="Tweede")
    late = PrivacyRequest.objects.get(text="Tweede")
    PrivacyRequest.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    listing = client_as("coordinator").get(reverse("privacy_request_list")).content.decode()
    assert "te laat" in listing or "overdue" in listing
    first = PrivacyRequest.objects.get(text="Eerste")
    assert listing.index(f"/privacyverzoeken/{late.pk}/") < listing.index(
        f"/privacyverzoeken/{first.pk}/"
    )


def test_another_school_does_not_see_or_answer_the_request(client_as, world):
    ask(client_as("student"), world)
    request = PrivacyRequest.objects.get()
    other = client_as("other_coordinator")
    assert other.get(reverse("privacy_request_detail", args=[request.pk])).status_code == 404
    assert "Sam de Vries" not in other.get(reverse("privacy_request_list")).content.decode()
