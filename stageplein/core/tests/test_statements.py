"""The accessibility and privacy statements: public, indexable, in Dutch and English, linked
from every page."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_privacy_statement_speaks_to_students_and_to_parents(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "Voor leerlingen" in html and "Voor ouders en verzorgers" in html
    assert "Autoriteit Persoonsgegevens" in html


def test_the_statements_are_in_english_too(client):
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        privacy = client.get(reverse("privacy")).content.decode()
        accessibility = client.get(reverse("accessibility")).content.decode()
    assert "For students" in privacy and "For parents and carers" in privacy
    assert "WCAG" in accessibility and "Report a problem" in accessibility


def test_the_accessibility_statement_says_how_to_report_a_problem(client):
    html = client.get(reverse("accessibility")).content.decode()
    assert "WCAG" in html and "Een probleem melden" in html


def test_the_statements_may_be_found_by_search_engines(client):
    for name in ("privacy", "accessibility"):
        assert client.get(reverse(name))["X-Robots-Tag"] == "index, follow"


def test_every_page_links_both_statements(client_as):
    html = client_as("student").get("/").content.decode()
    assert reverse("privacy") in html and reverse("accessibility") in html
