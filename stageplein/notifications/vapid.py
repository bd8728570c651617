"""The server's VAPID key pair: push services accept messages for a subscription only when they
are signed with the key the browser subscribed with.

Production sets VAPID_PRIVATE_KEY (base64url of the raw 32-byte P-256 key, or of its DER); without
it push is off and everything goes by e-mail. In development a key is made once and kept in
var/, so subscriptions survive a restart of the server."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid02, b64urlencode


def _development_key() -> str:
    path = Path(settings.BASE_DIR) / "var" / "vapid-dev-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Vapid02()
        key.generate_keys()
        raw = key.private_key.private_numbers().private_value.to_bytes(32, "big")
        path.write_text(b64urlencode(raw))
        path.chmod(0o600)
    return path.read_text().strip()


def server_key() -> Vapid02 | None:
    private = settings.VAPID_PRIVATE_KEY or (_development_key() if settings.DEBUG else "")
    if not private:
        return None
    return Vapid02.from_string(private)


def application_server_key() -> str:
    """The public key the browser subscribes with (base64url of the uncompressed point)."""
    key = server_key()
    if key is None:
        return ""
    raw = key.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64urlencode(raw)
