"""Operations (issue 12): one rule for absolute links, error pages without the database,
health and readiness, metrics, JSON logs."""

import datetime
import json
import logging
import re
from pathlib import Path

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from stageplein.core.errors import page_not_found, server_error
from stageplein.core.observability import JsonFormatter

BASE = Path(__file__).resolve().parents[3]


def test_the_calendar_link_uses_the_site_address_not_the_host_the_request_came_in_on(
    client_as, settings
):
    settings.SITE_ROOT = "https://stageplein.example.nl"
    settings.ALLOWED_HOSTS = ["*"]
    page = client_as("student").get(reverse("internship_list"), HTTP_HOST="10.0.0.7:8001")
    assert page.status_code == 200
    feed = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page.content.decode())
    assert feed
    assert feed.group(1).startswith("https://stageplein.example.nl/")


def test_no_link_is_built_from_the_requests_host():
    """Links in e-mails, feeds, PDFs and QR codes go through stageplein.core.links."""
    offenders = [
        str(path.relative_to(BASE))
        for path in BASE.joinpath("stageplein").rglob("*.py")
        if "tests" not in path.parts and "build_absolute_uri" in path.read_text()
    ]
    assert offenders == []


def test_the_not_found_page_renders_without_the_database_in_both_languages():
    # No database fixture: any query would raise.
    response = page_not_found(RequestFactory().get("/bestaat-niet/"), Exception())
    body = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in body
    assert "Page not found" in body


def test_the_server_error_page_renders_without_the_database_in_both_languages():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    assert "Something went wrong" in body


def test_an_unknown_address_answers_the_bilingual_not_found_page(client, db, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_form_sent_without_its_token_explains_itself_in_both_languages(db):
    # A page left open past the session, or cookies off: Django's own page says "CSRF".
    response = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "x"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Het formulier is verlopen" in body
    assert "The form has expired" in body
    assert "CSRF" not in body


def test_liveness_answers_without_the_database(client):
    assert client.get(reverse("health_live")).status_code == 200


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }


def test_readiness_fails_when_the_worker_leaves_a_task_waiting(client, db, queued_tasks):
    from django_tasks_db.models import DBTaskResult

    from stageplein.reminders.tasks import scheduler_tick

    assert client.get(reverse("health_ready")).status_code == 200
    scheduler_tick.enqueue()
    assert client.get(reverse("health_ready")).status_code == 200  # just queued
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        response = client.get(reverse("health_ready"))
        assert response.status_code == 503
        assert "worker" in json.dumps(response.json())
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now())
    assert client.get(reverse("health_ready")).status_code == 200


def test_metrics_show_request_latency_per_view_and_the_task_queue(client, db, queued_tasks):
    from stageplein.reminders.tasks import scheduler_tick

    scheduler_tick.enqueue()
    client.get(reverse("about"))
    body = client.get(reverse("metrics")).content.decode()
    assert 'stageplein_request_seconds_count{method="GET",status="2xx",view="about"}' in body
    assert "stageplein_task_queue_length 1.0" in body


def test_metrics_are_not_shown_to_other_machines(client, db):
    assert client.get(reverse("metrics"), REMOTE_ADDR="203.0.113.9").status_code == 404


def test_metrics_answer_a_scraper_with_the_token(client, db, settings):
    settings.METRICS_TOKEN = "scrape-secret"
    url = reverse("metrics")
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION="Bearer scrape-secret").status_code == 200


def test_json_logs_leave_out_the_request_and_its_path():
    request = RequestFactory().get("/inloggen/link/secret-token/?q=Jansen")
    record = logging.makeLogRecord(
        {"name": "django.request", "levelname": "WARNING", "msg": "Forbidden", "request": request}
    )
    record.status_code = 403
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["status_code"] == 403
    assert "secret-token" not in line
    assert "Jansen" not in line
