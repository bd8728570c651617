"""R-PRIV-1 retention: a student who left is anonymised one school year later by the nightly
job: nothing says who they were, and the counted rows stay."""

import datetime
import json

import pytest
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from stageplein.applications.models import Application, Message
from stageplein.internships.models import (
    Certificate,
    Contract,
    HourEntry,
    Internship,
    LogbookEntry,
    Report,
)
from stageplein.notifications.models import Notification
from stageplein.reminders.retention import LEFT_STUDENTS, retention_run
from stageplein.students.models import (
    Consent,
    Guardianship,
    PrivacyRequest,
    ReadLogEntry,
    Student,
)
from stageplein.students.own_data import student_data
from tests.support.people import give_consent, make_student, make_user

pytestmark = pytest.mark.django_db
KIND = LEFT_STUDENTS.kind


def leave(student, days_ago):
    Student.objects.filter(pk=student.pk).update(
        left_on=timezone.localdate() - datetime.timedelta(days=days_ago)
    )


@pytest.fixture
def left(world, client_as):
    """The world's student left 400 days ago, with everything an internship leaves behind."""
    student = world.student
    give_consent(student, "photos", by=world.users["parent"])
    client_as("mentor").get(f"/leerlingen/{student.pk}/")  # a read log entry
    Message.objects.create(
        application=Application.objects.filter(student=student).earliest("pk"),
        author=student.user,
        body="Mag ik zaterdag komen? Groet, Sam de Vries",
    )
    Notification.objects.create(recipient=student.user, kind="x", title="Hoi Sam")
    client_as("student").post(
        f"/leerlingen/{student.pk}/verzoek/", {"kind": "removal", "text": "Weg met Sam"}
    )
    HourEntry.objects.filter(internship__student=student).update(description="Met Sam gekookt")
    leave(student, 400)
    return student


def test_the_job_anonymises_a_student_a_year_after_leaving_and_keeps_what_counts(
    world, left, django_capture_on_commit_callbacks
):
    hours_before = sorted(
        HourEntry.objects.filter(internship__student=left).values_list("hours", "status")
    )
    internships_before = list(Internship.objects.filter(student=left).values("pk", "status"))
    photo = world.logbook_entry.photo.name
    report_file = world.report.file.name
    assert default_storage.exists(photo) and default_storage.exists(report_file)

    with django_capture_on_commit_callbacks(execute=True):
        report = retention_run()

    assert report[KIND] == 1
    left.refresh_from_db()
    user = left.user
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email, user.is_active) == ("", "", None, False)
    assert not user.has_usable_password()
    assert left.anonymised_at is not None and left.student_number == f"anon-{left.pk}"
    assert (left.date_of_birth.month, left.date_of_birth.day) == (7, 1)
    assert str(left) in ("anonymised student", "geanonimiseerde leerling")
    # What is counted stays exactly.
    assert hours_before == sorted(
        HourEntry.objects.filter(internship__student=left).values_list("hours", "status")
    )
    assert internships_before == list(
        Internship.objects.filter(student=left).values("pk", "status")
    )
    assert Report.objects.filter(internship__student=left).count() == 1
    assert Certificate.objects.get(student=left).hours == 60
    # Who they were goes: names, free text, logbook and files, parents, consents, read log.
    assert not LogbookEntry.objects.filter(internship__student=left).exists()
    assert not default_storage.exists(photo) and not default_storage.exists(report_file)
    assert not Report.objects.get(internship__student=left).file
    assert not Message.objects.filter(application__student=left).exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert not Guardianship.objects.filter(student=left).exists()
    assert not Consent.objects.filter(student=left).exists()
    assert not PrivacyRequest.objects.filter(student=left).exists()
    assert not ReadLogEntry.objects.filter(student=left).exists()
    assert set(Contract.objects.filter(internship__student=left).values_list("student_name")) == {
        ("",)
    }
    everything = json.dumps(student_data(left), cls=DjangoJSONEncoder)
    for trace in ("Sam", "de Vries", "1001@leerling.test", "Met Sam gekookt", "Olga"):
        assert trace not in everything, trace


def test_a_parent_with_no_other_child_is_forgotten_one_with_another_child_is_not(world, left):
    parent = world.users["parent"]
    retention_run()
    parent.refresh_from_db()
    assert parent.email is None and not parent.is_active

    sibling_parent = make_user("ouder2@thuis.test", "Pim", "Bakker")
    younger = make_student(world.school, "9101", first_name="Noor")
    Guardianship.objects.create(student=younger, guardian=sibling_parent)
    other = make_student(world.school, "9102", first_name="Bo")
    Guardianship.objects.create(student=other, guardian=sibling_parent)
    leave(other, 400)
    retention_run()
    sibling_parent.refresh_from_db()
    assert sibling_parent.is_active and sibling_parent.email


def test_students_who_left_less_than_a_year_ago_and_current_students_stay(world):
    leave(world.classmate, 300)
    assert retention_run()[KIND] == 0
    world.classmate.refresh_from_db()
    world.student.refresh_from_db()
    assert world.classmate.user.first_name == "Lotte" and world.classmate.anonymised_at is None
    assert world.student.user.first_name == "Sam"


def test_after_the_job_no_student_who_left_over_a_year_ago_keeps_a_name(world, left):
    leave(world.classmate, 500)
    retention_run()
    now = timezone.now()
    assert not LEFT_STUDENTS.older_than(now - LEFT_STUDENTS.keep).exists()
    assert not Student.objects.filter(
        left_on__lt=(now - LEFT_STUDENTS.keep).date(), user__last_name__gt=""
    ).exists()
    assert retention_run()[KIND] == 0  # a second night finds nothing to do
