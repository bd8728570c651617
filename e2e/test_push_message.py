"""A push message reaches a subscribed browser: the server builds the message for a person who
chose the kind (notify → the push task), the browser's service worker receives it (delivered
through Chromium's DevTools protocol: this machine has no route to a real push service; the
encryption on the way is checked by notifications/tests/test_push.py) and shows a notification
that opens the page it names."""

import json
import re

import pytest
from playwright.sync_api import Page

from e2e.conftest import sign_in
from stageplein.notifications.models import PushKind
from stageplein.notifications.services import notify, push_settings_update, push_subscribe
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_push_message_reaches_a_subscribed_browser(
    page: Page, live_server, transactional_world, settings, monkeypatch
):
    w = transactional_world
    supervisor = w.users["supervisor"]
    settings.VAPID_PRIVATE_KEY = "V8XKFuB7tgeS1T2DBKr2FmFrzjUg3M0PjuDJH2l_uhk"
    settings.PUSH_SERVICE_HOSTS = ["push.example.test"]
    push_settings_update(user=supervisor, kinds=[PushKind.HOURS_TO_CONFIRM])
    push_subscribe(user=supervisor, endpoint="https://push.example.test/d/1", p256dh="x", auth="y")
    sent: list[str] = []
    monkeypatch.setattr(
        "stageplein.notifications.tasks.webpush", lambda **kw: sent.append(kw["data"])
    )
    notify(supervisor, kind="hours_to_verify", title="Nieuwe uren", url="/uren/te-bevestigen/")
    [payload] = sent

    page.context.grant_permissions(["notifications"], origin=live_server.url)
    cdp = page.context.new_cdp_session(page)
    registrations: list[str] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(
            r["registrationId"] for r in event["registrations"] if not r["isDeleted"]
        ),
    )
    cdp.send("ServiceWorker.enable")
    sign_in(page, supervisor.email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    for _ in range(100):
        if registrations:
            break
        page.wait_for_timeout(100)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registrations[-1], "data": payload},
    )
    # Polled from here: wait_for_function takes the async function's promise itself as a truthy
    # answer, so it did not wait for the notification; reading the data in the poll that finds
    # it also spares a second look that could find it closed.
    shown = False
    for _ in range(150):
        shown = page.evaluate(
            """async () => {
                const registration = await navigator.serviceWorker.ready;
                const shown = await registration.getNotifications();
                const found = shown.filter((n) => n.title === "Nieuwe uren");
                return found.length ? found.map((n) => n.data) : false;
            }"""
        )
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [{"url": "/uren/te-bevestigen/"}]
    assert json.loads(payload)["title"] == "Nieuwe uren"
