"""Headers for pages with minors' data (issue 13, hardening)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_never_stored_by_the_browser(client_as, world):
    response = client_as("coordinator").get(reverse("student_detail", args=[world.student.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_page_denies_camera_microphone_and_location_and_search_engines(client, world):
    response = client.get(reverse("account_login"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "noindex" in response["X-Robots-Tag"]
