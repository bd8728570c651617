"""Small helpers for the reaction tests: many students at once, reactions in a known order."""

from __future__ import annotations

import datetime

from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.applications.models import Application
from stageplein.core.schoolyear import current_school_year
from stageplein.organisations.models import School
from stageplein.placements.models import PlacementPeriod
from stageplein.students.models import Student
from tests.support.people import password_hash


def many_students(
    school: School, n: int, *, prefix: str, level: str = "havo", age: int = 14, pc4: str = "7201"
) -> list[Student]:
    today = timezone.localdate()
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{i}@leerling.test",
            first_name=f"Leerling{i}",
            last_name=f"Achternaam{i}",
            password=password_hash(),
        )
        for i in range(n)
    )
    return Student.objects.bulk_create(
        Student(
            user=user,
            school=school,
            student_number=f"{prefix}{i}",
            level=level,
            year=2,
            class_name="2H1",
            date_of_birth=today.replace(year=today.year - age) - datetime.timedelta(days=30),
            home_postcode_id=pc4,
            cohort=current_school_year() - 1,
        )
        for i, user in enumerate(users)
    )


def reactions_in_order(students: list[Student], period: PlacementPeriod) -> list[Application]:
    """One waiting reaction per student, one second apart, in list order."""
    start = timezone.now() - datetime.timedelta(hours=1)
    return Application.objects.bulk_create(
        Application(
            student=student,
            placement_id=period.placement_id,
            period=period,
            motivation="Ik wil graag helpen.",
            submitted_at=start + datetime.timedelta(seconds=i),
        )
        for i, student in enumerate(students)
    )
