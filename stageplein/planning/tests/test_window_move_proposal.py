"""The broker acts on a suggested move of the regional calendar (issue 14, item 12): the
school's coordinators are asked, with a link to the window's form filled in with the new
dates; the school decides and nothing changes until a coordinator saves."""

import datetime

import pytest
from django.urls import reverse

from stageplein.notifications.models import Notification
from stageplein.planning.models import InternshipWindow

pytestmark = pytest.mark.django_db

NEW = {"starts_on": "2027-03-08", "ends_on": "2027-03-19"}


def propose(client, window, data=NEW):
    return client.post(reverse("calendar_window_move_propose", args=[window.pk]), data)


def test_the_broker_asks_the_schools_coordinator_who_gets_the_form_filled_in(client_as, world):
    before = (world.window.starts_on, world.window.ends_on)
    response = propose(client_as("broker"), world.window)
    assert response.status_code == 302
    assert f"region={world.region.pk}" in response.url
    (asked,) = Notification.objects.filter(kind="window_move_proposed")
    assert asked.recipient == world.users["coordinator"]
    assert "3 havo" in asked.title and "8 maart 2027" in asked.title
    window = InternshipWindow.objects.get(pk=world.window.pk)
    assert (window.starts_on, window.ends_on) == before  # the school decides
    form = client_as("coordinator").get(asked.url).context["form"]
    assert form.initial["starts_on"] == datetime.date(2027, 3, 8)
    assert form.initial["ends_on"] == datetime.date(2027, 3, 19)
    assert form.initial["entry"] == "dates"


def test_a_suggested_move_ends_on_the_friday_of_its_last_week(world):
    from stageplein.planning.balance import Suggestion
    from stageplein.planning.selectors.demand import window_demand

    item = window_demand([world.window], world.window.school_year)[0]
    suggestion = Suggestion(
        window=item,
        to_first=datetime.date(2027, 3, 8),
        to_last=datetime.date(2027, 3, 15),
        short_before=4,
        short_after=0,
    )
    assert suggestion.to_end == datetime.date(2027, 3, 19)


def test_a_broker_of_another_region_gets_not_found_and_a_mentor_is_refused(client_as, world):
    other = world.other_window
    assert propose(client_as("broker"), other).status_code == 404
    assert propose(client_as("mentor"), world.window).status_code == 403
    assert not Notification.objects.filter(kind="window_move_proposed").exists()


def test_dates_that_do_not_fit_ask_nobody(client_as, world):
    response = propose(
        client_as("broker"), world.window, {"starts_on": "2027-03-19", "ends_on": "2027-03-08"}
    )
    assert response.status_code == 302
    response = propose(client_as("broker"), world.window, {"starts_on": "nonsense"})
    assert response.status_code == 302
    assert not Notification.objects.filter(kind="window_move_proposed").exists()


def test_the_proposal_explains_itself_in_the_notice_and_on_the_form(client_as, world):
    """Issue 14: which weeks, how many students, why the new weeks are better."""
    from stageplein.planning.tests.helpers import period, week, window

    crowded = window(world.school, 40, 41, level="havo", expected_students=60)
    period(world.provider, 40, 41, capacity=10)
    period(world.provider, 10, 13, capacity=200)
    friday = week(11) + datetime.timedelta(days=4)
    new = {"starts_on": week(10).isoformat(), "ends_on": friday.isoformat()}
    propose(client_as("broker"), crowded, new)
    (asked,) = Notification.objects.filter(kind="window_move_proposed")
    assert "van week 40–41 naar" in asked.title
    assert "60 leerlingen zonder plaats; 0 in plaats van 50 zouden er geen hebben." in asked.title
    html = client_as("coordinator").get(asked.url).content.decode()
    assert "Waarom deze verplaatsing wordt voorgesteld" in html
    assert "60 leerlingen van deze stageperiode hebben nog geen plaats." in html
    assert (
        "In week 40–41 laten de andere stageperiodes 10 vrije plaatsen voor hen over: "
        "50 zouden er geen hebben." in html
    )
    assert "In week 10–11 laten ze 100 vrije plaatsen over: genoeg voor allemaal." in html


def test_a_move_into_weeks_without_seats_is_explained_as_no_better(client_as, world):
    from stageplein.planning.tests.helpers import period, week, window

    crowded = window(world.school, 40, 41, level="havo", expected_students=60)
    period(world.provider, 40, 41, capacity=10)
    url = reverse("calendar_window_edit", args=[crowded.pk])
    params = {"starts_on": week(20).isoformat(), "ends_on": week(21).isoformat()}
    html = client_as("coordinator").get(url, params).content.decode()
    assert "In week 20–21 laten ze 0 vrije plaatsen over: 60 zouden er geen hebben." in html
