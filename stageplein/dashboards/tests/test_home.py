import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_anonymous_visitor_sees_welcome_and_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("account_login") in response.content.decode()


def test_student_sees_verified_hours_against_the_norm_for_their_level(client_as, world):
    response = client_as("student").get(reverse("home"))
    body = text(response)
    # 3 + 2.5 verified; the 4 waiting hours do not count. havo norm is 60.
    assert re.search(r"5,5 (of|van) 60 (hours|uur)", body)
    assert world.provider.name in body


def test_coordinator_sees_the_school_by_status_with_a_link_to_the_overview(client_as, world):
    response = client_as("coordinator").get(reverse("home"))
    body = text(response)
    assert world.school.name in body
    assert world.other_school.name not in body
    # Sam has confirmed hours (in progress), Lotte nothing yet; the world's final report waits.
    assert f"{reverse('dashboard_students')}?school={world.school.pk}&amp;status=none" in (
        response.content.decode()
    )
    assert reverse("dashboard_school") in response.content.decode()


def test_mentor_sees_own_mentees_only(client_as, world):
    body = text(client_as("mentor").get(reverse("home")))
    assert world.student.user.get_full_name() in body
    assert world.classmate.user.get_full_name() not in body


def test_provider_contact_sees_organisation_and_locations(client_as, world):
    body = text(client_as("provider_contact").get(reverse("home")))
    assert world.provider.name in body
    assert "Lindelaan 4" in body


def test_broker_sees_schools_and_providers_of_its_area(client_as, world):
    body = text(client_as("broker").get(reverse("home")))
    assert world.school.name in body
    assert world.other_school.name not in body


def test_municipality_officer_sees_figures_without_any_names(client_as, world):
    response = client_as("municipality").get(reverse("home"))
    body = text(response)
    assert "Zutphen" in body
    for student in (world.student, world.classmate):
        assert student.user.first_name not in body
        assert student.user.last_name not in body
    assert world.users["mentor"].last_name not in body


def test_national_viewer_sees_a_row_per_region(client_as, world):
    body = text(client_as("national").get(reverse("home")))
    assert world.region.name in body and world.other_region.name in body
    assert world.student.user.last_name not in body


def test_admin_lands_in_django_admin(client_as):
    response = client_as("admin").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_parent_sees_their_childs_progress(client_as, world):
    body = text(client_as("parent").get(reverse("home")))
    assert world.student.user.get_full_name() in body
    assert world.classmate.user.get_full_name() not in body


def test_hours_over_the_norm_are_kept_and_shown_as_extra(client_as, world):
    from tests.support.people import log_hours

    # 5.5 verified already (and the contract is signed); havo norm 60.
    log_hours(world.internship, "60", by=world.users["supervisor"])
    body = text(client_as("student").get(reverse("home")))
    assert re.search(r"65,5 (of|van) 60 (hours|uur)", body)
    assert re.search(r"5,5 (extra hours|extra uren|uur extra)", body), body


def test_the_schools_yearly_target_is_shown_to_student_and_mentor(client_as, world):
    from stageplein.core.schoolyear import current_school_year
    from stageplein.students.models import YearlyTarget

    YearlyTarget.objects.update_or_create(
        school=world.school, school_year=current_school_year(), defaults={"hours_per_student": 30}
    )
    assert re.search(r"30 (hours|uur)", text(client_as("student").get(reverse("home"))))
    page = text(client_as("mentor").get(reverse("student_detail", args=[world.student.pk])))
    assert re.search(r"30 (hours|uur)", page)


def test_provider_home_says_reactions_wait_for_an_answer_and_links_to_them(client_as, world):
    response = client_as("provider_contact").get(reverse("home"))
    assert f"{reverse('application_list')}?status=submitted" in response.content.decode()
    assert re.search(r"1 (reaction is waiting|reactie wacht)", text(response))
