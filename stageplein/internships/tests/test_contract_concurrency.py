"""The last two parties signing at the same moment still complete the contract (and its hours
start to count): the row lock makes the second signer see the first one's signature.

The guard is contract_sign's ``select_for_update()`` on the contract. Both runs widen the same
spot of the real contract_sign: after a signer's signature is inserted, it waits (at most five
seconds) for the other signer to get there too (tests.support.concurrency.Rendezvous). With the
lock the other signer is held at the lock, so the wait times out and changes nothing; without
it both signers count the signatures before either commits, and neither completes the
contract. The negative control takes out only the lock (without_row_lock) and was caught in
10 of 10 runs (2026-12-04, bench/negative_controls.py). With a two-second wait 27 of 30 rounds
were left incomplete: a round completes only when one signer arrives after the wait has ended.
"""

import pytest
from django.utils import timezone

from stageplein.internships.models import Contract, Internship, Party, Signature
from stageplein.internships.services import contract_sign, internship_create
from stageplein.internships.tests.helpers import current
from tests.support.concurrency import Rendezvous, run_concurrently, without_row_lock

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
ROUNDS = 3


@pytest.fixture
def signed_together(monkeypatch) -> Rendezvous:
    """The widening of both runs: a signer whose signature is in waits for the other one."""
    together = Rendezvous()
    manager = Signature._default_manager
    monkeypatch.setattr(manager, "get_or_create", together.after(manager.get_or_create))
    return together


def completed_rounds(world, together: Rendezvous) -> int:
    done = 0
    for n in range(ROUNDS):
        internship = internship_create(
            student=world.student,
            provider=world.provider,
            title=f"Ronde {n}",
            start_date=timezone.localdate(),
            end_date=timezone.localdate(),
            planned_hours=2,
            supervisor=world.users["supervisor"],
        )
        contract = current(internship)
        for party, role in ((Party.STUDENT, "student"), (Party.SCHOOL, "mentor")):
            contract_sign(
                contract=contract, party=party, user=world.users[role], name="x", method="platform"
            )
        last = [
            (Party.PARENT, world.users["parent"]),
            (Party.PROVIDER, world.users["provider_contact"]),
        ]

        def sign_last(i: int, last=last, contract=contract):
            return contract_sign(
                contract=contract, party=last[i][0], user=last[i][1], name="x", method="link"
            )

        with together.expecting(2):
            results = run_concurrently(sign_last, 2)
        assert [r for r in results if isinstance(r, BaseException)] == []
        assert Signature.objects.filter(contract=contract).count() == 4
        done += Internship.objects.get(pk=internship.pk).contract_signed_at is not None
    return done


def test_the_last_two_signatures_at_once_complete_the_contract(
    transactional_world, signed_together
):
    assert completed_rounds(transactional_world, signed_together) == ROUNDS


def test_negative_control_without_the_lock_a_fully_signed_contract_stays_incomplete(
    transactional_world, signed_together, monkeypatch
):
    without_row_lock(monkeypatch, Contract)
    assert completed_rounds(transactional_world, signed_together) < ROUNDS
