"""Mailing audiences that need the vacancy bank (see stageplein/mailings/audiences.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.access import Scope
from stageplein.accounts.models import User
from stageplein.applications.selectors import students_without_place
from stageplein.mailings.audiences import Audience, Sender, students_in_scope


def _scope_of(sender: Sender) -> Scope:
    """The scope a school or broker has over students, for the vacancy bank's selector."""
    if sender.school is not None:
        return Scope(coordinator_schools=frozenset({sender.school.pk}))
    assert sender.broker is not None
    return Scope(
        brokers=frozenset({sender.broker.pk}),
        broker_regions=frozenset({sender.broker.region_id}),
        broker_municipalities=frozenset(sender.broker.municipalities.values_list("pk", flat=True)),
    )


def students_without_placement(sender: Sender, options: dict) -> QuerySet[User]:
    """R-MATCH-2: students with no accepted or approved reaction and no running internship
    this school year (the mailings app's own version only knew about internships)."""
    # The same people as the mailings app's other student audiences (students of the sender's
    # schools), minus those with a place.
    students = students_without_place(_scope_of(sender)).filter(
        pk__in=students_in_scope(sender).values("pk")
    )
    if options.get("year"):
        students = students.filter(year=int(options["year"]))
    return User.objects.filter(is_active=True, student__in=students)


AUDIENCES = [
    Audience(
        "students_without_placement",
        _("Students without a placement"),
        students_without_placement,
        uses_year=True,
        replaces=True,
    )
]
