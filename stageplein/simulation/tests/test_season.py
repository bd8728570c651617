"""A small season (one pilot, a few weeks) through the services with every invariant checked
each week; and the same season with the seat guard switched off, caught by the checks."""

from __future__ import annotations

import pytest

from stageplein.applications.models import Application, Side
from stageplein.geo.models import Region
from stageplein.internships.models import Contract, HourEntry
from stageplein.matching.models import Run
from stageplein.mediation.models import LIVE, MediationRequest
from stageplein.planning.selectors.windows import windows_for_students
from stageplein.simulation.params import Params
from stageplein.simulation.season import Season
from stageplein.simulation.tests.starting_point import REGION, SCHOOL_YEAR, SEED

pytestmark = pytest.mark.django_db


def season(weeks: int, **changes) -> Season:
    return Season(
        regions=list(Region.objects.filter(name=REGION)),
        params=Params(**changes),
        seed=SEED,
        school_year=SCHOOL_YEAR,
        weeks=weeks,
    )


def test_a_small_season_keeps_every_rule_and_reports_each_week(zutphen):
    outcome = season(5, broker_every_weeks=1, broker_after_weeks=1).run()

    assert outcome.violations == []
    rows = outcome.report["regions"][REGION]
    assert [r["week"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[-1]["students"] == 600
    # Students reacted and were placed; contracts were signed and hours confirmed.
    assert rows[-1]["placed_total"] > 0
    assert sum(r["placed_student"] for r in rows) > 0
    assert Contract.objects.filter(fully_signed_at__isnull=False).exists()
    assert HourEntry.objects.filter(status=HourEntry.Status.VERIFIED).exists()
    assert rows[-1]["hours"] > 0
    # The brokers ran rounds through the matching services.
    assert Application.objects.filter(submitted_side=Side.BROKER).exists()
    assert outcome.report["country"][-1]["students"] == 600


def test_a_season_with_the_seat_guard_switched_off_is_stopped_by_the_capacity_check(
    zutphen, monkeypatch
):
    # The real claim path with only its guard removed: the seat claim counts no held seats.
    monkeypatch.setattr("stageplein.applications.services.seats.claimed_seats", lambda pk: 0)

    outcome = season(6).run()

    assert [v.rule for v in outcome.violations][:1] == ["capacity"]
    assert outcome.report["stopped_week"] <= 4
    assert "more students than their capacity" in outcome.violations[0].detail


def test_brokers_take_students_whose_window_is_over_and_place_them_later_in_the_year(zutphen):
    # Nobody reacts and the school never steps in: whoever is placed, the brokers placed; the
    # upper years' windows (weeks 1-3, three or four weeks long) are over by week 7.
    outcome = season(
        8,
        react_rate=0.0,
        broker_every_weeks=1,
        broker_after_weeks=1,
        broker_past_window_weeks=4,
        school_after_weeks=30,
    ).run()

    assert outcome.violations == []
    by_broker = list(
        Application.objects.filter(submitted_side=Side.BROKER).select_related("student", "period")
    )
    windows = windows_for_students([a.student for a in by_broker], SCHOOL_YEAR)
    after = [a for a in by_broker if a.period.starts_on > windows[a.student_id].ends_on]
    # The platform's round, for a window that is over, looks at the rest of the school year.
    assert after, "no broker placement after a student's window"
    assert all(a.submitted_at.date() > windows[a.student_id].ends_on for a in after)


def test_students_who_find_nothing_ask_for_mediation_and_are_not_in_a_broker_round_meanwhile(
    zutphen,
):
    # Few students react themselves, and those without a place ask for help after a week of
    # their window; the mediators propose to every open request, the students answer each
    # proposal (a fifth refused). The brokers' rounds run each week beside the mediation.
    outcome = season(
        6,
        react_rate=0.05,
        broker_every_weeks=1,
        broker_after_weeks=1,
        ask_help_after_weeks=1,
        ask_help_rate=0.5,
        propose_rate=1.0,
        proposal_answer_rate=1.0,
        proposal_refuse_rate=0.2,
    ).run()

    assert outcome.violations == []
    rows = outcome.report["regions"][REGION]
    assert sum(r["mediation_asked"] for r in rows) > 0
    assert sum(r["mediation_proposed"] for r in rows) > 0
    assert sum(r["mediation_accepted"] for r in rows) > 0
    assert MediationRequest.objects.filter(status=MediationRequest.Status.ACCEPTED).exists()
    # Some proposals were refused: the request went back to the mediator with the reason.
    assert MediationRequest.objects.exclude(decline_reason="").exists()
    # The accepted proposals' reactions were answered and approved as any other: placements
    # by mediation, counted apart from the broker rounds' and the school's.
    # (Counted by their approval: an internship cancelled since leaves the reaction's status.)
    mediated = Application.objects.filter(
        mediation_request__isnull=False, approved_at__isnull=False
    ).count()
    assert mediated > 0
    assert sum(r["placed_mediation"] for r in rows) == mediated
    assert sum(r["placed_broker"] for r in rows) == (
        Application.objects.filter(
            submitted_side=Side.BROKER,
            mediation_request__isnull=True,
            approved_at__isnull=False,
        ).count()
    )
    # No broker round took a student whose request was live when the round was made.
    rounds = list(Run.objects.order_by("pk"))
    assert rounds
    requests = list(MediationRequest.objects.all())
    for run in rounds:
        in_round = set(run.student_ids)
        for req in requests:
            if req.student_id not in in_round or req.created_at > run.created_at:
                continue
            assert req.status not in LIVE, (run.pk, req.pk)
            assert req.answered_at is not None, (run.pk, req.pk)
            assert req.answered_at <= run.created_at, (run.pk, req.pk)
