import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stageplein.accounts.access import get_scope
from stageplein.documents.access import documents_visible_to
from stageplein.documents.models import Document
from stageplein.documents.services import document_create
from tests.support.documents import PDF

pytestmark = pytest.mark.django_db


def titles(world, role):
    return sorted(
        documents_visible_to(get_scope(world.users[role])).values_list("title", flat=True)
    )


def add(world, library, visibility, title):
    document_create(
        library=library,
        user=world.users["admin"],
        title=title,
        upload=SimpleUploadedFile("x.pdf", PDF),
        visibility=visibility,
    )


def test_school_only_document_is_seen_by_school_staff_not_by_parents_or_providers(world):
    for role in ("coordinator", "mentor", "admin"):
        assert "Stagecontract (sjabloon)" in titles(world, role), role
    for role in ("parent", "student", "provider_contact", "broker", "other_coordinator"):
        assert "Stagecontract (sjabloon)" not in titles(world, role), role


def test_brokers_only_region_document_stays_with_brokers(world):
    add(world, world.region, Document.Visibility.BROKERS, "Subsidieafspraken")
    assert "Subsidieafspraken" in titles(world, "broker")
    for role in ("coordinator", "provider_contact", "parent", "municipality"):
        assert "Subsidieafspraken" not in titles(world, role), role


def test_schools_only_region_document_reaches_schools_of_the_region_only(world):
    add(world, world.region, Document.Visibility.SCHOOLS, "Jaarkalender scholen")
    assert "Jaarkalender scholen" in titles(world, "mentor")
    assert "Jaarkalender scholen" in titles(world, "broker")  # the region's keepers
    assert "Jaarkalender scholen" not in titles(world, "other_coordinator")
    assert "Jaarkalender scholen" not in titles(world, "provider_contact")


def test_a_school_leaflet_for_everyone_reaches_its_parents_and_students(world):
    add(world, world.school, Document.Visibility.ALL, "Folder voor ouders")
    for role in ("parent", "student", "broker", "provider_contact"):
        assert "Folder voor ouders" in titles(world, role), role
    assert "Folder voor ouders" not in titles(world, "other_provider_contact")


def test_a_school_document_for_everyone_in_the_region_reaches_the_whole_region(world):
    from stageplein.accounts.models import Membership, Role
    from stageplein.organisations.models import School
    from tests.support.people import make_user

    neighbour = School.objects.create(
        brin="30CC",
        name="Het Stedelijk",
        region=world.region,
        municipality=world.municipality,
        levels=["havo"],
    )
    colleague = make_user("coordinator@stedelijk.test", "Cees", "Collega")
    Membership.objects.create(user=colleague, role=Role.COORDINATOR, school=neighbour)
    world.users["neighbour"] = colleague
    add(world, world.school, Document.Visibility.ALL, "Folder stagemarkt")
    add(world, world.school, Document.Visibility.SCHOOLS, "Afsprakenlijst scholen")
    for role in ("neighbour", "municipality", "provider_contact", "parent", "broker"):
        assert "Folder stagemarkt" in titles(world, role), role
    assert "Folder stagemarkt" not in titles(world, "other_coordinator")  # another region
    assert "Afsprakenlijst scholen" in titles(world, "neighbour")
    for role in ("municipality", "provider_contact", "parent", "other_coordinator"):
        assert "Afsprakenlijst scholen" not in titles(world, role), role
