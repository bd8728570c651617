"""Writes of students: the hour norm per level and cohort, the school's staff (who is mentor of
whom), consent given and withdrawn, and requests to correct or remove data."""

from __future__ import annotations

import datetime

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Membership, Role, User
from stageplein.organisations.models import School
from stageplein.students import consent, signals
from stageplein.students.models import Consent, HourNorm, PrivacyRequest, Student

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
    *,
    school: School,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    by: User,
    staff_code: str = "",
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
    if Membership.objects.filter(user=user, role=role, school=school).exists():
        raise StaffError(_("This person already has this role at the school."))
    staff_code = staff_code.strip().upper()
    try:
        # The database decides whether the code is free (two invites at once included).
        with transaction.atomic():
            Membership.objects.create(user=user, role=role, school=school, staff_code=staff_code)
    except IntegrityError:
        raise StaffError(
            _("Another member of staff already has the code %(code)s.") % {"code": staff_code}
        ) from None
    transaction.on_commit(
        lambda: send_mail(
            _("You have been added to Stageplein"),
            # Staff sign in with a password (no sign-in links for people who see many
            # students): a new person sets one through "Forgot your password?".
            _(
                "%(by)s added you to %(school)s on Stageplein. Sign in with your e-mail "
                "address; the first time, choose a password with “Forgot your password?” on "
                "the sign-in page."
            )
            % {"by": by.get_full_name() or by.email, "school": school.name},
            None,
            [email],
        )
    )
    return user


@transaction.atomic
def staff_deactivate(*, school: School, user: User, by: User) -> int:
    """Someone leaves the school: their mentor and coordinator roles at this school end (their
    other sessions end with the role, signin/receivers), the students they mentored here get no
    mentor (the coordinators approve for them meanwhile), and an account with no role left
    can no longer sign in. Returns the number of students who lost their mentor."""
    if user.pk == by.pk:
        raise StaffError(_("You cannot deactivate yourself; ask another coordinator."))
    roles = Membership.objects.filter(user=user, school=school, role__in=STAFF_ROLES)
    if not roles.exists():
        raise StaffError(_("This person has no role at the school."))
    for membership in roles:
        membership.delete()  # one by one: the post_delete receiver ends their sessions
    orphans = Student.objects.filter(school=school, mentor=user).update(mentor=None)
    if not Membership.objects.filter(user=user).exists():
        User.objects.filter(pk=user.pk).update(is_active=False)
    return orphans


@transaction.atomic
def mentor_assign_class(*, school: School, class_name: str, mentor: User, by: User) -> int:
    """Make ``mentor`` the mentor of every current student of the class: the mentor's
    "my students" list and the internships they approve follow from it."""
    if not Membership.objects.filter(user=mentor, role=Role.MENTOR, school=school).exists():
        raise StaffError(_("Only a mentor of this school can be assigned."))
    return Student.objects.filter(
        school=school, class_name=class_name, left_on__isnull=True
    ).update(mentor=mentor)


@transaction.atomic
def mentor_assign_students(
    *, school: School, students: list[Student], mentor: User | None, by: User
) -> int:
    """Make ``mentor`` the mentor of single students of the school (a student in another class
    than the mentor's, a new arrival); ``None`` leaves them without a mentor (the coordinators
    approve for them meanwhile). Returns the number of students changed."""
    if (
        mentor is not None
        and not Membership.objects.filter(user=mentor, role=Role.MENTOR, school=school).exists()
    ):
        raise StaffError(_("Only a mentor of this school can be assigned."))
    if any(s.school_id != school.pk for s in students):
        raise StaffError(_("Only students of this school can be assigned."))
    changing = Student.objects.filter(pk__in=[s.pk for s in students])
    if mentor is None:
        return changing.filter(mentor__isnull=False).update(mentor=None)
    return changing.exclude(mentor=mentor).update(mentor=mentor)


# -- consent (R-PRIV-1, issue 13) ----------------------------------------------------------------


def _name(user: User) -> str:
    return (user.get_full_name() or user.email or str(user))[:200]


def consent_give(*, actor: User, student: Student, purpose: str, as_role: str) -> Consent:
    """Record consent for ``purpose`` with the current text version, as shown in the person's
    language. Giving it while it is in force changes nothing (the first record stays)."""
    text = consent.TEXTS[purpose]
    try:
        with transaction.atomic():
            return Consent.objects.create(
                student=student,
                purpose=purpose,
                text_version=text.version,
                text=f"{text.text}\n\n{text.without}",
                given_by=actor,
                given_by_name=_name(actor),
                given_as=as_role,
                given_at=timezone.now(),
            )
    except IntegrityError:
        # consent_one_in_force: someone (the other parent) gave it a moment ago.
        return Consent.objects.get(student=student, purpose=purpose, withdrawn_at__isnull=True)


