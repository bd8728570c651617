"""PDF documents (WeasyPrint) and QR codes: output formats shared by the apps that print."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string


def render_pdf(request: HttpRequest | None, template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def qr_data_uri(text: str) -> str:
    """A QR code as an SVG data URI: an <img> needs no extra request and passes the CSP."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()
