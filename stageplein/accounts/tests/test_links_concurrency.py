"""A one-time link is used once, even when many requests use it at the same moment."""

import time

import pytest
from django.utils import timezone

from stageplein.accounts.links import issue_link, peek_link, use_link
from stageplein.accounts.models import OneTimeLink
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
THREADS = 24


def naive_use_link(purpose, raw):
    """Deliberately broken: check, then act. Two requests can both pass the check."""
    link = peek_link(purpose, raw)
    if link is None:
        return None
    time.sleep(0.05)
    OneTimeLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    return link


def successes(use) -> int:
    raw = issue_link("test", max_age=60)
    results = run_concurrently(lambda i: use("test", raw), THREADS)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    return sum(r is not None for r in results)


def test_simultaneous_uses_of_a_link_succeed_exactly_once():
    for _round in range(3):
        assert successes(use_link) == 1


def test_negative_control_the_harness_catches_a_check_then_act_race():
    assert successes(naive_use_link) > 1
