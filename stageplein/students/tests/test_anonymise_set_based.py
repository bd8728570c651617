"""Anonymising leavers is set-based (issue 13): a batch costs the same statements for 3
students as for 12 (one UPDATE or DELETE per table), and afterwards no table of the database
holds a trace of who they were. The totals of the overviews are checked by
dashboards/tests/test_totals_after_anonymising.py."""

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stageplein.applications.models import Message, WaitingListEntry
from stageplein.mediation.models import MediationRequest
from stageplein.notifications.models import Notification
from stageplein.students.anonymise import anonymise_left_before
from stageplein.students.models import Guardianship, PrivacyRequest, Student
from stageplein.students.services import privacy_request_file
from tests.support.people import give_consent, make_student, make_user
from tests.support.progress import internship_with_hours, react

pytestmark = pytest.mark.django_db


def leaver(world, n: int) -> tuple[Student, list[str]]:
    """A student who left 400 days ago with a bit of everything, and the traces they leave."""
    first, last = f"Voornaam{n:03d}", f"Achternaam{n:03d}"
    number = f"LLN{n:03d}X"  # letters outside hex: no random token contains it by chance
    student = make_student(world.school, number, first_name=first, last_name=last)
    parent_email = f"ouder{n:03d}@thuis.test"
    parent = make_user(parent_email, f"Ouder{n:03d}", last)
    Guardianship.objects.create(student=student, guardian=parent)
    Student.objects.filter(pk=student.pk).update(
        hobbies=f"Hobby{n:03d}", guidance_needs=f"Hulp{n:03d}"
    )
    internship = internship_with_hours(student, world.provider, 8)
    internship.hours.update(description=f"Uren{n:03d}")
    reaction = react(student, world.period)
    reaction.motivation = f"Motivatie{n:03d}"
    reaction.save(update_fields=["motivation"])
    Message.objects.create(application=reaction, author=student.user, body=f"Bericht{n:03d}")
    WaitingListEntry.objects.create(
        student=student, period=world.period2, motivation=f"Wachtlijst{n:03d}"
    )
    MediationRequest.objects.create(
        student=student,
        asked_by=parent,
        asked_side="parent",
        wishes=f"Wens{n:03d}",
        broker=world.broker,
    )
    give_consent(student, "photos", by=parent)
    privacy_request_file(
        actor=student.user, student=student, kind="correction", text=f"Verzoek{n:03d}", as_role=""
    )
    Notification.objects.create(recipient=student.user, kind="x", title=f"Melding{n:03d}")
    Student.objects.filter(pk=student.pk).update(
        left_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    traces = [first, last, f"{number}@leerling.test", parent_email, number]
    traces += [f"{word}{n:03d}" for word in ("Hobby", "Hulp", "Uren", "Motivatie", "Bericht")]
    traces += [f"{word}{n:03d}" for word in ("Wachtlijst", "Wens", "Verzoek", "Melding")]
    return student, traces


def text_fields(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)
    return [f.name for f in model._meta.concrete_fields if isinstance(f, kinds)]


def traces_in_database(traces: list[str]) -> list[str]:
    """Every (table, column, trace) of the whole database that still holds one of ``traces``."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for name in text_fields(model):
            column = Cast(name, models.TextField())
            rows = model._default_manager.annotate(_text=column)
            for trace in traces:
                if rows.filter(_text__icontains=trace).exists():
                    found.append(f"{model._meta.label}.{name}: {trace}")
    return found


def anonymise_counting_statements() -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        done = anonymise_left_before(timezone.localdate() - datetime.timedelta(days=365))
    return done, len(queries)


def test_a_batch_costs_the_same_statements_for_3_leavers_as_for_12(world):
    ContentType.objects.get_for_models(*apps.get_models())  # cached, as in a running worker
    for n in range(3):
        leaver(world, n)
    small = anonymise_counting_statements()
    for n in range(3, 15):
        leaver(world, n)
    large = anonymise_counting_statements()
    assert (small[0], large[0]) == (3, 12)
    assert large[1] == small[1], "a statement per student crept in"


def test_after_anonymising_no_table_holds_a_trace_of_the_leavers(world):
    traces = []
    for n in range(4):
        _student, found = leaver(world, n)
        traces += found
    assert len(traces_in_database(traces)) >= len(traces), "the scan finds the data before"
    assert anonymise_left_before(timezone.localdate() - datetime.timedelta(days=365)) == 4
    assert traces_in_database(traces) == []
    # What counts stays: every leaver still has their internship, hours and reaction.
    for student in Student.objects.filter(student_number__startswith="anon-"):
        assert student.internships.get().hours.get().hours == 8
        assert student.applications.count() == 1
    assert not PrivacyRequest.objects.filter(student__student_number__startswith="anon-").exists()
