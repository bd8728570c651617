"""Push messages (Web Push with VAPID, sent by the task worker) received by a local push
service that decrypts them as a browser would: opt-in per kind, e-mail as the fallback, the
daily digest honoured, devices the push service forgot removed."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core import mail
from django.urls import reverse
from py_vapid import Vapid02

from stageplein.notifications.models import (
    EmailFrequency,
    Notification,
    PushKind,
    PushSubscription,
)
from stageplein.notifications.services import (
    digests_send,
    notification_settings_update,
    notify,
    push_settings_update,
    push_subscribe,
)
from stageplein.notifications.vapid import application_server_key

pytestmark = pytest.mark.django_db


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service on 127.0.0.1 with one device behind it: it keeps what it receives and
    decrypts it with the device's private key, as the browser does."""

    def __init__(self) -> None:
        self.device_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.answer = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(service.answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def p256dh(self) -> str:
        return b64url(
            self.device_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.device_key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service(settings):
    key = Vapid02()
    key.generate_keys()
    settings.VAPID_PRIVATE_KEY = b64url(
        key.private_key.private_numbers().private_value.to_bytes(32, "big")
    )
    service = PushService()
    settings.PUSH_SERVICE_HOSTS = [service.origin]
    yield service
    service.close()


def device_of(user, service: PushService, name: str = "phone") -> PushSubscription:
    return push_subscribe(
        user=user,
        endpoint=f"{service.origin}/send/{name}",
        p256dh=service.p256dh,
        auth=b64url(service.auth),
    )


def test_a_push_message_reaches_the_device_encrypted_and_signed_and_no_email_follows(
    world, push_service, django_capture_on_commit_callbacks
):
    supervisor = world.users["supervisor"]
    push_settings_update(user=supervisor, kinds=[PushKind.HOURS_TO_CONFIRM])
    device_of(supervisor, push_service)
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(
            supervisor,
            kind="hours_to_verify",
            title="Nieuwe uren om te bevestigen",
            url="/uren/te-bevestigen/",
        )
    [(headers, body)] = push_service.received
    assert push_service.decrypt(body) == {
        "title": "Nieuwe uren om te bevestigen",
        "url": "/uren/te-bevestigen/",
        "tag": "hours_to_verify",
    }
    assert headers["content-encoding"] == "aes128gcm"
    # Signed with the server's VAPID key, the one the browser subscribed with.
    scheme, _, params = headers["authorization"].partition(" ")
    fields = dict(part.split("=", 1) for part in params.split(","))
    assert scheme == "vapid" and fields["k"] == application_server_key()
    head, claims, signature = fields["t"].split(".")
    assert json.loads(unb64url(claims))["aud"] == push_service.origin
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(fields["k"]))
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    assert mail.outbox == []  # it reached the phone: no e-mail as well
    assert Notification.objects.get(pk=n.pk).pushed_at is not None


def test_only_the_kinds_a_person_chose_are_pushed(
    world, push_service, django_capture_on_commit_callbacks
):
    supervisor = world.users["supervisor"]
    push_settings_update(user=supervisor, kinds=[PushKind.REMINDER])
    device_of(supervisor, push_service)
    with django_capture_on_commit_callbacks(execute=True):
        notify(supervisor, kind="hours_to_verify", title="Nieuwe uren om te bevestigen")
        notify(supervisor, kind="reminder:unverified_hours", title="Er wachten nog uren")
    assert [push_service.decrypt(body)["title"] for _, body in push_service.received] == [
        "Er wachten nog uren"
    ]
    assert [m.subject for m in mail.outbox] == ["Stageplein: Nieuwe uren om te bevestigen"]


def test_a_device_the_push_service_forgot_is_removed_and_the_email_goes_instead(
    world, push_service, django_capture_on_commit_callbacks
):
    supervisor = world.users["supervisor"]
    push_settings_update(user=supervisor, kinds=[PushKind.HOURS_TO_CONFIRM])
    device_of(supervisor, push_service)
    push_service.answer = 410
    with django_capture_on_commit_callbacks(execute=True):
        notify(supervisor, kind="hours_to_verify", title="Nieuwe uren om te bevestigen")
    assert not PushSubscription.objects.filter(user=supervisor).exists()
    assert [m.to for m in mail.outbox] == [[supervisor.email]]


def test_the_daily_digest_holds_what_no_device_took_and_leaves_out_what_one_did(
    world, push_service, django_capture_on_commit_callbacks
):
    supervisor = world.users["supervisor"]
    notification_settings_update(user=supervisor, email_frequency=EmailFrequency.DAILY)
    push_settings_update(user=supervisor, kinds=[PushKind.HOURS_TO_CONFIRM])
    device_of(supervisor, push_service)
    with django_capture_on_commit_callbacks(execute=True):
        notify(supervisor, kind="hours_to_verify", title="Op de telefoon")
    push_service.answer = 404
    with django_capture_on_commit_callbacks(execute=True):
        device_of(supervisor, push_service, "tablet")
        notify(supervisor, kind="hours_to_verify", title="Niet aangekomen")
    assert mail.outbox == []  # a person on the digest gets no e-mail at once, push or not
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    [digest] = mail.outbox
    assert "Niet aangekomen" in digest.body and "Op de telefoon" not in digest.body


def test_the_settings_page_turns_push_on_per_kind(client_as, world):
    client = client_as("student")
    page = client.get(reverse("notification_settings")).content.decode()
    assert "Pushberichten" in page and 'data-key="' in page
    client.post(
        reverse("notification_settings"),
        {"part": "push", "push_kinds": [PushKind.REACTION_DECIDED, PushKind.CONTRACT_TO_SIGN]},
    )
    assert world.users["student"].notification_settings.push_kinds == [
        "reaction_decided",
        "contract_to_sign",
    ]


def test_a_device_registers_only_with_a_known_push_service(client_as, world, push_service):
    client = client_as("student")
    url = reverse("push_device_add")
    keys = {"p256dh": push_service.p256dh, "auth": b64url(push_service.auth)}
    inside = {"endpoint": "http://10.0.0.5:8080/admin", "keys": keys}
    assert client.post(url, inside, content_type="application/json").status_code == 400
    device = {"endpoint": f"{push_service.origin}/send/x", "keys": keys}
    assert client.post(url, device, content_type="application/json").status_code == 201
    assert PushSubscription.objects.get().user == world.users["student"]
    client.post(reverse("push_device_remove"), device, content_type="application/json")
    assert not PushSubscription.objects.exists()
