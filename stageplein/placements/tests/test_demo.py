"""The demo region has a living vacancy bank, and the demo never breaks the rules the
services keep (seats, one active reaction per placement)."""

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from stageplein.accounts.models import User
from stageplein.applications.models import ACTIVE, CLAIMING, Application, Status
from stageplein.demo.builder import FIXED_ACCOUNTS
from stageplein.placements.models import Placement, PlacementPeriod, SchoolLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", "--pilot", "Zutphen")


def test_every_provider_offers_placements_with_periods(demo):
    assert Placement.objects.findable().count() > 100
    assert Placement.objects.stale().exists()
    assert Placement.objects.filter(status=Placement.Status.DRAFT).exists()
    without_period = Placement.objects.annotate(n=Count("periods")).filter(n=0)
    assert not without_period.exists()
    for placement in Placement.objects.all()[:50]:
        placement.full_clean()  # the bulk insert made valid rows


def test_demo_reactions_never_overfill_a_period_or_double_a_reaction(demo):
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
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)


def test_each_demo_account_has_something_to_do(demo):
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
