"""The bulk load of ``demo --all`` leaves data the services would accept, like the story does
(``test_demo_story.py``): every internship passes the checks the models and services apply
when a person makes it. Its content is pinned (``fingerprint.py``): a faster way of inserting
must write the same rows."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.db.models import Count

from stageplein.accounts.models import User
from stageplein.demo.builder import DemoBuilder
from stageplein.demo.tests.checks import problems_in_region
from stageplein.demo.tests.fingerprint import differences, fingerprint
from stageplein.geo.pilots import read_pilots
from stageplein.internships.models import Contract, HourEntry

pytestmark = pytest.mark.django_db

EXPECTED = Path(__file__).with_name("expected_bulk_zutphen.json")
# A fixed moment: the build dates everything from today and stamps rows with now.
BUILT_AT = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)


def test_the_bulk_load_leaves_only_data_the_services_accept(tmp_path):
    with time_machine.travel(BUILT_AT, tick=False):
        builder = DemoBuilder(bulk=True)
        builder.build([p for p in read_pilots() if p.name == "Zutphen"])
        assert problems_in_region(builder.today) == []
    assert HourEntry.objects.counting().aggregate(n=Count("pk"))["n"] > 1000
    # One password hash made once and shared (a PBKDF2 per account would take minutes).
    assert User.objects.values("password").distinct().count() == 1
    # Every contract's guidance reads as text (an unset field once put an object's repr there).
    assert not Contract.objects.filter(guidance__contains=" object at 0x").exists()
    actual = fingerprint()
    # The fingerprint of this run, to compare by hand or to adopt after an intended change.
    (tmp_path / EXPECTED.name).write_text(json.dumps(actual, indent=1, sort_keys=True))
    assert differences(json.loads(EXPECTED.read_text()), actual) == [], tmp_path
