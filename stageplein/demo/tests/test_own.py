"""The demo's own-placement step (issue 15) on the test world: one own placement approved by
the README mentor (an internship at a new, unreviewed club), one waiting for the mentor, and a
reaction the README coordinator sent for a student without a place."""

import pytest

from stageplein.accounts.models import User
from stageplein.applications.models import Application, Side
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.own import play
from stageplein.internships.models import OwnPlacement
from stageplein.organisations.models import ReviewStatus
from tests.support.people import make_student
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def test_the_step_makes_an_approved_and_a_waiting_own_placement_and_a_school_reaction(world):
    User.objects.filter(pk=world.users["mentor"].pk).update(email=FIXED_ACCOUNTS["mentor"])
    User.objects.filter(pk=world.users["coordinator"].pk).update(
        email=FIXED_ACCOUNTS["coordinator"]
    )
    for k in range(2):
        make_student(world.school, f"96{k}", first_name=f"Eigen{k}", mentor=world.users["mentor"])
    make_student(world.school, "970", first_name="Zonder", mentor=None)
    make_period(make_placement(world.provider, title="Nog plek", pc4="7202"), capacity=3)

    play(schools=[world.school])

    approved, waiting = OwnPlacement.objects.order_by("status")
    assert (approved.status, waiting.status) == ("approved", "submitted")
    assert approved.decided_by == world.users["mentor"]
    assert approved.internship is not None
    assert approved.internship.provider.review_status == ReviewStatus.PENDING
    assert {approved.student.mentor, waiting.student.mentor} == {world.users["mentor"]}
    reaction = Application.objects.get(submitted_side=Side.SCHOOL)
    assert reaction.submitted_by == world.users["coordinator"]
    assert reaction.student.mentor is None
