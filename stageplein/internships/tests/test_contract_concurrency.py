"""The last two parties signing at the same moment still complete the contract (and its hours
start to count): the row lock makes the second signer see the first one's signature."""

import threading

import pytest
from django.db import transaction
from django.utils import timezone

from stageplein.internships.models import Contract, Internship, Party, Signature
from stageplein.internships.services.contract import _contract_fully_signed, contract_sign
from stageplein.internships.tests.helpers import current
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
ROUNDS = 3
# Both broken signers insert before either counts: the interleaving the lock must prevent,
# made certain rather than left to thread timing on a busy machine.
_both_inserted = threading.Barrier(2)


@transaction.atomic
def naive_sign(*, contract, party, user, name, method):
    """Deliberately broken: no lock. Each of the last two signers counts the signatures before
    the other's is committed, and neither completes the contract."""
    signature, created = Signature.objects.get_or_create(
        contract=contract,
        party=party,
        defaults={"signed_by": user, "name": name, "method": method, "signed_at": timezone.now()},
    )
    _both_inserted.wait(timeout=30)
    if set(contract.required_parties) <= set(contract.signatures.values_list("party", flat=True)):
        _contract_fully_signed(Contract.objects.select_related("internship").get(pk=contract.pk))
    return signature, created


def completed_rounds(world, sign) -> int:
    from stageplein.internships.services import internship_create

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
            return sign(
                contract=contract, party=last[i][0], user=last[i][1], name="x", method="link"
            )

        results = run_concurrently(sign_last, 2)
        assert [r for r in results if isinstance(r, BaseException)] == []
        assert Signature.objects.filter(contract=contract).count() == 4
        done += Internship.objects.get(pk=internship.pk).contract_signed_at is not None
    return done


def test_the_last_two_signatures_at_once_complete_the_contract(transactional_world):
    assert completed_rounds(transactional_world, contract_sign) == ROUNDS


def test_negative_control_without_the_lock_a_fully_signed_contract_stays_incomplete(
    transactional_world,
):
    assert completed_rounds(transactional_world, naive_sign) < ROUNDS
