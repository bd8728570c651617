"""Anonymising students who left (students/anonymise.py) keeps every total of the overviews:
the school's, the broker's, the municipality's and the national pages say the same after."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.internships.models import StudentEvaluation
from stageplein.reminders.retention import LEFT_STUDENTS, retention_run
from stageplein.students.models import Student
from tests.support.progress import internship_with_hours, student_at

pytestmark = pytest.mark.django_db

PAGES = (
    ("coordinator", "dashboard_school"),
    ("broker", "dashboard_broker"),
    ("municipality", "dashboard_municipality"),
    ("national", "dashboard_national"),
)


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


def page_text(client, name: str) -> str:
    """What a person reads: the text without tags, tokens, nonces and whitespace runs."""
    response = client.get(reverse(name))
    assert response.status_code == 200, name
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def test_every_overview_shows_the_same_totals_before_and_after_anonymising(client_as, world):
    # Students who left a while ago, with hours and a grade, as well as the world's current ones.
    for number, hours, days_ago in (("8001", 60, 400), ("8002", 12, 900), ("8003", 30, 200)):
        student = student_at(world.school, number, first_name=f"Oud{number}")
        internship = internship_with_hours(student, world.provider, hours)
        StudentEvaluation.objects.create(internship=internship, grade=7)
        Student.objects.filter(pk=student.pk).update(
            left_on=timezone.localdate() - datetime.timedelta(days=days_ago)
        )
    before = {name: page_text(client_as(role), name) for role, name in PAGES}

    assert retention_run()[LEFT_STUDENTS.kind] == 2

    after = {name: page_text(client_as(role), name) for role, name in PAGES}
    for _role, name in PAGES:
        assert after[name] == before[name], name
        assert re.findall(r"\d", before[name]), "the page shows numbers"
