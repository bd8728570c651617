"""Test helpers for other apps: hours count only on an internship whose contract every party
has signed, so a test that makes an internship by hand and expects its verified hours to count
signs it first with ``sign_contract(internship)``."""

from __future__ import annotations

from django.utils import timezone

from stageplein.internships.models import Contract, Internship, Party, Signature


def sign_contract(internship: Internship) -> Contract:
    """Issue the current contract (if there is none) and record every party's signature, the
    way the platform would, without notifications or e-mail."""
    from stageplein.internships.services import contract_issue

    contract = Contract.objects.filter(internship=internship, superseded_at__isnull=True).first()
    if contract is None:
        contract = contract_issue(internship=internship, by=None, ask=False)
    student = internship.student
    guardian = student.guardianships.select_related("guardian").first()
    signers = {
        Party.STUDENT: student.user,
        Party.PARENT: guardian.guardian if guardian else None,
        Party.SCHOOL: student.mentor,
        Party.PROVIDER: internship.supervisor,
    }
    now = timezone.now()
    for party in contract.required_parties:
        user = signers[Party(party)]
        Signature.objects.get_or_create(
            contract=contract,
            party=party,
            defaults={
                "signed_by": user,
                "name": (user.get_full_name() if user else "") or str(Party(party).label),
                "method": Signature.Method.PLATFORM,
                "signed_at": now,
            },
        )
    Contract.objects.filter(pk=contract.pk).update(fully_signed_at=now)
    Internship.objects.filter(pk=internship.pk, contract_signed_at__isnull=True).update(
        contract_signed_at=now
    )
    internship.contract_signed_at = internship.contract_signed_at or now
    contract.fully_signed_at = now
    return contract
