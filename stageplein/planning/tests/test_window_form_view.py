"""A coordinator enters the school's windows as weeks or dates; every mistake gets a message
next to its field and nothing is saved."""

import datetime

import pytest
from django.urls import reverse

from stageplein.core.schoolyear import current_school_year
from stageplein.planning.models import InternshipWindow
from stageplein.planning.tests.helpers import NEXT, week, window

pytestmark = pytest.mark.django_db


def data(world, **extra) -> dict:
    return {
        "school": world.school.pk,
        "school_year": NEXT,
        "year": 3,
        "level": "havo",
        "class_name": "",
        "entry": "weeks",
        "first_week": 10,
        "last_week": 14,
        "starts_on": "",
        "ends_on": "",
        "hours_per_student": 20,
        "expected_students": 450,
        **extra,
    }


def post(client, world, **extra):
    return client.post(reverse("calendar_window_create"), data(world, **extra))


def errors(response) -> dict:
    return {name: list(e) for name, e in response.context["form"].errors.items()}


def test_a_coordinator_enters_3_havo_in_weeks_10_to_14(world, client_as):
    response = post(client_as("coordinator"), world)
    assert response.status_code == 302
    window = InternshipWindow.objects.get(school=world.school, school_year=NEXT, year=3)
    assert (window.starts_on, window.ends_on) == (week(10), week(14) + datetime.timedelta(days=4))
    assert (window.level, window.expected_students, window.hours_per_student) == ("havo", 450, 20)
    assert window.created_by == world.users["coordinator"]
    page = client_as("coordinator").get(response["Location"]).content.decode()
    assert "3 havo" in page and "450" in page


def test_a_window_can_be_entered_as_dates(world, client_as):
    start = week(45)
    response = post(
        client_as("coordinator"),
        world,
        entry="dates",
        first_week="",
        last_week="",
        starts_on=start.isoformat(),
        ends_on=(start + datetime.timedelta(days=9)).isoformat(),
    )
    assert response.status_code == 302
    assert InternshipWindow.objects.get(school_year=NEXT).weeks == (45, 46)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"first_week": 14, "last_week": 10}, "last_week"),
        ({"first_week": 53, "last_week": 53}, "first_week"),
        ({"hours_per_student": 0}, "hours_per_student"),
        ({"first_week": "", "last_week": 12}, "first_week"),
        ({"class_name": "3H9"}, "class_name"),
        ({"level": "pro"}, "level"),  # the school offers no praktijkonderwijs
        (
            {"entry": "dates", "starts_on": "2031-03-10", "ends_on": "2031-03-01"},
            "ends_on",
        ),
    ],
)
def test_each_mistake_gets_a_message_on_its_field_and_nothing_is_saved(
    world, client_as, extra, field
):
    if extra.get("first_week") == 53 and datetime.date(NEXT, 12, 28).isocalendar().week == 53:
        pytest.skip("this school year has a week 53")
    response = post(client_as("coordinator"), world, **extra)
    assert response.status_code == 400
    assert field in errors(response), errors(response)
    assert not InternshipWindow.objects.filter(school_year=NEXT).exists()


def test_a_window_outside_the_school_year_is_refused_on_the_date(world, client_as):
    response = post(
        client_as("coordinator"),
        world,
        entry="dates",
        starts_on=f"{NEXT + 1}-07-20",
        ends_on=f"{NEXT + 1}-08-10",
    )
    assert response.status_code == 400
    assert "ends_on" in errors(response)
    assert "1 augustus" in errors(response)["ends_on"][0]


def test_an_unknown_class_names_the_known_ones(world, client_as):
    response = post(client_as("coordinator"), world, year=2, class_name="2H9")
    assert "2H1" in errors(response)["class_name"][0]
    assert post(client_as("coordinator"), world, year=2, class_name="2H1").status_code == 302


def test_a_group_cannot_have_two_overlapping_windows(world, client_as):
    assert post(client_as("coordinator"), world).status_code == 302
    again = post(client_as("coordinator"), world, first_week=12, last_week=16)
    assert again.status_code == 400
    assert "week 10–14" in errors(again)["first_week"][0]
    assert InternshipWindow.objects.filter(school_year=NEXT).count() == 1
    other_level = post(client_as("coordinator"), world, level="vwo", first_week=12, last_week=16)
    assert other_level.status_code == 302


def test_a_coordinator_cannot_enter_a_window_for_another_school(world, client_as):
    response = post(client_as("coordinator"), world, school=world.other_school.pk)
    assert response.status_code == 400
    assert not InternshipWindow.objects.filter(school=world.other_school, school_year=NEXT).exists()


def test_a_mentor_reads_the_calendar_but_cannot_add_to_it(world, client_as):
    assert post(client_as("mentor"), world).status_code == 403
    page = client_as("mentor").get(reverse("calendar_school")).content.decode()
    assert "3 havo" in page  # the world's window of this school year
    assert reverse("calendar_window_create") not in page
    assert "bewerken" not in page


def test_the_coordinator_moves_a_window_to_other_weeks(world, client_as):
    moved = window(world.school, 40, 41, level="havo")
    url = reverse("calendar_window_edit", args=[moved.pk])
    form = client_as("coordinator").get(url).context["form"]
    assert (form.initial["first_week"], form.initial["last_week"]) == (40, 41)
    response = client_as("coordinator").post(
        url, data(world, first_week=12, last_week=13, expected_students="")
    )
    assert response.status_code == 302
    moved.refresh_from_db()
    assert moved.weeks == (12, 13) and moved.expected_students is None


def test_the_coordinator_removes_a_window_after_confirming(world, client_as):
    gone = window(world.school, 40, 41)
    url = reverse("calendar_window_delete", args=[gone.pk])
    assert "3" in client_as("coordinator").get(url).content.decode()
    assert client_as("coordinator").post(url).status_code == 302
    assert not InternshipWindow.objects.filter(pk=gone.pk).exists()


def test_another_schools_coordinator_cannot_change_the_window(world, client_as):
    theirs = window(world.school, 40, 41)
    url = reverse("calendar_window_edit", args=[theirs.pk])
    assert client_as("other_coordinator").post(url, data(world)).status_code == 404
    assert InternshipWindow.objects.get(pk=theirs.pk).weeks == (40, 41)


def test_the_current_school_year_is_offered_first(world, client_as):
    form = client_as("coordinator").get(reverse("calendar_window_create")).context["form"]
    assert form.fields["school_year"].choices[0][0] == current_school_year()


def test_a_vmbo_only_school_is_offered_vmbo_and_year_groups_one_to_four(client_as, world):
    from stageplein.organisations.models import School

    School.objects.filter(pk=world.school.pk).update(levels=["vmbo"])
    form = client_as("coordinator").get(reverse("calendar_window_create")).context["form"]
    assert [value for value, _label in form.fields["level"].choices] == ["", "vmbo"]
    assert [value for value, _label in form.fields["year"].choices] == [1, 2, 3, 4]
