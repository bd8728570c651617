"""What the contract a parent signs says (issue 14, item 4): the placement's own "what you will
do", the days and times, the guidance this organisation offers and who guides, by name."""

import pytest
from django.urls import reverse

from stageplein.applications.services import application_approve
from stageplein.internships.models import Contract
from stageplein.internships.services.contract import contract_change
from stageplein.placements.models import Placement, PlacementPeriod

pytestmark = pytest.mark.django_db

TASKS = "Je wandelt met bewoners door de tuin en drinkt daarna samen koffie."
WHEN = "woensdagmiddag 14.00-16.00"
OFFERED = "Een vaste vrijwilliger loopt altijd mee."


@pytest.fixture
def approved(world):
    Placement.objects.filter(pk=world.placement2.pk).update(
        tasks=TASKS, guidance=OFFERED, contact=world.users["supervisor"]
    )
    PlacementPeriod.objects.filter(pk=world.period2.pk).update(schedule=WHEN)
    app = application_approve(application=world.accepted_application, by=world.users["coordinator"])
    return app.internship


def test_the_contract_of_an_approved_match_says_what_when_and_who_guides(approved):
    contract = Contract.objects.get(internship=approved, superseded_at__isnull=True)
    assert contract.tasks == TASKS
    assert contract.schedule == WHEN
    assert OFFERED in contract.guidance
    assert "Bas Begeleider" in contract.guidance  # the supervisor, by name


def test_the_parent_reads_it_on_the_contract_page_in_dutch_and_english(client_as, approved):
    page = client_as("parent").get(reverse("internship_contract", args=[approved.pk]))
    html = page.content.decode()
    assert "Wat je gaat doen" in html and TASKS in html
    assert f"Wanneer: {WHEN}" in html
    assert OFFERED in html and "Bas Begeleider" in html
    english = client_as("parent")
    english.cookies["django_language"] = "en"
    html = english.get(reverse("internship_contract", args=[approved.pk])).content.decode()
    assert "What you will do" in html and f"When: {WHEN}" in html


def test_the_school_changes_the_days_and_everyone_signs_the_new_version(world, approved):
    contract = contract_change(
        internship=approved, by=world.users["coordinator"], schedule="zaterdagochtend"
    )
    assert contract is not None and contract.version == 2
    assert contract.schedule == "zaterdagochtend"
    assert contract.tasks == TASKS


def test_the_platforms_own_words_read_in_english_and_a_schools_words_stay(
    client_as, world, approved
):
    english = client_as("parent")
    english.cookies["django_language"] = "en"
    url = reverse("internship_contract", args=[approved.pk])
    html = english.get(url).content.decode()
    assert "Be on time." in html  # the default rules of conduct, stored in Dutch
    assert "Guidance by" in html and "Begeleiding door" not in html
    Contract.objects.filter(internship=approved).update(rules_of_conduct="Neem je fiets mee.")
    assert "Neem je fiets mee." in english.get(url).content.decode()
