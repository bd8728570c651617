"""R-INT-5: the school (or the broker) records the guidance a student needs."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_coordinator_records_interests_in_order_and_a_teacher_present(world, client_as):
    url = reverse("matching_student_guidance", args=[world.classmate.pk])
    client = client_as("coordinator")
    assert "docent" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "needs_teacher_present": "on",
            "guidance_needs": "Vaste begeleider",
            "interest_1": "sport",
            "interest_2": "zorg",
            "hobbies": "voetbal",
            "next": reverse("student_list"),
        },
    )
    assert response.status_code == 302 and response.url == reverse("student_list")
    world.classmate.refresh_from_db()
    assert world.classmate.needs_teacher_present and not world.classmate.needs_pair
    assert world.classmate.guidance_needs == "Vaste begeleider"
    assert world.classmate.hobbies == "voetbal"
    order = world.classmate.interests.through.objects.filter(student=world.classmate)
    assert list(order.order_by("pk").values_list("sector_id", flat=True)) == ["sport", "zorg"]
    assert LogEntry.objects.get_for_object(world.classmate).exists()


def test_a_next_address_elsewhere_is_ignored(world, client_as):
    url = reverse("matching_student_guidance", args=[world.classmate.pk])
    response = client_as("broker").post(url, {"next": "https://elders.test/"})
    assert response.url == reverse("student_detail", args=[world.classmate.pk])
