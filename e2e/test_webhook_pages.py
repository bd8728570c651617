"""A coordinator connects the school's administration on /api-sleutels/, adds a webhook that
points at a real receiver on 127.0.0.1, copies the signing secret (shown once), sends a test
event and reads the receiver's answer in the delivery log; a second try that the receiver
refuses shows its status too. In Dutch and in English, on a 360 px phone, with axe."""

import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import open_menu, phone_for, visit_on_phone
from stageplein.api.models import WebhookDelivery, WebhookSubscription
from stageplein.api.tests.receiver import Receiver, receiver
from stageplein.api.webhooks import signing

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "nl": {
        "keys": "API-sleutels",
        "name": "Naam van het systeem",
        "hours_read": "bevestigde uren lezen",
        "make_client": "Koppeling maken",
        "address": "Adres (https) dat de gebeurtenissen ontvangt",
        "hours_verified": "uren bevestigd",
        "add_webhook": "Webhook toevoegen",
        "made": "Webhook gemaakt: kopieer het ondertekengeheim nu",
        "log_link": "Afleverlog en testbericht",
        "log": "Afleverlog",
        "nothing_yet": "Er is nog niets verzonden.",
        "send_test": "Testbericht sturen",
        "send_again": "Opnieuw sturen",
        "delivered": "afgeleverd",
        "waiting": "wacht om verstuurd te worden",
        "next_try": "volgende poging",
    },
    "en": {
        "keys": "API keys",
        "name": "Name of the system",
        "hours_read": "read verified hours",
        "make_client": "Make client",
        "address": "Address (https) that receives the events",
        "hours_verified": "hours verified",
        "add_webhook": "Add webhook",
        "made": "Webhook made: copy the signing secret now",
        "log_link": "Delivery log and test event",
        "log": "Delivery log",
        "nothing_yet": "Nothing has been sent yet.",
        "send_test": "Send test event",
        "send_again": "Send again",
        "delivered": "delivered",
        "waiting": "waiting to be sent",
        "next_try": "next try",
    },
}


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    # The receiver listens on 127.0.0.1 over plain http, which production refuses.
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_ALLOW_HTTP = True


@pytest.fixture
def hook():
    with receiver() as r:
        yield r


def visit(page: Page) -> None:
    """visit_on_phone, naming what sticks out when something does (to find it quickly)."""
    try:
        visit_on_phone(page)
    except AssertionError as exc:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .filter(e => !e.parentElement.closest('.table-wrap'))
                .slice(0, 8).map(e => e.tagName + '.' + e.className + ' '
                    + Math.round(e.getBoundingClientRect().right))"""
        )
        raise AssertionError(f"{exc}\nwider than the phone: {wide}") from exc


def log_row(page: Page, event_id: str):
    return page.locator("main tbody tr").filter(has_text=event_id)


def open_attempts(page: Page) -> None:
    """Unfold every attempt, so that axe and the width check see the response bodies too."""
    for summary in page.locator("main details summary").all():
        summary.click()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_coordinator_adds_a_webhook_and_reads_its_delivery_log(
    browser, live_server, transactional_world, hook: Receiver, language
):
    t = TEXT[language]
    world = transactional_world
    page = phone_for(browser, live_server, world.users["coordinator"].email, block_tiles=False)
    if language == "en":
        open_menu(page)
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")

    # Connect the school's administration: a client that may read verified hours.
    page.goto("/api-sleutels/")
    expect(page.get_by_role("heading", name=t["keys"], level=1)).to_be_visible()
    visit(page)
    page.get_by_label(t["name"]).fill("Magister")
    page.get_by_label(t["hours_read"]).check()
    page.get_by_role("button", name=t["make_client"]).click()
    page.locator("[data-secret]").wait_for()
    visit(page)

    # Its webhooks page: add one that points at the receiver.
    page.get_by_role("link", name=re.compile(r"Webhooks\s+Magister")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Magister")
    visit(page)
    page.get_by_label(t["address"]).fill(hook.url)
    page.get_by_label(t["hours_verified"]).check()
    page.get_by_role("button", name=t["add_webhook"]).click()

    # The signing secret is shown once, and only there.
    expect(page.get_by_role("heading", name=t["made"])).to_be_visible()
    secret = page.locator("[data-secret]").inner_text().strip()
    assert secret.startswith("whsec_")
    subscription = WebhookSubscription.objects.get(url=hook.url)
    assert subscription.events == ["hours.verified"]
    row = page.locator("main table tbody tr").filter(has_text=hook.url)
    expect(row).to_have_count(1)
    visit(page)
    page.goto(page.url)  # the page fetched anew: the secret is gone
    assert page.locator("[data-secret]").count() == 0
    assert secret not in page.content()
    expect(row).to_have_count(1)

    # The delivery log, empty; the test event reaches the receiver, signed with the secret.
    page.get_by_role("link", name=hook.url).click()
    expect(page.get_by_role("heading", name=t["log"])).to_be_visible()
    expect(page.get_by_text(t["nothing_yet"])).to_be_visible()
    visit(page)
    page.get_by_role("button", name=t["send_test"]).click()
    page.wait_for_url(re.compile(rf"/api-sleutels/webhook/{subscription.pk}/$"))
    assert len(hook.requests) == 1
    request = hook.requests[0]
    body = json.loads(request.body)
    assert body["type"] == "webhook.test"
    now = int(timezone.now().timestamp())
    assert signing.verify(secret, request.headers, request.body, now)
    event_id = body["id"]
    assert request.headers["webhook-id"] == event_id

    page.reload()
    row = log_row(page, event_id)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(t["delivered"])
    expect(row.locator("summary")).to_contain_text("HTTP 200")
    open_attempts(page)
    expect(row.locator("pre")).to_contain_text('{"ok": true}')
    visit(page)

    # Send it again while the receiver is down: same event id, and the log shows its 503.
    hook.answers.append(503)
    row.get_by_role("button", name=re.compile(t["send_again"])).click()
    page.wait_for_load_state()
    assert len(hook.requests) == 2
    assert hook.requests[1].headers["webhook-id"] == event_id
    page.reload()
    row = log_row(page, event_id)
    expect(row).to_contain_text(t["waiting"])
    expect(row).to_contain_text(t["next_try"])
    expect(row.locator("summary")).to_have_count(2)
    second = row.locator("details").filter(has=page.locator("summary", has_text="#2"))
    expect(second.locator("summary")).to_contain_text("HTTP 503")
    open_attempts(page)
    expect(second.locator("pre")).to_contain_text("receiver is down")
    visit(page)
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 2
    assert page.js_errors == []  # type: ignore[attr-defined]
