"""The audience registry. An audience turns a sender (a broker or a school) and options (e.g.
a year group) into the people to reach, always within the sender's scope.

Other apps add or replace audiences with an ``audiences.py`` holding ``AUDIENCES = [...]``:
the vacancy bank replaces ``students_without_placement`` (which here means "without any
internship") by setting ``replaces=True`` on an Audience with the same key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Membership, Role, User
from stageplein.core.discovery import app_modules
from stageplein.organisations.models import Broker, Provider, School
from stageplein.students.models import Student


@dataclass(frozen=True)
class Sender:
    broker: Broker | None = None
    school: School | None = None

    @property
    def org(self) -> Broker | School:
        return self.broker or self.school  # type: ignore[return-value]

    def value(self) -> str:
        return f"broker:{self.broker.pk}" if self.broker else f"school:{self.school.pk}"  # type: ignore[union-attr]


@dataclass(frozen=True)
class Audience:
    key: str
    label: object
    recipients: Callable[[Sender, dict], QuerySet[User]]
    uses_year: bool = False
    replaces: bool = False


def students_in_scope(sender: Sender) -> QuerySet[Student]:
    """Active students the sender is responsible for: the school's own; a broker's are those of
    the schools in its municipalities (as in students_visible_to)."""
    qs = Student.objects.filter(left_on__isnull=True)
    if sender.school:
        return qs.filter(school=sender.school)
    municipalities = sender.broker.municipalities.all()  # type: ignore[union-attr]
    return qs.filter(school__municipality__in=municipalities)


def _year(qs: QuerySet[Student], options: dict) -> QuerySet[Student]:
    year = options.get("year")
    return qs.filter(year=int(year)) if year else qs


def providers_of_region(sender: Sender, options: dict) -> QuerySet[User]:
    if sender.broker:
        providers = Provider.objects.filter(municipality__in=sender.broker.municipalities.all())
    else:
        providers = Provider.objects.filter(region=sender.school.region_id)  # type: ignore[union-attr]
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.PROVIDER_CONTACT,
        memberships__provider__in=providers,
    ).distinct()


def parents_of_year(sender: Sender, options: dict) -> QuerySet[User]:
    students = _year(students_in_scope(sender), options)
    return User.objects.filter(is_active=True, guardianships__student__in=students).distinct()


def students_without_placement(sender: Sender, options: dict) -> QuerySet[User]:
    students = _year(students_in_scope(sender), options).filter(internships__isnull=True)
    return User.objects.filter(is_active=True, student__in=students)


def school_staff(sender: Sender, options: dict) -> QuerySet[User]:
    if sender.school:
        schools = Q(memberships__school=sender.school)
    else:
        schools = Q(memberships__school__municipality__in=sender.broker.municipalities.all())  # type: ignore[union-attr]
    return (
        User.objects.filter(is_active=True, memberships__role=Role.COORDINATOR)
        .filter(schools)
        .distinct()
    )


AUDIENCES = [
    Audience("providers_of_region", _("Provider contacts in the region"), providers_of_region),
    Audience("parents_of_year", _("Parents of a year group"), parents_of_year, uses_year=True),
    Audience(
        "students_without_placement",
        _("Students without a placement"),
        students_without_placement,
        uses_year=True,
    ),
    Audience("school_coordinators", _("School coordinators"), school_staff),
]


def registry() -> dict[str, Audience]:
    found = {a.key: a for a in AUDIENCES}
    for extra in app_modules("audiences"):
        if extra.__name__ == __name__:
            continue
        for audience in getattr(extra, "AUDIENCES", []):
            assert audience.replaces or audience.key not in found, audience.key
            found[audience.key] = audience
    return found


def senders_for(user: User) -> list[Sender]:
    """The organisations a person may send mailings for: their brokers, and the schools where
    they coordinate."""
    memberships = Membership.objects.filter(
        user=user, role__in=[Role.BROKER, Role.COORDINATOR]
    ).select_related("broker", "school")
    return [
        Sender(broker=m.broker) if m.role == Role.BROKER else Sender(school=m.school)
        for m in memberships
    ]


def sender_of(mailing) -> Sender:
    return Sender(broker=mailing.broker, school=mailing.school)
