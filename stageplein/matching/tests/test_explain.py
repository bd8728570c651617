"""The explanations put the facts of the filters that ran into words, in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from stageplein.matching.candidates import allocate_candidates, build_candidates
from stageplein.matching.explain import candidate_facts, reason, unplaced_facts, why_not
from tests.support.matching import WEIGHTS, offer, pupil

pytestmark = pytest.mark.django_db

VMBO_WINDOW = {
    "level": "vmbo",
    "origin": "home",
    "max_km": 10,
    "window": {"kind": "window", "first_week": 10, "last_week": 14},
    "needs": [],
    "interests": ["zorg"],
}


def test_no_placement_in_the_window_names_distance_level_and_weeks():
    with translation.override("en"):
        text = why_not({"code": "window", "n": 4}, VMBO_WINDOW)
    assert text == (
        "No placement within 10 km for vmbo that fits in weeks 10–14: a period must give two "
        "weeks in it from the day the student would start, outside the school holidays."
    )
    with translation.override("nl"):
        dutch = why_not({"code": "window", "n": 4}, VMBO_WINDOW)
    assert dutch != text and "10 km" in dutch and "10–14" in dutch and "vakantie" in dutch


def test_full_placements_of_one_sector_are_named():
    with translation.override("en"):
        text = why_not({"code": "seats", "n": 5, "sectors": ["zorg"]}, VMBO_WINDOW)
    assert text == "All 5 suitable care and welfare placements within 10 km are full."


def test_the_rest_of_the_year_says_why_when_the_window_is_over():
    context = {**VMBO_WINDOW, "window": {"kind": "over", "first_week": 40, "last_week": 44}}
    with translation.override("en"):
        text = why_not({"code": "window", "n": 2}, context)
    assert "the rest of the school year (the window, weeks 40–44, is over)" in text


def test_guidance_names_what_is_missing():
    context = {**VMBO_WINDOW, "needs": ["teacher", "pair"]}
    with translation.override("en"):
        text = why_not({"code": "guidance", "n": 3}, context)
    assert text == (
        "None of the 3 placements within 10 km in weeks 10–14 offers a teacher present and "
        "room for pairs."
    )


@pytest.mark.parametrize(
    "code", ["open_limit", "no_origin", "near", "level", "age", "new", "intake", "taken"]
)
def test_every_reason_has_its_own_words(code):
    facts = {"code": code, "n": 3, "seats": 4, "demand": 9, "mode": "stable"}
    with translation.override("en"):
        text = why_not(facts, VMBO_WINDOW)
    assert text and text != "No suitable placement was found."


def test_a_proposal_says_which_interest_and_how_far(window, world):
    offer(world.provider, "Bij het sportpark", sector_id="sport", pc4="7202")
    student = pupil(world.school, "5001", interests=("zorg", "sport"))
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    allocation = allocate_candidates(cset, "optimal")
    facts = candidate_facts(cset, int(allocation.edge[0]))
    with translation.override("en"):
        text = reason(facts, cset.students[0].as_json())
    assert text.startswith("2nd interest (Sport), ")
    assert text.endswith(" km from home, the school works with this provider")
    assert unplaced_facts(cset, allocation, "optimal") == {}
