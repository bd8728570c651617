"""The national administrator keeps the hour norm per level and cohort in a page; every change
is in its history, and the public about page reads the norms."""

import pytest
from django.urls import reverse

from stageplein.core.schoolyear import current_school_year
from stageplein.students.models import HourNorm
from stageplein.students.selectors import NormTable

pytestmark = pytest.mark.django_db


def test_the_national_administrator_changes_a_norm_and_the_history_says_who(client_as, world):
    year = current_school_year()
    national = client_as("national")
    response = national.post(
        reverse("hour_norms"), {"level": "havo", "from_cohort": str(year), "hours": "50"}
    )
    assert response.status_code == 302
    assert NormTable().norm("havo", year) == 50
    national.post(reverse("hour_norms"), {"level": "havo", "from_cohort": str(year), "hours": "55"})
    assert HourNorm.objects.filter(level="havo", from_cohort=year).count() == 1
    page = national.get(reverse("hour_norms")).content.decode()
    assert world.users["national"].get_full_name() in page
    assert "55" in page
    about = client_as("anonymous").get(reverse("about")).content.decode()
    assert "havo: 55" in about


def test_an_implausible_norm_is_refused(client_as, world):
    response = client_as("admin").post(
        reverse("hour_norms"),
        {"level": "vwo", "from_cohort": str(current_school_year()), "hours": "900"},
    )
    assert response.status_code == 200
    assert not HourNorm.objects.filter(hours=900).exists()


def test_older_cohorts_keep_the_norm_they_started_under(client_as, world):
    year = current_school_year()
    before = NormTable().norm("vwo", year - 2)
    client_as("national").post(
        reverse("hour_norms"), {"level": "vwo", "from_cohort": str(year), "hours": "80"}
    )
    assert NormTable().norm("vwo", year - 2) == before
    assert NormTable().norm("vwo", year) == 80