@transaction.atomic
def consent_withdraw(*, actor: User, student: Student, purpose: str) -> bool:
    """Withdraw the consent in force for ``purpose``; the apps that acted on it undo what it
    allowed (``consent_withdrawn``). False when there was none to withdraw."""
    # The guarded UPDATE makes two withdrawals at once send the follow-up once.
    withdrawn = Consent.objects.filter(
        student=student, purpose=purpose, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now(), withdrawn_by=actor, withdrawn_by_name=_name(actor))
    if withdrawn:
        signals.consent_withdrawn.send(sender=Consent, student=student, purpose=purpose, by=actor)
    return bool(withdrawn)


def student_mark_left(*, student: Student, on: datetime.date, by: User | None) -> bool:
    """The student left the school (the school system says so, issue 17). Their history stays:
    hours, internships and reports are kept, as when a file import leaves them out. Idempotent:
    a student who already left keeps the first date (False)."""
    return bool(Student.objects.filter(pk=student.pk, left_on__isnull=True).update(left_on=on))


# -- correction and removal requests (AVG art. 16, 17; issue 13) --------------------------------

# AVG art. 12(3): an answer within one month.
ANSWER_WITHIN = datetime.timedelta(days=30)


class PrivacyRequestError(Exception):
    """The request cannot change this way; the message is shown to the person."""


def privacy_request_file(
    *, actor: User, student: Student, kind: str, text: str, as_role: str
) -> PrivacyRequest:
    with transaction.atomic():
        request = PrivacyRequest.objects.create(
            student=student,
            kind=kind,
            text=text.strip()[:2000],
            requested_by=actor,
            requested_by_name=_name(actor),
            requested_as=as_role,
            due_on=timezone.localdate() + ANSWER_WITHIN,
        )
        signals.privacy_request_filed.send(sender=PrivacyRequest, privacy_request=request)
    return request


@transaction.atomic
def privacy_request_handle(
    *, actor: User, privacy_request: PrivacyRequest, status: str, answer: str
) -> PrivacyRequest:
    """Close a request as done or refused, with the answer the person reads. The row lock
    makes a second coordinator's answer fail instead of overwriting the first; ``save`` leaves
    the audit entry (actor from the request)."""
    if status not in (PrivacyRequest.Status.DONE, PrivacyRequest.Status.REFUSED):
        raise PrivacyRequestError(_("Choose done or refused."))
    if status == PrivacyRequest.Status.REFUSED and not answer.strip():
        raise PrivacyRequestError(_("Say why the request is refused."))
    locked = PrivacyRequest.objects.select_for_update().get(pk=privacy_request.pk)
    if locked.status != PrivacyRequest.Status.OPEN:
        raise PrivacyRequestError(_("This request has been answered already."))
    locked.status = status
    locked.answer = answer.strip()[:2000]
    locked.handled_by = actor
    locked.handled_by_name = _name(actor)
    locked.handled_at = timezone.now()
    locked.save()
    signals.privacy_request_handled.send(sender=PrivacyRequest, privacy_request=locked)
    return locked


@transaction.atomic
def school_profile_save(
    *,
    school: School,
    by: User,
    contact_name: str,
    contact_phone: str,
    contact_email: str,
    own_placements_allowed: bool,
    own_placement_min_hours: int,
    requires_parent_signature_until_age: int,
    own_placements_outside_region: bool = False,
    own_projects_allowed: bool = True,
    location_levels: dict[int, list[str]] | None = None,
) -> School:
    """The coordinator keeps the school's profile: the contact providers see (the booklet: the
    coordinator is the providers' contact) and the school's own rules. Own placements registered
    from now on meet the rules (those already waiting keep the rules they were registered
    under). A location offers only levels the school offers. Audited (auditlog)."""
    school.contact_name = contact_name.strip()
    school.contact_phone = contact_phone.strip()
    school.contact_email = contact_email.strip().lower()
    school.own_placements_allowed = own_placements_allowed
    school.own_placement_min_hours = own_placement_min_hours
    school.own_placements_outside_region = own_placements_outside_region
    school.own_projects_allowed = own_projects_allowed
    school.requires_parent_signature_until_age = requires_parent_signature_until_age
    school.save(
        update_fields=[
            "contact_name",
            "contact_phone",
            "contact_email",
            "own_placements_allowed",
            "own_placement_min_hours",
            "own_placements_outside_region",
            "own_projects_allowed",
            "requires_parent_signature_until_age",
        ]
    )
    offered = set(school.levels)
    for location in school.locations.filter(pk__in=list(location_levels or {})):
        wanted = (location_levels or {})[location.pk]
        if not set(wanted) <= offered:
            raise StaffError(_("A location offers only levels the school offers."))
        # In the order of the school's list, so the page reads the same way everywhere.
        levels = [level for level in school.levels if level in wanted]
        if levels != location.levels:
            location.levels = levels
            location.save(update_fields=["levels"])
    return school
