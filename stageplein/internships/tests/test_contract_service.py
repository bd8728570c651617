"""The uniform contract: generated from the template, signed by every party, versioned."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from stageplein.accounts.models import OneTimeLink
from stageplein.internships.models import Contract, Insurance, Internship, Party, Signature
from stageplein.internships.selectors import missing_parties
from stageplein.internships.services import (
    InternshipError,
    contract_change,
    contract_sign,
    contract_template_save,
)
from stageplein.internships.tests.helpers import current
from stageplein.notifications.models import Notification
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


def test_a_new_internship_gets_a_contract_with_every_term(world, new_internship):
    internship = new_internship(tasks="Koffie schenken\nSpelletjes doen")
    contract = current(internship)
    assert contract.version == 1
    assert contract.student_name == world.student.user.get_full_name()
    assert contract.school_name == world.school.name
    assert contract.provider_name == world.provider.name
    assert contract.planned_hours == 20
    assert "Spelletjes doen" in contract.tasks
    assert contract.supervisor_name == world.users["supervisor"].get_full_name()
    assert contract.mentor_name == world.users["mentor"].get_full_name()
    assert contract.insurance == Insurance.SCHOOL
    assert contract.rules_of_conduct.strip()


def test_parents_sign_for_students_under_the_schools_age_limit(world, new_internship):
    young = current(new_internship())  # the world's student is 14
    assert young.required_parties == ["student", "parent", "school", "provider"]
    older = make_student(world.school, "1099", age=17, mentor=world.users["mentor"])
    assert current(new_internship(student=older)).required_parties == [
        "student",
        "school",
        "provider",
    ]
    world.school.requires_parent_signature_until_age = 18
    world.school.save()
    assert Party.PARENT in current(new_internship(student=older)).required_parties


def test_parent_and_provider_receive_a_one_time_link_and_no_minor_details(
    world, new_internship, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new_internship()
    links = OneTimeLink.objects.filter(purpose="contract_sign")
    assert {link.user for link in links} == {world.users["parent"], world.users["provider_contact"]}
    to = {m.to[0]: m for m in mail.outbox}
    for email in ("ouder@thuis.test", "contact@delinde.test"):
        body, subject = str(to[email].body), str(to[email].subject)
        assert "/contract/tekenen/" in body
        assert world.student.user.first_name not in body + subject
        # which contract: the placement and its provider are named
        assert "Koffie schenken" in subject and world.provider.name in subject
        assert "Koffie schenken" in body
    assert Notification.objects.filter(
        recipient=world.users["student"], kind="contract_to_sign"
    ).exists()


def test_each_signature_records_who_when_and_which_version(world, new_internship):
    internship = new_internship()
    contract = current(internship)
    signature, created = contract_sign(
        contract=contract,
        party=Party.STUDENT,
        user=world.users["student"],
        name="Sam de Vries",
        method=Signature.Method.PLATFORM,
    )
    assert created
    assert signature.signed_by == world.users["student"]
    assert signature.contract.version == 1
    assert signature.signed_at <= timezone.now()
    again, created = contract_sign(
        contract=contract,
        party=Party.STUDENT,
        user=world.users["student"],
        name="Sam",
        method=Signature.Method.PLATFORM,
    )
    assert not created and again.pk == signature.pk
    assert missing_parties(current(internship)) == ["parent", "school", "provider"]


def test_the_last_signature_puts_the_contract_in_force(world, new_internship, sign_all):
    internship = new_internship()
    contract = current(internship)
    sign_all(contract)
    contract.refresh_from_db()
    internship.refresh_from_db()
    assert contract.fully_signed_at is not None
    assert internship.contract_signed_at == contract.fully_signed_at
    assert internship.status == Internship.Status.ACTIVE


def test_a_changed_contract_needs_every_signature_again(world, new_internship, sign_all):
    internship = new_internship()
    first = current(internship)
    sign_all(first)
    internship.refresh_from_db()
    second = contract_change(
        internship=internship,
        by=world.users["mentor"],
        end_date=timezone.localdate() + datetime.timedelta(days=90),
    )
    first.refresh_from_db()
    assert second is not None
    assert first.superseded_at is not None and first.fully_signed_at is not None
    assert second.version == 2 and not second.signatures.exists()
    assert missing_parties(second) == second.required_parties
    with pytest.raises(InternshipError):
        contract_sign(
            contract=first,
            party=Party.STUDENT,
            user=world.users["student"],
            name="x",
            method=Signature.Method.PLATFORM,
        )


def test_saving_the_same_terms_makes_no_new_version(world, new_internship):
    internship = new_internship()
    assert (
        contract_change(internship=internship, by=world.users["mentor"], planned_hours=20) is None
    )
    assert Contract.objects.filter(internship=internship).count() == 1


def test_the_schools_template_shapes_new_contracts_only(world, new_internship):
    old = current(new_internship())
    contract_template_save(
        by=world.users["coordinator"],
        school=world.school,
        rules_of_conduct="Telefoon in je tas.",
        insurance=Insurance.MUNICIPALITY,
        insurance_details="Polis VNG",
    )
    new = current(new_internship())
    assert new.rules_of_conduct == "Telefoon in je tas."
    assert new.insurance == Insurance.MUNICIPALITY and new.insurance_details == "Polis VNG"
    old.refresh_from_db()
    assert old.rules_of_conduct != "Telefoon in je tas."


def test_a_regions_template_applies_when_the_school_has_none(world, new_internship):
    contract_template_save(
        by=world.users["broker"],
        region=world.region,
        rules_of_conduct="Regionale gedragsregels.",
        insurance=Insurance.PROVIDER,
    )
    assert current(new_internship()).rules_of_conduct == "Regionale gedragsregels."
