"""Candidate generation: which placement-periods suit a student, in which order, at what cost,
and which rule left a student without any."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stageplein.applications.models import Status
from stageplein.core.schoolyear import current_school_year
from stageplein.matching.candidates import (
    STEPS,
    Weights,
    allocate_candidates,
    build_candidates,
)
from stageplein.matching.explain import unplaced_facts
from stageplein.matching.models import DEFAULT_WEIGHTS
from stageplein.organisations.models import Provider
from stageplein.placements.models import SchoolLink
from tests.support.matching import WEIGHTS, offer, pc4_at, pupil, react, window_for

pytestmark = pytest.mark.django_db


def options(cset, i: int = 0) -> list[tuple[int, int]]:
    """(period pk, cost) of student i's candidates, best first."""
    p = cset.problem
    lo, hi = p.indptr[i], p.indptr[i + 1]
    return [
        (int(cset.period_pk[c]), int(w))
        for c, w in zip(p.candidates[lo:hi], p.cost[lo:hi], strict=True)
    ]


def needs_teacher(student) -> bool:
    student.needs_teacher_present = True
    student.save()
    return True


def why(cset, mode: str = "optimal") -> dict:
    return unplaced_facts(cset, allocate_candidates(cset, mode), mode)


def test_the_students_interests_come_first_then_the_distance(window, world):
    near_sport = offer(world.provider, "Sport om de hoek", sector_id="sport", pc4="7201")
    care = offer(world.provider, "Zorg verderop", sector_id="zorg", pc4="7202")
    other = offer(world.provider, "Cultuur verderop", sector_id="cultuur", pc4="7202")
    student = pupil(world.school, "5001", interests=("zorg", "sport"))
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert [pk for pk, _ in options(cset)] == [care.pk, near_sport.pk, other.pk]
    costs = dict(options(cset))
    assert costs[near_sport.pk] - costs[care.pk] < WEIGHTS.rank_weight  # one step down, nearer


@pytest.mark.parametrize(
    ("rule", "make"),
    [
        ("near", lambda w, s: offer(w.provider, "Ver weg", pc4="3511")),
        ("level", lambda w, s: offer(w.provider, "Alleen vwo", level_havo=False)),
        ("age", lambda w, s: offer(w.provider, "Vanaf achttien", min_age=18)),
        ("window", lambda w, s: offer(w.provider, "Na het venster", weeks_ahead=30)),
        ("guidance", lambda w, s: needs_teacher(s) and offer(w.provider, "Zonder docent")),
        (
            "new",
            lambda w, s: react(s, offer(w.provider, "Al op gereageerd")),
        ),
        (
            "seats",
            lambda w, s: react(
                pupil(w.school, "5999"), offer(w.provider, "Vol", capacity=1), Status.ACCEPTED
            ),
        ),
    ],
)
def test_each_rule_leaves_out_what_does_not_fit_and_says_so(window, world, rule, make):
    student = pupil(world.school, "5001")
    make(world, student)
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert cset.problem.nnz == 0
    funnel = dict(zip(STEPS, cset.funnel[0].tolist(), strict=True))
    before = STEPS[STEPS.index(rule) - 1] if rule != "near" else None
    assert funnel[rule] == 0
    if before:
        assert funnel[before] == 1
    assert why(cset)[0]["code"] == rule


def test_a_provider_at_its_weekly_intake_cap_gets_nobody_new(window, world):
    world.provider.weekly_intake_cap = 1
    world.provider.save()
    taken = offer(world.provider, "Al iemand deze week")
    react(pupil(world.school, "5998"), taken, Status.ACCEPTED)
    offer(world.provider, "Nog een")
    student = pupil(world.school, "5001")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert why(cset)[0] == {"code": "intake", "n": 2}


def test_a_student_at_the_open_reaction_limit_gets_no_proposal(window, world, settings):
    settings.APPLICATION_MAX_OPEN = 1
    student = pupil(world.school, "5001")
    react(student, offer(world.provider, "Eerdere reactie"))
    offer(world.provider, "Past goed")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert why(cset)[0] == {"code": "open_limit", "n": 1}


def test_the_distance_limit_depends_on_the_level(window, world):
    """vmbo close to home: a placement 10 km away suits a havo student, not a vmbo student."""
    far = offer(world.provider, "Tien kilometer", pc4=pc4_at("7201", 9.5, 12))
    havo = pupil(world.school, "5001", level="havo")
    vmbo = pupil(world.school, "5002", level="vmbo")
    cset = build_candidates(student_ids=[havo.pk, vmbo.pk], weights=WEIGHTS)
    assert [pk for pk, _ in options(cset, 0)] == [far.pk]
    assert options(cset, 1) == []
    assert why(cset)[1]["code"] == "near"
    wider = Weights.from_dict({**DEFAULT_WEIGHTS, "max_km_vmbo": 12})
    assert [pk for pk, _ in options(build_candidates(student_ids=[vmbo.pk], weights=wider))] == [
        far.pk
    ]


def test_school_level_never_enters_the_cost(window, world):
    """R-MATCH-4: two students alike but for their level get the very same costs."""
    for k in range(3):
        offer(world.provider, f"Plek {k}", pc4=["7201", "7202", "7203"][k], sector_id="sport")
    havo = pupil(world.school, "5001", level="havo", interests=("sport",))
    vwo = pupil(world.school, "5002", level="vwo", interests=("sport",))
    cset = build_candidates(student_ids=[havo.pk, vwo.pk], weights=WEIGHTS)
    assert options(cset, 0) == options(cset, 1) != []


