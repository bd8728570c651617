import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from stageplein.demo.builder import DemoBuilder, delete_demo
from stageplein.geo.models import Municipality
from stageplein.geo.pilots import read_pilots
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


def test_the_people_of_a_region_are_the_same_for_a_seed():
    pilots = [p for p in read_pilots() if p.name == "Zutphen"]

    def people() -> list[tuple]:
        return list(
            Student.objects.order_by("student_number").values_list(
                "user__first_name",
                "level",
                "class_name",
                "school__name",
                # Chosen by place, not by pk: the second build's ids are higher.
                "hobbies",
                "needs_pair",
            )[:50]
        )

    DemoBuilder(seed=7, bulk=True).build(pilots)
    first = people()
    delete_demo()
    DemoBuilder(seed=7, bulk=True).build(pilots)
    assert people() == first


def test_unknown_pilot_is_refused_with_the_list_of_pilots():
    with pytest.raises(CommandError, match="Zutphen"):
        call_command("demo", "--pilot", "Atlantis")


def test_replacing_the_demo_writes_no_audit_entries(world):
    """Deleting generated people is not audited: for --all it was an INSERT per row."""
    assert Student.objects.exists()
    before = LogEntry.objects.count()
    delete_demo()
    assert not Student.objects.exists()
    assert LogEntry.objects.count() == before
