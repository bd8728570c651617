"""Writes of students: the hour norm per level and cohort, and the school's staff (who is
mentor of whom)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Membership, Role, User
from stageplein.organisations.models import School
from stageplein.students.models import HourNorm, Student

MAX_NORM = 200


class NormError(Exception):
    """A rule stops this change; the message is shown to the person."""


@transaction.atomic
def hour_norm_set(*, level: str, from_cohort: int, hours: int, by: User) -> HourNorm:
    """Set the norm for students of ``level`` entering from school year ``from_cohort`` on.
    Older cohorts keep the norm they started under. Every change is in the audit log (with
    ``by`` as actor through the request's AuditlogMiddleware)."""
    if not 1 <= hours <= MAX_NORM:
        raise NormError(_("A norm lies between 1 and %(max)s hours.") % {"max": MAX_NORM})
    norm = HourNorm.objects.select_for_update().filter(level=level, from_cohort=from_cohort).first()
    if norm is None:
        return HourNorm.objects.create(level=level, from_cohort=from_cohort, hours=hours)
    if norm.hours != hours:
        norm.hours = hours
        norm.save(update_fields=["hours"])
    return norm


class StaffError(Exception):
    """A rule stops this change to the school's staff; the message is shown to the person."""


STAFF_ROLES = (Role.MENTOR, Role.COORDINATOR)


@transaction.atomic
def staff_invite(
    *, school: School, email: str, first_name: str, last_name: str, role: str, by: User
) -> User:
    """A coordinator adds a mentor or coordinator. A new person gets an account without a
    password and an e-mail saying how to sign in (a sign-in link they request themselves)."""
    if role not in {r.value for r in STAFF_ROLES}:
        raise StaffError(_("Invite a mentor or a coordinator."))
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email, None, first_name=first_name.strip(), last_name=last_name.strip()
        )
    _membership, created = Membership.objects.get_or_create(user=user, role=role, school=school)
    if not created:
        raise StaffError(_("This person already has this role at the school."))
    transaction.on_commit(
        lambda: send_mail(
            _("You have been added to Stageplein"),
            _(
                "%(by)s added you to %(school)s on Stageplein. Sign in with your e-mail "
                "address: ask for a sign-in link on the sign-in page."
            )
            % {"by": by.get_full_name() or by.email, "school": school.name},
            None,
            [email],
        )
    )
    return user


@transaction.atomic
def mentor_assign_class(*, school: School, class_name: str, mentor: User, by: User) -> int:
    """Make ``mentor`` the mentor of every current student of the class: the mentor's
    "my students" list and the internships they approve follow from it."""
    if not Membership.objects.filter(user=mentor, role=Role.MENTOR, school=school).exists():
        raise StaffError(_("Only a mentor of this school can be assigned."))
    return Student.objects.filter(
        school=school, class_name=class_name, left_on__isnull=True
    ).update(mentor=mentor)


def school_rules_save(
    *,
    school: School,
    by: User,
    own_placements_allowed: bool,
    own_placement_min_hours: int,
    requires_parent_signature_until_age: int,
) -> School:
    """The coordinator sets the school's rules; own placements registered from now on meet them
    (those already waiting keep the rules they were registered under). Audited (auditlog)."""
    school.own_placements_allowed = own_placements_allowed
    school.own_placement_min_hours = own_placement_min_hours
    school.requires_parent_signature_until_age = requires_parent_signature_until_age
    school.save(
        update_fields=[
            "own_placements_allowed",
            "own_placement_min_hours",
            "requires_parent_signature_until_age",
        ]
    )
    return school
