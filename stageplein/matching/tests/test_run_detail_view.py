"""A round's page: progress while it runs, then the proposals (table and map) with reasons."""

import html
import json
import re

import pytest
from django.urls import reverse

from stageplein.matching.models import Run
from stageplein.matching.services import run_create, run_execute
from tests.support.matching import offer, pupil, react

pytestmark = pytest.mark.django_db


def test_the_proposals_show_with_their_reasons_and_on_the_map(window, world, client_as):
    period = offer(world.provider, "Wandelen met bewoners", sector_id="zorg")
    student = pupil(world.school, "5001", interests=("zorg",), first_name="Fenna")
    nobody = pupil(world.school, "5002", level="vmbo", first_name="Gijs")
    nobody.home_postcode_id = "3511"  # Utrecht: nothing within 8 km
    nobody.save()
    run = run_create(
        broker=world.broker,
        by=world.users["broker"],
        student_ids=[student.pk, nobody.pk],
        mode="optimal",
        selection={},
    )
    run_execute(run_id=run.pk)
    page = client_as("broker").get(reverse("matching_run_detail", args=[run.pk]))
    text = page.content.decode()
    assert "Wandelen met bewoners" in text
    assert "1e interesse (Zorg en welzijn)" in text
    assert "Geen open stageplaats binnen 8 km van huis." in text
    found = re.search(r'data-markers="([^"]*)"', text)
    assert found is not None
    markers = json.loads(html.unescape(found.group(1)))
    assert [m["items"][0]["title"] for m in markers] == [str(student)]
    assert period.placement.postcode.place == markers[0]["place"]


def test_htmx_polls_the_progress_and_reloads_when_done(world, client_as):
    run = Run.objects.create(broker=world.broker, created_by=world.users["broker"], total=10)
    Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING, done=5)
    client = client_as("broker")
    url = reverse("matching_run_detail", args=[run.pk])
    busy = client.get(url, {"status": "1"}, HTTP_HX_REQUEST="true")
    assert "<progress" in busy.content.decode() and "HX-Refresh" not in busy.headers
    Run.objects.filter(pk=run.pk).update(status=Run.Status.PROPOSED)
    done = client.get(url, {"status": "1"}, HTTP_HX_REQUEST="true")
    assert done.headers["HX-Refresh"] == "true"


def test_the_confirmation_progress_says_what_happens_once(world, client_as):
    run = Run.objects.create(broker=world.broker, created_by=world.users["broker"], total=10)
    Run.objects.filter(pk=run.pk).update(
        status=Run.Status.CONFIRMING, phase=Run.Phase.CONFIRMING, done=4
    )
    url = reverse("matching_run_detail", args=[run.pk])
    text = client_as("broker").get(url, {"status": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert text.count("reacties worden gemaakt") == 1
    assert "4 van 10" in text


def run_for(world, students):
    run = run_create(
        broker=world.broker,
        by=world.users["broker"],
        student_ids=[s.pk for s in students],
        mode="optimal",
        selection={},
    )
    run_execute(run_id=run.pk)
    return run


ALONE = "hier is verder niemand geplaatst"


def pair_pupil(school):
    student = pupil(school, "5101", interests=("zorg",), first_name="Fenna")
    student.needs_pair = True
    student.save(update_fields=["needs_pair"])
    return student


def test_a_student_who_goes_in_pairs_but_is_proposed_alone_is_pointed_out(window, world, client_as):
    offer(world.provider, "Samen koken", sector_id="zorg", pairs_welcome=True)
    fenna = pair_pupil(world.school)
    run = run_for(world, [fenna])
    url = reverse("matching_run_detail", args=[run.pk])
    text = client_as("broker").get(url).content.decode()
    assert "Samen koken" in text
    assert ALONE in html.unescape(text)
    only = client_as("broker").get(url, {"show": "alone"}).content.decode()
    assert "Fenna" in only


def test_no_warning_when_a_second_student_is_proposed_for_the_same_period(window, world, client_as):
    offer(world.provider, "Samen koken", sector_id="zorg", pairs_welcome=True)
    fenna = pair_pupil(world.school)
    gijs = pupil(world.school, "5102", interests=("zorg",), first_name="Gijs")
    run = run_for(world, [fenna, gijs])
    text = client_as("broker").get(reverse("matching_run_detail", args=[run.pk])).content.decode()
    assert "Samen koken" in text
    assert ALONE not in html.unescape(text)
    assert "?show=alone" not in text


def test_a_student_already_holding_a_seat_there_counts_as_the_companion(window, world, client_as):
    period = offer(world.provider, "Samen koken", sector_id="zorg", pairs_welcome=True)
    react(pupil(world.school, "5103", first_name="Hanna"), period, status="accepted")
    fenna = pair_pupil(world.school)
    run = run_for(world, [fenna])
    text = client_as("broker").get(reverse("matching_run_detail", args=[run.pk])).content.decode()
    assert "Samen koken" in text
    assert ALONE not in html.unescape(text)
