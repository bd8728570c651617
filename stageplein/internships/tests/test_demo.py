"""The demo keeps progress real under the contract rule and shows every README account the
internship at work."""

import pytest
from django.core.management import call_command
from django.db.models import Avg
from django.test import Client
from django.urls import reverse

from stageplein.accounts.models import User
from stageplein.demo.builder import FIXED_ACCOUNTS
from stageplein.internships.models import Certificate, Contract, HourEntry, Internship
from stageplein.internships.progress import progress_of, with_progress
from stageplein.internships.selectors import missing_parties
from stageplein.internships.tests.helpers import text
from stageplein.students.models import Student
from stageplein.students.selectors import NormTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", "--pilot", "Zutphen")


def test_every_internship_has_a_contract_and_verified_hours_still_count(demo):
    assert not Internship.objects.filter(contracts__isnull=True).exists()
    verified = HourEntry.objects.filter(status="verified").count()
    counting = HourEntry.objects.counting().count()
    assert counting >= 0.9 * verified  # only students without a known parent miss a signature


def test_students_who_reached_the_norm_hold_a_certificate(demo):
    norms = NormTable()
    reached = {
        pk
        for pk, level, cohort, done in with_progress(Student.objects.all()).values_list(  # type: ignore[misc]
            "pk", "level", "cohort", "verified_hours"
        )
        if done >= norms.norm(level, cohort)
    }
    assert reached
    assert set(Certificate.objects.values_list("student_id", flat=True)) == reached


def test_evaluations_average_close_to_the_pilots_grade(demo):
    from stageplein.internships.models import StudentEvaluation

    average = StudentEvaluation.objects.aggregate(a=Avg("grade"))["a"]
    assert 7.0 <= average <= 8.2


def test_the_fixed_student_has_a_contract_to_sign_and_hours_that_count(demo):
    student = Student.objects.get(user__email=FIXED_ACCOUNTS["student"])
    assert progress_of(student).done > 0
    waiting = Contract.objects.filter(internship__student=student, fully_signed_at__isnull=True)
    assert waiting.count() == 1
    assert set(missing_parties(waiting.get())) >= {"student", "provider"}


@pytest.mark.parametrize(
    "account,expected",
    [
        ("student", "internship contract to sign"),
        ("parent", "internship contract to sign"),
        ("provider_contact", "internship contract to sign"),
        ("supervisor", "hour entry to confirm"),
        ("mentor", "to approve"),
    ],
)
def test_each_readme_account_sees_what_waits_for_it(demo, account, expected):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(email=FIXED_ACCOUNTS[account]))
    client.post(reverse("set_language"), {"language": "en"})
    assert expected in text(client.get(reverse("home")))
