import pytest
from django.core.management import CommandError, call_command

from stageplein.accounts.access import get_scope
from stageplein.accounts.models import Role, User
from stageplein.demo.builder import FIXED_ACCOUNTS
from stageplein.geo.models import Municipality, Region
from stageplein.geo.pilots import read_pilots
from stageplein.internships.progress import progress_of
from stageplein.organisations.models import Broker, School
from stageplein.students.models import Student

pytestmark = pytest.mark.django_db


def test_every_pilot_resolves_to_real_municipalities():
    names = set(Municipality.objects.values_list("name", flat=True))
    pilots = read_pilots()
    assert len(pilots) == 20
    assert sum(p.students for p in pilots) == 59339
    for pilot in pilots:
        assert pilot.municipality_names, pilot.name
        assert set(pilot.municipality_names) <= names, pilot.name


def test_demo_builds_the_pilots_real_numbers(capsys):
    call_command("demo", "--pilot", "Zutphen")
    region = Region.objects.get(name="Zutphen")
    assert Student.objects.filter(school__region=region).count() == 600
    assert School.objects.filter(region=region).count() == 2
    assert Broker.objects.filter(region=region).count() == 1
    assert set(region.municipalities.values_list("name", flat=True)) == {"Zutphen"}


def test_every_fixed_demo_account_has_its_role_and_real_data():
    call_command("demo", "--pilot", "Helmond")
    expected = {
        "student": Role.STUDENT,
        "parent": Role.PARENT,
        "coordinator": Role.COORDINATOR,
        "mentor": Role.MENTOR,
        "provider_contact": Role.PROVIDER_CONTACT,
        "supervisor": Role.SUPERVISOR,
        "broker": Role.BROKER,
        "municipality": Role.MUNICIPALITY,
        "national": Role.NATIONAL,
        "admin": Role.ADMIN,
    }
    for key, role in expected.items():
        assert role in get_scope(User.objects.get(email=FIXED_ACCOUNTS[key])).roles, key
    student = Student.objects.get(user__email=FIXED_ACCOUNTS["student"])
    assert progress_of(student).done > 0
    assert student.mentor is not None and student.mentor.email == FIXED_ACCOUNTS["mentor"]


def test_demo_is_deterministic_for_a_seed():
    call_command("demo", "--pilot", "Zutphen", "--seed", "7")
    first = list(
        Student.objects.order_by("student_number").values_list(
            "user__first_name", "level", "class_name"
        )[:50]
    )
    call_command("demo", "--pilot", "Zutphen", "--seed", "7", "--replace")
    again = list(
        Student.objects.order_by("student_number").values_list(
            "user__first_name", "level", "class_name"
        )[:50]
    )
    assert first == again


def test_demo_refuses_to_load_twice_without_replace_and_skips_if_empty_requested():
    call_command("demo", "--pilot", "Zutphen")
    with pytest.raises(CommandError):
        call_command("demo", "--pilot", "Zutphen")
    call_command("demo", "--pilot", "Zutphen", "--if-empty")
    assert Region.objects.count() == 1


def test_unknown_pilot_is_refused_with_the_list_of_pilots():
    with pytest.raises(CommandError, match="Zutphen"):
        call_command("demo", "--pilot", "Atlantis")
