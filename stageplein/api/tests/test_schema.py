"""The OpenAPI 3.1 document validates; the documentation page is served by us, no CDN."""

import re

from django.core.management import call_command


def test_the_openapi_document_is_3_1_and_validates(db, tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert text.startswith("openapi: 3.1.0")
    assert "application/problem+json" in text


def test_the_document_is_public(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["openapi"] == "3.1.0"


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert sources and all(s.startswith("/") for s in sources), sources
