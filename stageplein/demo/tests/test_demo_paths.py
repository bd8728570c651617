"""The bulk load of ``demo --all`` leaves data the services would accept, like the story does
(``test_demo_story.py``): every internship passes the checks the models and services apply
when a person makes it."""

from __future__ import annotations

import pytest
from django.db.models import Count

from stageplein.demo.builder import DemoBuilder
from stageplein.demo.tests.checks import problems_in_region
from stageplein.geo.pilots import read_pilots
from stageplein.internships.models import HourEntry

pytestmark = pytest.mark.django_db


def test_the_bulk_load_leaves_only_data_the_services_accept():
    builder = DemoBuilder(bulk=True)
    builder.build([p for p in read_pilots() if p.name == "Zutphen"])
    assert problems_in_region(builder.today) == []
    assert HourEntry.objects.counting().aggregate(n=Count("pk"))["n"] > 1000
