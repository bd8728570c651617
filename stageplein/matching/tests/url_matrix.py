"""Role × URL matrix rows for the broker's matching workspace, and a reviewed run to open."""

from __future__ import annotations

from django.urls import reverse

from tests.support.url_matrix import Row
from tests.support.world import World

BROKER_ONLY = {"anonymous": 302, "broker": 200}
# R-MATCH-8: no broker serves the other school's municipality (Utrecht), so its coordinator
# runs the school's own rounds on the same pages; the broker's run is not theirs (404). The
# world's school has a broker: its coordinator gets 403 like every other role. The school's
# own runs: test_school_round_access.py.
WORKSPACE = {**BROKER_ONLY, "other_coordinator": 200}
BROKERS_RUN = {**BROKER_ONLY, "other_coordinator": 404}
# The guidance form: the school (coordinator, the student's mentor) and the broker; the
# classmate has no mentor, so the mentor and the other school's coordinator get 404.
GUIDANCE = {
    "anonymous": 302,
    "coordinator": 200,
    "broker": 200,
    "admin": 200,
    "mentor": 404,
    "other_coordinator": 404,
}


def _run(name: str):
    return lambda w: reverse(name, args=[w.run.pk])


def _proposal(w: World) -> str:
    proposal = w.proposal
    return reverse("matching_proposal_change", args=[proposal.run_id, proposal.pk])


ROWS = {
    "matching_queue": Row(lambda w: reverse("matching_queue"), WORKSPACE, default=403),
    "matching_run_list": Row(lambda w: reverse("matching_run_list"), WORKSPACE, default=403),
    # Weights are stored per broker; a school's round counts with the defaults.
    "matching_settings": Row(lambda w: reverse("matching_settings"), BROKER_ONLY, default=403),
    "matching_run_detail": Row(_run("matching_run_detail"), BROKERS_RUN, default=403),
    "matching_proposal_change": Row(_proposal, BROKERS_RUN, default=403),
    # The broker selects the classmate (in its queue) and starts a round: a redirect to it.
    # The other school's coordinator cannot pick the classmate (not in their school's queue):
    # nothing is selected, back to the queue with a message.
    "matching_run_create": Row(
        lambda w: reverse("matching_run_create"),
        {"anonymous": 302, "broker": 302, "other_coordinator": 302},
        default=403,
        method="POST",
        data=lambda w: {"mode": "optimal", "student": [w.classmate.pk]},
    ),
    "matching_run_confirm": Row(
        _run("matching_run_confirm"),
        {"anonymous": 302, "broker": 302, "other_coordinator": 404},
        default=403,
        method="POST",
    ),
    "matching_student_guidance": Row(
        lambda w: reverse("matching_student_guidance", args=[w.classmate.pk]),
        GUIDANCE,
        default=403,
    ),
}
