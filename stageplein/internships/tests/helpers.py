import re

from django.core import mail

from stageplein.internships.models import Contract
from stageplein.internships.selectors import current_contract


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def current(internship) -> Contract:
    contract = current_contract(internship)
    assert contract is not None
    return contract


def link_in_mail(to: str, pattern: str) -> str:
    for message in reversed(mail.outbox):
        if to in message.to:
            found = re.search(r"https?://[^/\s]+(" + pattern + r")", str(message.body))
            if found:
                return found.group(1)
    raise AssertionError(f"no link {pattern} mailed to {to}")


def pdf_bytes(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to search for text and link targets."""
    import zlib

    parts = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)
