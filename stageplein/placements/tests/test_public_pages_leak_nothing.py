"""Every page anyone can open without signing in, found by following links from the vacancy
bank, the sitemap and the statements, is scanned for the names, e-mail addresses and phone
numbers of the people of the test world (students, parents, staff, contact persons) and of
the organisations' contact details, which students see only after an approved match."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from stageplein.accounts.models import User
from stageplein.organisations.models import Provider

pytestmark = pytest.mark.django_db

START = [
    "/vacaturebank/",
    "/vacaturebank/?pc4=7202&km=25",
    "/vacaturebank/?lang=en",
    "/sitemap.xml",
    "/robots.txt",
    "/privacy/",
    "/toegankelijkheid/",
    "/offline/",
    "/manifest.webmanifest",
]
# Pages of the public side; the sign-in pages are public too but hold nothing of anyone.
FOLLOW = re.compile(r"^/(vacaturebank|privacy|toegankelijkheid|over|offline)/")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<!\d)(?:\+31|0)[ -]?\d{1,3}[ -]?\d{6,8}(?!\d)")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def crawl(client: Client, limit: int = 400) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = list(START)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        if response.status_code != 200 or response.streaming:
            seen[path] = ""
            continue
        text = response.content.decode("utf-8", "replace")
        seen[path] = text
        links = Links()
        links.feed(text)
        links.found += re.findall(r"<loc>([^<]+)</loc>", text)
        for link in links.found:
            parts = urlsplit(urljoin("http://testserver" + path, link))
            if parts.netloc not in ("testserver", "") and not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if FOLLOW.match(parts.path) and target not in seen:
                queue.append(target)
    return seen


def people_of(world) -> tuple[set[str], set[str], set[str]]:
    names, emails, phones = set(), set(), set()
    for user in User.objects.all():
        if user.first_name and user.last_name:
            names.add(f"{user.first_name} {user.last_name}")
        if user.email:
            emails.add(user.email.lower())
    for provider in Provider.objects.all():
        if provider.email:
            emails.add(provider.email.lower())
        if provider.phone:
            phones.add(re.sub(r"\D", "", provider.phone))
    return names, emails, phones


def test_no_public_page_shows_a_name_email_address_or_phone_number_of_a_person(
    client, world, settings
):
    settings.SITE_ROOT = "http://testserver"
    Provider.objects.filter(pk=world.provider.pk).update(
        phone="0575-512345", email="info@delinde.test", learning="Samenwerken in de zorg."
    )
    pages = crawl(client)
    served = {path: text for path, text in pages.items() if text}
    # The crawl reached the placements and the organisation page, in both languages.
    assert any(p.startswith(f"/vacaturebank/{world.placement.pk}/") for p in served)
    assert any(p.startswith(f"/vacaturebank/organisaties/{world.provider.pk}/") for p in served)
    assert len(served) >= 8
    names, emails, phones = people_of(world)
    assert names and emails and phones
    for path, text in served.items():
        lowered = text.lower()
        assert not [n for n in names if n.lower() in lowered], path
        assert not [e for e in emails if e in lowered], path
        assert not EMAIL.findall(text), (path, EMAIL.findall(text))
        digits = [re.sub(r"\D", "", found) for found in PHONE.findall(text)]
        assert not [d for d in digits if d in phones], path
        assert not digits, (path, digits)
