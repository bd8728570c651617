"""Two parents give the same consent at the same moment (real threads on PostgreSQL).

The guard is the partial unique constraint ``consent_one_in_force`` (one consent in force per
student and purpose): the second INSERT waits for the first and fails, and consent_give then
returns the record that stands. The widening (Rendezvous) sits after ``_name``, which
consent_give calls while building the INSERT, so both parents have passed every check in
Python before either writes. The negative control runs the same code with the same widening
and only the constraint dropped (without_constraint): both parents' records are then in force.
"""

import pytest

from stageplein.students import services
from stageplein.students.models import Consent, ConsentPurpose, Guardianship
from tests.support.concurrency import Rendezvous, run_concurrently, without_constraint
from tests.support.people import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def two_parents(transactional_world, monkeypatch):
    world = transactional_world
    second = make_user("tweede.ouder@thuis.test", "Tom", "de Vries")
    Guardianship.objects.create(student=world.student, guardian=second)
    together = Rendezvous()
    monkeypatch.setattr(services, "_name", together.after(services._name))
    return world, [world.users["parent"], second], together


def both_give(world, parents, together):
    def give(i: int):
        return services.consent_give(
            actor=parents[i],
            student=world.student,
            purpose=ConsentPurpose.PHOTOS,
            as_role="parent",
        )

    with together.expecting(2):
        return run_concurrently(give, 2)


def in_force(world):
    return Consent.objects.filter(
        student=world.student, purpose=ConsentPurpose.PHOTOS, withdrawn_at__isnull=True
    )


def test_two_parents_consenting_at_once_leave_one_consent_in_force(two_parents):
    world, parents, together = two_parents
    results = both_give(world, parents, together)
    assert all(isinstance(r, Consent) for r in results), results
    [standing] = in_force(world)
    assert {r.pk for r in results} == {standing.pk}, "both parents are shown the record in force"


def test_negative_control_without_the_constraint_both_consents_are_in_force(two_parents):
    world, parents, together = two_parents
    with without_constraint(Consent, "consent_one_in_force"):
        results = both_give(world, parents, together)
        assert all(isinstance(r, Consent) for r in results), results
        assert in_force(world).count() == 2
        in_force(world).delete()  # so the constraint can be added back
