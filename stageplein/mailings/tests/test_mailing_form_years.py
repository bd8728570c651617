"""A mailing from a vmbo-only school offers year groups 1 to 4, not 5 and 6 (issue 14, item
12); a broker, who writes to several schools, keeps every year group."""

import pytest
from django.urls import reverse

from stageplein.organisations.models import School

pytestmark = pytest.mark.django_db


def years_offered(client) -> list:
    form = client.get(reverse("mailing_create")).context["form"]
    return [value for value, _label in form.fields["year"].choices]


def test_a_vmbo_only_school_is_offered_year_groups_one_to_four(client_as, world):
    School.objects.filter(pk=world.school.pk).update(levels=["vmbo"])
    assert years_offered(client_as("coordinator")) == ["", 1, 2, 3, 4]


def test_a_broker_is_offered_every_year_group(client_as, world):
    assert years_offered(client_as("broker")) == ["", 1, 2, 3, 4, 5, 6]
