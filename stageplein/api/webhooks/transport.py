"""Sending one delivery over HTTP, and refusing addresses that would reach inside our network.

The address of a subscription is typed by a customer, so without care it could make the worker
call the operator's own services (SSRF). Therefore: https only (plain http only while
WEBHOOK_ALLOW_HTTP, on in development), no user:password in the address, and every address the
host name resolves to must be public (not private, loopback, link-local, multicast, reserved
or shared address space) unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES. The check is made again at
every send, and the connection goes to the very address that was checked (no second DNS lookup
that could be answered differently: DNS rebinding). Redirects are not followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# What we keep of a receiver's answer for the delivery log.
MAX_RESPONSE_BYTES = 4096


class AddressRefused(Exception):
    """The address may not be called (the message says why, for the owner)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked IP address the connection goes to


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Refuse what is wrong in the address itself (no DNS): for the subscription form."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise AddressRefused(_("The address must start with https://."))
    if not parts.hostname:
        raise AddressRefused(_("The address has no host name."))
    if parts.username or parts.password:
        raise AddressRefused(_("Put no user name or password in the address."))
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:
        raise AddressRefused(_("The port of the address is not valid.")) from None
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        try:
            literal = ipaddress.ip_address(parts.hostname)
        except ValueError:
            literal = None
        if (literal is not None and not _public(str(literal))) or parts.hostname.lower() in (
            "localhost",
            "localhost.localdomain",
        ):
            raise AddressRefused(_("This address is not reachable from the internet."))


def resolve(url: str) -> Target:
    """Check the address and pick the IP address to connect to."""
    check_url(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AddressRefused(_("The host name of the address cannot be found.")) from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise AddressRefused(_("The host name of the address cannot be found."))
    # Every answer must be public: a name with one public and one private address is refused.
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES and not all(_public(a) for a in addresses):
        raise AddressRefused(_("This address is not reachable from the internet."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        context = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=context)
        self._address = target.address
        self._ssl_context = context

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address we connected to.
        self.sock = self._ssl_context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST the body; never raises for the receiver's faults (they go in the answer)."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = resolve(url)
    except AddressRefused as exc:
        return Answer(None, "", str(exc), took())
    timeout = float(settings.WEBHOOK_TIMEOUT_SECONDS)
    connection: http.client.HTTPConnection = (
        _PinnedHTTPSConnection(target, timeout)
        if target.scheme == "https"
        else _PinnedHTTPConnection(target, timeout)
    )
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                **headers,
                "Content-Type": "application/json",
                "User-Agent": "Stageplein-Webhooks/1",
            },
        )
        response = connection.getresponse()
        text = response.read(MAX_RESPONSE_BYTES).decode("utf-8", "replace")
        return Answer(response.status, text, "", took())
    except (OSError, http.client.HTTPException) as exc:
        return Answer(None, "", (type(exc).__name__ + ": " + str(exc))[:300], took())
    finally:
        connection.close()
