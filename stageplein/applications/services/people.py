"""Who is told about a reaction: the provider's contacts, the school's, the brokers, the
guardians."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stageplein.accounts.models import Membership, Role, User
from stageplein.applications.models import (
    Application,
)
from stageplein.notifications.services import notify_many
from stageplein.placements.services import provider_contacts
from stageplein.students.models import Guardianship, Student


def provider_people_of(app: Application) -> list[User]:
    people = provider_contacts(app.placement.provider_id)
    contact = app.placement.contact
    if contact is not None and contact.is_active and contact not in people:
        people.append(contact)
    return people


def school_people_of(student: Student, everyone: bool = False) -> list[User]:
    """Who approves for the school: the mentor, or the coordinators when there is none."""
    coordinators = list(
        User.objects.filter(
            memberships__role=Role.COORDINATOR,
            memberships__school_id=student.school_id,
            is_active=True,
        ).distinct()
    )
    mentor = student.mentor if student.mentor_id else None
    if mentor is not None and mentor.is_active:
        return [mentor, *coordinators] if everyone else [mentor]
    return coordinators


def broker_people_of(app: Application) -> list[User]:
    municipalities = {app.student.school.municipality_id}
    return list(
        User.objects.filter(
            memberships__role=Role.BROKER,
            memberships__broker__municipalities__in=municipalities,
            is_active=True,
        ).distinct()
    )


def guardians_of(student: Student) -> list[User]:
    ids = Guardianship.objects.filter(student=student).values("guardian_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def notify_about(recipients: Iterable[User], app: Application, kind: str, title: str) -> None:
    """Titles travel by e-mail: they name the placement, never another person."""
    url = reverse("application_detail", args=[app.pk])
    with translation.override(settings.LANGUAGE_CODE):
        text = _(title) % {"title": app.placement.title}
    once = list({user.pk: user for user in recipients}.values())
    notify_many(once, kind=kind, title=text[:200], url=url)


def notify_accepted(app: Application) -> None:
    app = Application.objects.select_related("placement", "student__user", "student__mentor").get(
        pk=app.pk
    )
    notify_about(
        [app.student.user],
        app,
        "application_accepted",
        gettext_noop("You were accepted for “%(title)s”: now your school approves it"),
    )
    notify_about(
        school_people_of(app.student),
        app,
        "application_accepted",
        gettext_noop("A student waits for your approval for “%(title)s”"),
    )


def is_provider_member(user: User, provider_id: int) -> bool:
    return Membership.objects.filter(user=user, provider_id=provider_id).exists()
