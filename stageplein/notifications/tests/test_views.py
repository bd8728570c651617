import pytest
from django.urls import reverse

from stageplein.notifications.models import EmailFrequency
from stageplein.notifications.services import email_frequency_of, notify

pytestmark = pytest.mark.django_db


def test_bell_shows_the_unread_count_for_htmx(world, client_as):
    notify(world.users["parent"], kind="x", title="Een", email=False)
    notify(world.users["parent"], kind="x", title="Twee", email=False)
    html = client_as("parent").get(reverse("notification_bell")).content.decode()
    assert html.startswith('<a href="/meldingen/"')
    assert '<span class="badge">2<' in html
    assert 'hx-trigger="every 60s"' in html


def test_every_page_header_has_the_polling_bell(world, client_as):
    notify(world.users["mentor"], kind="x", title="Een", email=False)
    html = client_as("mentor").get(reverse("home")).content.decode()
    assert 'id="notification-bell"' in html and '<span class="badge">1<' in html


def test_marking_all_read_empties_the_bell(world, client_as):
    notify(world.users["parent"], kind="x", title="Een", email=False)
    client = client_as("parent")
    client.post(reverse("notification_mark_read"))
    assert "badge" not in client.get(reverse("notification_bell")).content.decode()


def test_person_chooses_a_daily_digest(world, client_as):
    response = client_as("supervisor").post(
        reverse("notification_settings"), {"email_frequency": "daily"}
    )
    assert response.status_code == 302
    assert email_frequency_of(world.users["supervisor"]) == EmailFrequency.DAILY
