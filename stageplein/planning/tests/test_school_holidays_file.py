"""The school holidays are data in the repository (stageplein/planning/data/school_holidays.csv)
that a command loads (R-PLAN-5, issue 14): correcting a date is a reviewed change of the file,
not a memory in a migration."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from stageplein.planning.models import SchoolHoliday
from stageplein.planning.services import HOLIDAYS_CSV, holidays_load

pytestmark = pytest.mark.django_db

HEADER = "school_year,holiday_region,kind,starts_on,ends_on\n"


def test_the_file_in_the_repository_loads_and_matches_the_seeded_rows():
    assert holidays_load(HOLIDAYS_CSV, write=False) == []  # the migration seeded the same
    rows = HOLIDAYS_CSV.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 15  # 2026-27: five holidays in three regions


def test_a_changed_date_is_updated_a_new_year_added_and_others_left_alone(tmp_path):
    admin_entered = SchoolHoliday.objects.create(
        holiday_region="north",
        school_year=2030,
        kind="autumn",
        starts_on=datetime.date(2030, 10, 12),
        ends_on=datetime.date(2030, 10, 20),
    )
    csv = tmp_path / "holidays.csv"
    csv.write_text(
        HEADER
        + "2026,middle,spring,2027-02-20,2027-02-28\n"
        + "2027,south,autumn,2027-10-16,2027-10-24\n",
        encoding="utf-8",
    )
    preview = holidays_load(csv, write=False)
    assert [str(c) for c in preview] == [
        "changed 2026 middle spring: 2027-02-13..2027-02-21 -> 2027-02-20..2027-02-28",
        "new 2027 south autumn: 2027-10-16..2027-10-24",
    ]
    assert not SchoolHoliday.objects.filter(school_year=2027).exists()  # a dry run writes nothing
    call_command("school_holidays", "--file", str(csv))
    spring = SchoolHoliday.objects.get(holiday_region="middle", school_year=2026, kind="spring")
    assert spring.starts_on == datetime.date(2027, 2, 20)
    assert SchoolHoliday.objects.filter(school_year=2027, holiday_region="south").count() == 1
    assert SchoolHoliday.objects.filter(pk=admin_entered.pk).exists()
    assert holidays_load(csv, write=False) == []


def test_a_bad_row_writes_nothing(tmp_path):
    csv = tmp_path / "holidays.csv"
    csv.write_text(
        HEADER + "2027,south,autumn,2027-10-16,2027-10-24\n2027,east,autumn,2027-10-16,x\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="line 3"):
        holidays_load(csv)
    assert not SchoolHoliday.objects.filter(school_year=2027).exists()
