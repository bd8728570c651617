import pytest

from stageplein.mailings.audiences import Sender, registry, senders_for
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


def emails(audience, sender, **options):
    return sorted(str(u.email) for u in registry()[audience].recipients(sender, options))


def test_broker_reaches_provider_contacts_of_its_area_only(world):
    assert emails("providers_of_region", Sender(broker=world.broker)) == ["contact@delinde.test"]


def test_school_reaches_parents_of_one_year_group_of_its_own_students(world):
    assert emails("parents_of_year", Sender(school=world.school), year=2) == ["ouder@thuis.test"]
    assert emails("parents_of_year", Sender(school=world.school), year=3) == []
    assert emails("parents_of_year", Sender(school=world.other_school), year=2) == []


def test_students_without_a_placement_leaves_out_those_with_an_internship(world):
    got = emails("students_without_placement", Sender(school=world.school))
    assert got == [world.classmate.user.email]


def test_students_who_left_are_not_reached(world):
    world.classmate.left_on = world.classmate.created_at.date()
    world.classmate.save()
    assert emails("students_without_placement", Sender(school=world.school)) == []


def test_broker_reaches_students_of_schools_in_its_municipalities(world):
    extra = make_student(world.other_school, "2999")
    got = emails("students_without_placement", Sender(broker=world.broker))
    assert world.classmate.user.email in got and extra.user.email not in got


def test_people_send_for_their_own_broker_or_school_only(world):
    assert [s.org for s in senders_for(world.users["broker"])] == [world.broker]
    assert [s.org for s in senders_for(world.users["coordinator"])] == [world.school]
    assert senders_for(world.users["mentor"]) == []
