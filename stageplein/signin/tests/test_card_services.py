"""Cards: single use, expiry, replacement, stored hashed, never for staff."""

import datetime

import time_machine
from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.signin import services
from stageplein.signin.codes import code_hash, grouped
from stageplein.signin.models import SigninCard
from stageplein.signin.services import Outcome
from tests.support.people import make_student


def test_a_card_signs_its_student_in_once(world, issue):
    code = issue()
    first = services.card_use(code=code)
    assert first.outcome is Outcome.OK and first.user == world.classmate.user
    assert services.card_use(code=code).outcome is Outcome.USED


def test_the_code_may_be_typed_with_dashes_spaces_and_small_letters(world, issue):
    code = issue()
    typed = grouped(code).lower().replace("-", " - ")
    assert services.card_use(code=typed).user == world.classmate.user


def test_only_a_keyed_hash_of_the_code_is_stored(world, issue):
    code = issue()
    card = SigninCard.objects.get()
    assert card.code_hash == code_hash(code)
    assert code not in card.code_hash and len(card.code_hash) == 64


def test_an_expired_card_is_refused(world, issue, settings):
    code = issue()
    with time_machine.travel(
        timezone.now() + datetime.timedelta(days=settings.SIGNIN_CARD_DAYS, minutes=1)
    ):
        assert services.card_use(code=code).outcome is Outcome.EXPIRED


def test_reissuing_replaces_the_card_not_yet_used(world, issue):
    old = issue()
    new = issue()
    assert services.card_use(code=old).outcome is Outcome.REPLACED
    assert services.card_use(code=new).outcome is Outcome.OK


def test_an_unknown_code_is_refused(world):
    assert services.card_use(code="ABCD-EFGH-JKMN").outcome is Outcome.UNKNOWN


def test_no_card_is_printed_for_a_student_who_is_also_staff(world):
    Membership.objects.create(user=world.classmate.user, role=Role.MENTOR, school=world.school)
    assert services.cards_issue(actor=world.users["coordinator"], students=[world.classmate]) == []


def test_a_card_stops_working_when_its_student_became_staff_after_printing(world, issue):
    code = issue()
    Membership.objects.create(user=world.classmate.user, role=Role.MENTOR, school=world.school)
    result = services.card_use(code=code)
    assert result.outcome is Outcome.UNKNOWN and result.user is None


def test_a_parent_who_is_also_a_student_gets_no_card(world):
    # The world's parent becomes a student too: a card must not open their child's data.
    other = make_student(world.school, "1009")
    other.user.guardianships.create(student=world.student)
    assert services.cards_issue(actor=world.users["coordinator"], students=[other]) == []
