"""The demo gives every overview something to show: reports to approve, students without a
place, the booklet's 15 euro per internship in Utrecht."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stageplein.accounts.models import User
from stageplein.demo.builder import FIXED_ACCOUNTS
from stageplein.geo.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=FIXED_ACCOUNTS[role]))
    return client


def test_the_demo_accounts_find_their_overviews_filled():
    call_command("demo", "--pilot", "Zutphen", "--pilot", "Utrecht")
    school = client_for("coordinator").get(reverse("dashboard_school"))
    assert school.context["reports_total"] > 0
    assert school.context["total"].students > 0
    broker = client_for("broker").get(reverse("dashboard_broker"))
    assert broker.context["unplaced_total"] > 0
    assert broker.context["sector_total"].placements > 0
    assert broker.context["evaluations_total"] > 0
    municipality = client_for("municipality").get(reverse("dashboard_municipality"))
    assert municipality.context["figures"].students > 0
    national = client_for("national").get(reverse("dashboard_national"))
    assert {r[0] for r in national.context["regions"].rows} == {"Utrecht", "Zutphen"}
    funding = client_for("municipality").get(reverse("funding_overview"), follow=True)
    assert funding.context["report"].amount > 0
    assert Region.objects.get(name="Utrecht").provider_compensation == Decimal(15)
