"""The default demo region (Zutphen), played through the services, as each README account
finds it. Built once for the module: the story takes a while, the tests only read it."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.test import Client
from django.urls import reverse

from stageplein.accounts.access import get_scope
from stageplein.accounts.models import Role, User
from stageplein.applications.models import ACTIVE, CLAIMING, Application, Side, Status
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.tests.checks import problems_in_region
from stageplein.documents.models import DocumentVersion
from stageplein.geo.models import Region
from stageplein.internships.models import (
    Certificate,
    Contract,
    HourEntry,
    Internship,
    OwnPlacement,
    StudentEvaluation,
)
from stageplein.internships.progress import progress_of, with_progress
from stageplein.internships.selectors import missing_parties
from stageplein.matching.models import Run
from stageplein.matching.selectors import queue, school_scope
from stageplein.matching.services import run_create, run_execute
from stageplein.organisations.models import Broker, Provider, ReviewStatus, School
from stageplein.placements.models import Placement, PlacementPeriod, SchoolLink
from stageplein.students.models import Guardianship, Student
from stageplein.students.selectors import NormTable

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def zutphen(django_db_setup, django_db_blocker):
    """One story for the module, inside a transaction that is rolled back at its end (each
    test runs in a savepoint of it, as in Django's TestCase)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo")
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


def as_(role: str, language: str = "nl") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(User.objects.get(email=FIXED_ACCOUNTS[role]))
    if language != "nl":
        client.post(reverse("set_language"), {"language": language})
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# -- what the story made ---------------------------------------------------------------------


def test_the_default_region_has_the_pilots_real_numbers():
    region = Region.objects.get(name="Zutphen")
    piloted = Student.objects.filter(school__region=region, school__municipality__name="Zutphen")
    assert piloted.count() == 600
    assert School.objects.filter(region=region, municipality__name="Zutphen").count() == 2
    assert Broker.objects.filter(region=region).count() == 1
    # Beside the pilot's municipality, one neighbour that no broker serves (its school's round).
    names = set(region.municipalities.values_list("name", flat=True))
    assert "Zutphen" in names and len(names) == 2
    assert set(Broker.objects.values_list("municipalities__name", flat=True)) == {"Zutphen"}


def test_the_story_leaves_only_data_the_services_accept():
    assert problems_in_region() == []
    # Every internship at a provider comes from a reaction the school approved (R-MATCH-7), or
    # from an own placement it approved (R-ROUTE-1).
    outside = Internship.objects.filter(
        group_activity__isnull=True, application__isnull=True, own_placement__isnull=True
    )
    assert not outside.exists()
    assert Application.objects.filter(status=Status.APPROVED).count() > 100


def test_demo_refuses_to_load_twice_without_replace_and_skips_if_empty_requested():
    with pytest.raises(CommandError):
        call_command("demo", "--pilot", "Zutphen")
    call_command("demo", "--pilot", "Zutphen", "--if-empty")
    assert Region.objects.count() == 1


def test_every_internship_has_a_contract_and_verified_hours_count():
    assert not Internship.objects.filter(contracts__isnull=True).exists()
    verified = HourEntry.objects.filter(status="verified").count()
    assert verified > 1000
    assert HourEntry.objects.counting().count() >= 0.9 * verified


def test_students_who_reached_the_norm_hold_a_certificate():
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


def test_evaluations_average_close_to_the_pilots_grade():
    average = StudentEvaluation.objects.aggregate(a=Avg("grade"))["a"]
    assert 7.0 <= average <= 8.2


def test_every_provider_offers_placements_with_periods():
    assert Placement.objects.findable().count() > 100
    assert Placement.objects.stale().exists()
    assert Placement.objects.filter(status=Placement.Status.DRAFT).exists()
    assert Placement.objects.filter(status=Placement.Status.CLOSED).exists()
    assert not Placement.objects.annotate(n=Count("periods")).filter(n=0).exists()


def test_no_avondvierdaagse_in_december_and_no_numbered_provider_names():
    walks = PlacementPeriod.objects.filter(placement__title__icontains="avondvierdaagse")
    assert all(p.starts_on.month in (5, 6) for p in walks)
    names = list(Provider.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert not [n for n in names if n.rsplit(" ", 1)[-1].isdigit()]


def test_demo_reactions_never_overfill_a_period_or_double_a_reaction():
    overfull = PlacementPeriod.objects.annotate(
        claimed=Count("applications", filter=Q(applications__status__in=CLAIMING))
    ).filter(claimed__gt=F("capacity"))
    assert not overfull.exists()
    doubled = (
        Application.objects.filter(status__in=ACTIVE)
        .values("student", "placement")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubled.exists()
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)


# -- the README's accounts -------------------------------------------------------------------


def test_every_fixed_demo_account_has_its_role_and_real_data():
    expected = {
        "student": Role.STUDENT,
        "parent": Role.PARENT,
        "coordinator": Role.COORDINATOR,
        "coordinator2": Role.COORDINATOR,
        "mentor": Role.MENTOR,
        "provider_contact": Role.PROVIDER_CONTACT,
        "supervisor": Role.SUPERVISOR,
        "broker": Role.BROKER,
        "municipality": Role.MUNICIPALITY,
        "national": Role.NATIONAL,
        "admin": Role.ADMIN,
    }
    for key, role in expected.items():
        assert role in get_scope(User.objects.get(email=FIXED_ACCOUNTS[key])).roles, key
    student = Student.objects.get(user__email=FIXED_ACCOUNTS["student"])
    assert progress_of(student).done > 0
    assert student.mentor is not None and student.mentor.email == FIXED_ACCOUNTS["mentor"]


def test_the_fixed_student_has_a_contract_to_sign_and_hours_that_count():
    student = Student.objects.get(user__email=FIXED_ACCOUNTS["student"])
    assert progress_of(student).done > 0
    waiting = Contract.objects.filter(internship__student=student, fully_signed_at__isnull=True)
    assert waiting.count() == 1
    assert set(missing_parties(waiting.get())) >= {"student", "provider"}


def test_each_demo_account_has_something_to_do():
    student = User.objects.get(email=FIXED_ACCOUNTS["student"]).student
    mine = set(Application.objects.filter(student=student).values_list("status", flat=True))
    assert mine == {Status.APPROVED, Status.ACCEPTED, Status.SUBMITTED}
    contact = User.objects.get(email=FIXED_ACCOUNTS["provider_contact"])
    provider = contact.memberships.get().provider
    waiting = Application.objects.filter(placement__provider=provider, status=Status.SUBMITTED)
    assert waiting.count() >= 3
    assert Placement.objects.stale().filter(provider=provider).exists()
    assert SchoolLink.objects.filter(school=student.school, provider=provider).exists()
    mentor = User.objects.get(email=FIXED_ACCOUNTS["mentor"])
    assert Application.objects.filter(student__mentor=mentor, status=Status.ACCEPTED).exists()


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
def test_each_readme_account_sees_what_waits_for_it(account, expected):
    assert expected in text(as_(account, "en").get(reverse("home")))


def test_the_demo_accounts_find_their_overviews_filled():
    school = as_("coordinator").get(reverse("dashboard_school"))
    assert school.context["reports_total"] > 0
    assert school.context["total"].students > 0
    broker = as_("broker").get(reverse("dashboard_broker"))
    assert broker.context["unplaced_total"] > 0
    assert broker.context["sector_total"].placements > 0
    assert broker.context["evaluations_total"] > 0
    municipality = as_("municipality").get(reverse("dashboard_municipality"))
    assert municipality.context["figures"].students > 0
    national = as_("national").get(reverse("dashboard_national"))
    assert {r[0] for r in national.context["regions"].rows} == {"Zutphen"}
    funding = as_("municipality").get(reverse("funding_overview"), follow=True)
    assert funding.context["report"].amount > 0


def test_demo_accounts_see_documents_mailings_imports_and_reminders():
    library = as_("provider_contact").get(reverse("document_list")).content.decode()
    assert "Handboek voor stagebieders" in library
    assert "Afspraken stagemakelaars" not in library  # brokers only
    assert (
        "Afspraken stagemakelaars" in as_("broker").get(reverse("document_list")).content.decode()
    )
    assert "Informatieavond" in as_("parent").get(reverse("notification_list")).content.decode()
    assert "urenregel wacht" in as_("supervisor").get(reverse("notification_list")).content.decode()
    imports = as_("coordinator").get(reverse("import_start")).content.decode()
    assert "magister-leerlingen-" in imports
    mailings = as_("coordinator").get(reverse("mailing_list")).content.decode()
    assert "Stagespreekuur in de aula" in mailings and "concept" in mailings
    response = as_("mentor").get(reverse("document_list"))
    assert "Stagecontract (sjabloon)" in response.content.decode()
    version = DocumentVersion.objects.filter(document__title__startswith="Draaiboek").first()
    assert version is not None
    download = as_("provider_contact").get(reverse("document_download", args=[version.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "role",
    [
        "student",
        "parent",
        "coordinator",
        "coordinator2",
        "mentor",
        "provider_contact",
        "supervisor",
        "broker",
        "municipality",
        "national",
    ],
)
def test_each_demo_account_lands_on_a_home_page_that_works(role):
    response = as_(role).get(reverse("home"), follow=True)
    assert response.status_code == 200


def test_the_second_coordinator_runs_the_round_of_a_school_no_broker_serves():
    """R-MATCH-8 in the demo: the school in the municipality without a broker waits with all
    its students for its own round; its coordinator finds it in the menu, the README
    coordinator (whose school the broker serves) does not, and a round proposes seats."""
    coordinator = User.objects.get(email=FIXED_ACCOUNTS["coordinator2"])
    school = School.objects.get(staff__user=coordinator, staff__role=Role.COORDINATOR)
    assert not Broker.objects.filter(municipalities=school.municipality_id).exists()
    assert Guardianship.objects.filter(student__school=school).count() == school.students.count()
    workspace = reverse("matching_queue")
    assert workspace in as_("coordinator2").get(reverse("home"), follow=True).content.decode()
    assert workspace not in as_("coordinator").get(reverse("home"), follow=True).content.decode()
    waiting = queue(school_scope(school))
    assert waiting.count() == school.students.count() > 20
    run = run_create(
        school=school,
        by=coordinator,
        student_ids=[s.pk for s in waiting],
        mode="optimal",
        selection={},
    )
    run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == Run.Status.PROPOSED and run.n_proposed > 20


def test_the_readme_mentor_has_own_placements_and_the_coordinator_reacted_for_a_student():
    """Issue 15's school-side routes in the demo: one own placement the README mentor approved
    (an internship at a club still to be reviewed) and one waiting in their list; a reaction the
    README coordinator sent for a student who found nothing."""
    mentor = User.objects.get(email=FIXED_ACCOUNTS["mentor"])
    own = OwnPlacement.objects.filter(student__mentor=mentor)
    assert sorted(own.values_list("status", flat=True)) == ["approved", "submitted"]
    approved = own.get(status="approved")
    assert approved.internship is not None
    assert approved.internship.provider.review_status == ReviewStatus.PENDING
    waiting = own.get(status="submitted")
    listed = as_("mentor").get(reverse("own_placement_list")).content.decode()
    assert reverse("own_placement_detail", args=[waiting.pk]) in listed
    assert Application.objects.filter(
        submitted_side=Side.SCHOOL, submitted_by__email=FIXED_ACCOUNTS["coordinator"]
    ).exists()