def test_a_school_link_lowers_the_cost(window, world):
    other_provider = Provider.objects.create(
        name="Buurthuis", sector_id="zorg", region=world.region, municipality=world.municipality
    )
    unlinked = offer(other_provider, "Zonder band")
    linked = offer(world.provider, "Met band")
    SchoolLink.objects.filter(school=world.school).delete()
    SchoolLink.objects.create(
        school=world.school, provider=world.provider, school_year=current_school_year()
    )
    student = pupil(world.school, "5001")
    costs = dict(options(build_candidates(student_ids=[student.pk], weights=WEIGHTS)))
    assert costs[unlinked.pk] - costs[linked.pk] == WEIGHTS.link_bonus


def test_a_hobby_that_matches_counts_one_step_better(window, world):
    plain = offer(world.provider, "Koffie schenken", sector_id="zorg")
    music = offer(world.provider, "Muziekmiddag in de huiskamer", sector_id="zorg")
    student = pupil(
        world.school,
        "5001",
        interests=("zorg",),
    )
    student.hobbies = "muziek, tekenen"
    student.save()
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    costs = dict(options(cset))
    assert costs[plain.pk] == costs[music.pk]  # already the 1st interest: no better step
    other = offer(world.provider, "Muziek op het plein", sector_id="cultuur")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    costs = dict(options(cset))
    j = list(costs).index(other.pk)
    assert costs[other.pk] == costs[plain.pk] + 2 * WEIGHTS.rank_weight  # 3 steps, minus 1
    assert cset.pair_hobby[cset.problem.indptr[0] + j] == "muziek"


def test_seats_asked_for_by_students_who_reacted_themselves_stay_theirs(window, world):
    period = offer(world.provider, "Twee plekken", capacity=2)
    react(pupil(world.school, "5990"), period)  # waits for the provider
    students = [pupil(world.school, f"500{k}") for k in range(3)]
    cset = build_candidates(student_ids=[s.pk for s in students], weights=WEIGHTS)
    assert cset.free.tolist() == [1]
    assert allocate_candidates(cset, "optimal").n_placed == 1


def test_the_weekly_intake_cap_holds_across_a_providers_periods(window, world):
    # The world's provider accepted one student this week already: two more may come.
    world.provider.weekly_intake_cap = 3
    world.provider.save()
    for k in range(3):
        offer(world.provider, f"Periode {k}", capacity=2)
    students = [pupil(world.school, f"500{k}") for k in range(5)]
    cset = build_candidates(student_ids=[s.pk for s in students], weights=WEIGHTS)
    for mode in ("optimal", "stable"):
        allocation = allocate_candidates(cset, mode)
        assert allocation.n_placed == 2
        assert allocation.rounds == 2
    # stable: the waiting order (the students' order here) keeps the places
    stable = allocate_candidates(cset, "stable")
    assert [int(e) >= 0 for e in stable.edge] == [True, True, False, False, False]


def test_in_waiting_order_the_first_waiting_student_gets_the_seat_whatever_the_level(window, world):
    offer(world.provider, "Eén plek", capacity=1)
    first = pupil(world.school, "5001", level="vmbo")
    later = pupil(world.school, "5002", level="vwo")
    cset = build_candidates(student_ids=[first.pk, later.pk], weights=WEIGHTS)
    allocation = allocate_candidates(cset, "stable")
    assert [int(e) >= 0 for e in allocation.edge] == [True, False]
    assert why(cset, "stable")[1]["code"] == "taken"


def test_no_window_means_the_rest_of_the_school_year(empty_bank, world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 10, 5, 10, tzinfo=datetime.UTC))
    soon = offer(world.provider, "Binnenkort")
    student = pupil(world.school, "5001")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert [pk for pk, _ in options(cset)] == [soon.pk]
    assert cset.students[0].window == {"kind": "none", "until": "2027-07-31"}


def test_a_window_that_is_over_falls_back_to_the_rest_of_the_year(empty_bank, world):
    today = timezone.localdate()
    window_for(world.school, weeks_from=-8, weeks_to=-2)
    soon = offer(world.provider, "Binnenkort", weeks_ahead=1, weeks=1)
    student = pupil(world.school, "5001")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS, today=today)
    assert cset.students[0].window["kind"] == "over"
    if soon.starts_on <= datetime.date(today.year + (today.month >= 8), 7, 31):
        assert [pk for pk, _ in options(cset)] == [soon.pk]


def test_distances_are_measured_from_school_when_the_home_is_unknown(window, world):
    offer(world.provider, "Bij school", pc4="7201")
    student = pupil(world.school, "5001")
    student.home_postcode = None
    student.save()
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert cset.students[0].origin == "school"
    assert cset.problem.nnz == 1


def test_candidate_generation_takes_the_same_few_queries_for_many_students(window, world):
    for k in range(4):
        offer(world.provider, f"Plek {k}", capacity=5)
    few = [pupil(world.school, f"60{k}", interests=("zorg",)).pk for k in range(2)]
    many = [pupil(world.school, f"70{k:02d}", interests=("sport", "zorg")).pk for k in range(40)]
    counts = []
    for ids in (few, many):
        with CaptureQueriesContext(connection) as queries:
            build_candidates(student_ids=ids, weights=WEIGHTS)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12
