"""Every URL × every role → the expected status. A new URL without a row fails the suite."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.support.url_matrix import ROLES, THIRD_PARTY_MODULES, all_rows

ROWS = all_rows()


def our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                module = getattr(p.callback, "__module__", "")
                if module.startswith(THIRD_PARTY_MODULES) or not module.startswith("stageplein"):
                    continue
                assert p.name, f"URL {p.pattern} in {module} has no name"
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_of_ours_has_a_row_in_the_matrix():
    missing = our_url_names() - ROWS.keys()
    assert missing == set(), f"add these URLs to an access_matrix.py: {sorted(missing)}"


def test_matrix_has_no_rows_for_urls_that_do_not_exist():
    from django.urls import NoReverseMatch, reverse

    stale = []
    for name in ROWS:
        try:
            reverse(name)
        except NoReverseMatch as exc:
            if "with no arguments not found" not in str(exc) and "with arguments" not in str(exc):
                stale.append(name)
    assert stale == []


@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_role_gets_the_expected_status(name, world):
    row = ROWS[name]
    got, want = {}, {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        url = row.url(world)
        data = row.data(world) if row.data else {}
        response = client.post(url, data) if row.method == "POST" else client.get(url, data)
        got[role] = response.status_code
        want[role] = row.expected(role)
    assert got == want
