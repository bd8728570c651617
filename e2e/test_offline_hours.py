"""The installable app on a bad connection, in Chromium at 360 px: the student opens their pages
once, loses the connection, still opens home, internships and the hours form, logs hours that
wait in the outbox, and when the connection returns the hours arrive exactly once, also when the
answer to the first send is lost. What the server refuses stays in the outbox with its message.
A supervisor confirms hours the same way."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible, sign_in
from stageplein.internships.models import HourEntry, Internship
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def installed(page: Page) -> None:
    """Wait until the service worker controls the page, as after installing the app."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def log(page: Page, day: datetime.date, hours: str, what: str) -> None:
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Uren").fill(hours)
    page.get_by_label("Wat heb je gedaan?").fill(what)
    page.get_by_role("button", name="Opslaan").click()


def test_hours_logged_offline_arrive_once_when_the_connection_returns(
    page: Page, transactional_world
):
    w = transactional_world
    internship = w.internship
    pages = ["/", "/stages/", f"/stages/{internship.pk}/", f"/stages/{internship.pk}/uren/"]
    sign_in(page, w.users["student"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    installed(page)
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["display"] == "standalone"
    for path in pages:  # opened once with a connection
        page.goto(path)
    before = HourEntry.objects.filter(internship=internship).count()

    page.context.set_offline(True)
    for path in pages:
        page.goto(path)
        expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.get_by_role("heading", name="Uren invoeren")).to_be_visible()
    check(page)

    # A session the server would refuse is not queued: the form says why at once.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    log(page, tomorrow, "2", "Morgen pas")
    expect(page.get_by_role("alert")).to_contain_text("die al geweest zijn")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    log(page, yesterday, "2,5", "Boeken gesorteerd zonder wifi")
    outbox = page.locator("#outbox")
    expect(outbox).to_contain_text("1 ding wacht om verstuurd te worden.")
    expect(outbox).to_contain_text("Boeken gesorteerd zonder wifi")
    check(page)
    assert HourEntry.objects.filter(internship=internship).count() == before

    # Back online, but the answer to the first send is lost on the way back.
    lost: list[str] = []

    def lose_answer(route):
        route.fetch()  # the server saves the entry...
        lost.append(route.request.url)
        route.abort()  # ...and the phone never hears it

    page.route(re.compile(r"/uren/$"), lose_answer)
    page.context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")
    for _ in range(300):  # the online event sends it; the route's handler runs while we wait
        if lost:
            break
        page.wait_for_timeout(100)
    expect(outbox).to_contain_text("wacht om verstuurd te worden")
    assert lost and HourEntry.objects.filter(internship=internship).count() == before + 1
    page.unroute(re.compile(r"/uren/$"))

    # The next chance sends it again; the server knows its key and counts it once.
    page.reload()
    expect(outbox).to_contain_text("is verstuurd.")
    entries = HourEntry.objects.filter(description="Boeken gesorteerd zonder wifi")
    assert entries.count() == 1 and entries.get().hours == 2.5
    assert HourEntry.objects.filter(internship=internship).count() == before + 1
    assert page.evaluate("window.stageplein.outbox.items()") == []

    # What the server refuses stays in the outbox with the server's reason.
    page.context.set_offline(True)
    page.goto(f"/stages/{internship.pk}/uren/")
    log(page, yesterday, "1", "Nog een keer")
    expect(outbox).to_contain_text("1 ding wacht")
    Internship.objects.filter(pk=internship.pk).update(status=Internship.Status.CANCELLED)
    page.context.set_offline(False)
    expect(outbox).to_contain_text("Niet aangenomen: Deze stage is geannuleerd.")
    check(page)
    outbox.get_by_role("button", name="Verwijderen").click()
    expect(outbox).to_be_hidden()
    assert not HourEntry.objects.filter(description="Nog een keer").exists()


def test_a_supervisor_confirms_hours_without_a_connection(page: Page, transactional_world):
    w = transactional_world
    entry = w.waiting_entry
    sign_in(page, w.users["supervisor"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    installed(page)
    page.goto("/uren/te-bevestigen/")
    page.context.set_offline(True)
    page.goto("/uren/te-bevestigen/")
    row = page.locator(f"#entry-{entry.pk}")
    row.get_by_role("button", name=re.compile("^Bevestigen")).click()
    expect(row).to_contain_text("wacht op dit apparaat")
    expect(page.locator("#outbox")).to_contain_text("1 ding wacht")
    check(page)
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.SUBMITTED
    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_contain_text("is verstuurd.")
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.VERIFIED and entry.verified_by == w.users["supervisor"]
