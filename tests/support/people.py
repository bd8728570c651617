"""People and hours for tests: users with a known password, students of a school, logged hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from stageplein.accounts.models import Role, User
from stageplein.core.schoolyear import current_school_year
from stageplein.internships.models import HourEntry, Internship
from stageplein.organisations.models import School
from stageplein.students.models import Consent, Guardianship, Student
from stageplein.students.services import consent_give

PASSWORD = "correct horse battery staple"
# Hashing once keeps the test suite fast while real sign-ins still verify an Argon2 hash.
_HASH: dict[str, str] = {}


def password_hash() -> str:
    if PASSWORD not in _HASH:
        _HASH[PASSWORD] = make_password(PASSWORD)
    return _HASH[PASSWORD]


def make_user(email: str, first_name: str = "", last_name: str = "", **extra) -> User:
    return User.objects.create(
        email=email,
        first_name=first_name or email.split("@")[0].split(".")[0].capitalize(),
        last_name=last_name or "Test",
        password=password_hash(),
        **extra,
    )


def make_student(
    school: School,
    number: str,
    *,
    first_name: str = "Sam",
    last_name: str = "de Vries",
    level: str = "havo",
    year: int = 2,
    class_name: str = "2H1",
    mentor: User | None = None,
    pc4: str = "7201",
    age: int = 14,
) -> Student:
    user = make_user(f"{number}@leerling.test", first_name=first_name, last_name=last_name)
    today = timezone.localdate()
    return Student.objects.create(
        user=user,
        school=school,
        student_number=number,
        level=level,
        year=year,
        class_name=class_name,
        date_of_birth=today.replace(year=today.year - age) - datetime.timedelta(days=30),
        home_postcode_id=pc4,
        mentor=mentor,
        cohort=current_school_year() - (year - 1),
    )


def log_hours(
    internship: Internship, hours: str, *, verified: bool = True, by: User | None = None
) -> HourEntry:
    return HourEntry.objects.create(
        internship=internship,
        date=timezone.localdate() - datetime.timedelta(days=7),
        hours=Decimal(hours),
        description="Geholpen bij de activiteitenmiddag",
        status=HourEntry.Status.VERIFIED if verified else HourEntry.Status.SUBMITTED,
        verified_by=by if verified else None,
        verified_at=timezone.now() if verified else None,
    )


def give_consent(student: Student, purpose: str, *, by: User) -> Consent:
    """Consent as the consent page records it (a parent for a child under 16)."""
    as_role = Role.PARENT if student.guardianships.filter(guardian=by).exists() else Role.STUDENT
    return consent_give(actor=by, student=student, purpose=purpose, as_role=as_role.value)


def student_near_the_norm(
    world, number: str, *, first_name: str, last_name: str, parent_email: str, parent_name: str
) -> Student:
    """A vmbo student (norm 48 hours) of the world's school and mentor, with a parent and 40
    verified hours from an earlier, completed internship: a few more hours reach the norm."""
    student = make_student(
        world.school,
        number,
        first_name=first_name,
        last_name=last_name,
        level="vmbo",
        mentor=world.users["mentor"],
    )
    parent_first, _sep, parent_last = parent_name.partition(" ")
    Guardianship.objects.create(
        student=student, guardian=make_user(parent_email, parent_first, parent_last)
    )
    earlier = Internship.objects.create(
        student=student,
        provider=world.provider,
        title="Eerdere stage",
        start_date=timezone.localdate() - datetime.timedelta(days=200),
        end_date=timezone.localdate() - datetime.timedelta(days=100),
        planned_hours=40,
        status=Internship.Status.COMPLETED,
        contract_signed_at=timezone.now() - datetime.timedelta(days=210),
    )
    for _ in range(5):
        log_hours(earlier, "8", by=world.users["supervisor"])
    return student
