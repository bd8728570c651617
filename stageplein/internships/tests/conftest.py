import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from stageplein.internships.models import Contract, Party, Signature
from stageplein.internships.services import contract_sign, hour_entry_submit, internship_create


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploads of these tests go to a temporary folder, never into the project.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def new_internship(world):
    """An internship made the way the vacancy bank makes one: through internship_create."""

    def make(student=None, provider=None, **kw):
        today = timezone.localdate()
        return internship_create(
            student=student or world.student,
            provider=provider or world.provider,
            title=kw.pop("title", "Koffie schenken"),
            start_date=kw.pop("start_date", today - datetime.timedelta(days=10)),
            end_date=kw.pop("end_date", today + datetime.timedelta(days=50)),
            planned_hours=kw.pop("planned_hours", 20),
            supervisor=kw.pop("supervisor", world.users["supervisor"]),
            **kw,
        )

    return make


def signer_for(world, party: str):
    return {
        Party.STUDENT: world.users["student"],
        Party.PARENT: world.users["parent"],
        Party.SCHOOL: world.users["mentor"],
        Party.PROVIDER: world.users["provider_contact"],
    }[Party(party)]


@pytest.fixture
def sign_all(world):
    def sign(contract: Contract, *, except_party: str | None = None):
        for party in contract.required_parties:
            if party != except_party:
                contract_sign(
                    contract=contract,
                    party=party,
                    user=signer_for(world, party),
                    name="Naam",
                    method=Signature.Method.PLATFORM,
                )

    return sign


@pytest.fixture
def log(world):
    def submit(internship, hours="3", *, by=None, days_ago=1, key=None, **kw):
        entry, _created = hour_entry_submit(
            internship=internship,
            by=by or internship.student.user,
            date=timezone.localdate() - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
            description="Spelletjes met bewoners",
            submission_key=key or uuid.uuid4(),
            **kw,
        )
        return entry

    return submit
