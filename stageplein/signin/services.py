"""Sign-in cards and class sign-ins: issuing, using and closing (docs/signin.md).

Using a code is one guarded UPDATE (``used_at IS NULL AND revoked_at IS NULL AND expires_at >
now``), so two phones scanning the same card at the same moment can never both get in.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.organisations.models import School
from stageplein.signin.access import may_sign_in_without_email
from stageplein.signin.codes import CARD_LENGTH, CLASS_LENGTH, code_hash, new_code
from stageplein.signin.models import ClassSignin, ClassSigninAttempt, SigninCard
from stageplein.students.models import Student


class Outcome(enum.StrEnum):
    OK = "ok"
    USED = "used"
    REPLACED = "replaced"
    EXPIRED = "expired"
    UNKNOWN = "unknown"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class IssuedCard:
    student: Student
    code: str
    expires_at: datetime.datetime


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    user: User | None = None


def card_validity() -> datetime.timedelta:
    return datetime.timedelta(days=settings.SIGNIN_CARD_DAYS)


@transaction.atomic
def cards_issue(*, actor: User, students: list[Student]) -> list[IssuedCard]:
    """New cards for these students; their older unused cards stop working. Students who are
    also staff, parents or organisation contacts get none."""
    now = timezone.now()
    eligible = [s for s in students if may_sign_in_without_email(s.user)]
    SigninCard.objects.filter(
        student__in=eligible, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    expires = now + card_validity()
    issued = [IssuedCard(s, new_code(CARD_LENGTH), expires) for s in eligible]
    SigninCard.objects.bulk_create(
        [
            SigninCard(
                student=c.student, code_hash=code_hash(c.code), issued_by=actor, expires_at=expires
            )
            for c in issued
        ]
    )
    return issued


def card_use(*, code: str) -> Result:
    """Use a card: the student the first time, otherwise why not."""
    now = timezone.now()
    hashed = code_hash(code)
    claimed = SigninCard.objects.filter(
        code_hash=hashed, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    card = SigninCard.objects.select_related("student__user").filter(code_hash=hashed).first()
    if card is None:
        return Result(Outcome.UNKNOWN)
    if claimed != 1:
        if card.used_at is not None:
            return Result(Outcome.USED)
        if card.revoked_at is not None:
            return Result(Outcome.REPLACED)
        return Result(Outcome.EXPIRED)
    user = card.student.user
    if not may_sign_in_without_email(user):
        # Became staff (or left) after the card was printed: the card is spent, nobody is in.
        return Result(Outcome.UNKNOWN)
    return Result(Outcome.OK, user)


def class_signin_start(*, actor: User, school: School, class_name: str) -> tuple[ClassSignin, str]:
    """Open a class sign-in; returns it with its code (shown once, on the classroom screen)."""
    expires = timezone.now() + datetime.timedelta(minutes=settings.CLASS_SIGNIN_MINUTES)
    for _attempt in range(5):
        code = new_code(CLASS_LENGTH)
        try:
            with transaction.atomic():
                session = ClassSignin.objects.create(
                    school=school,
                    class_name=class_name,
                    code_hash=code_hash(code),
                    started_by=actor,
                    expires_at=expires,
                )
            return session, code
        except IntegrityError:  # the same code as an earlier session: draw again
            continue
    raise RuntimeError("could not draw a free class code")


def class_signin_open(*, code: str) -> ClassSignin | None:
    return ClassSignin.objects.filter(
        code_hash=code_hash(code), closed_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def class_signin_is_open(session: ClassSignin) -> bool:
    return session.closed_at is None and session.expires_at > timezone.now()


def class_signin_students(session: ClassSignin):
    return (
        Student.objects.filter(
            school_id=session.school_id, class_name=session.class_name, left_on__isnull=True
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def class_signin_confirm(
    *, session: ClassSignin, student_id: int, date_of_birth: datetime.date | None
) -> Result:
    """A student picked their name and typed their date of birth. Each student gets in once
    per class sign-in and has ``CLASS_SIGNIN_TRIES`` tries (a classmate who knows the
    birthday could otherwise try every name); the row lock makes the count exact."""
    with transaction.atomic():
        student = class_signin_students(session).filter(pk=student_id).first()
        if student is None or not class_signin_is_open(session):
            return Result(Outcome.UNKNOWN)
        attempt, _created = ClassSigninAttempt.objects.get_or_create(
            session=session, student=student
        )
        attempt = ClassSigninAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.signed_in_at is not None:
            return Result(Outcome.USED)
        if attempt.failures >= settings.CLASS_SIGNIN_TRIES:
            return Result(Outcome.LOCKED)
        if date_of_birth != student.date_of_birth:
            ClassSigninAttempt.objects.filter(pk=attempt.pk).update(failures=F("failures") + 1)
            left = settings.CLASS_SIGNIN_TRIES - attempt.failures - 1
            return Result(Outcome.WRONG if left > 0 else Outcome.LOCKED)
        if not may_sign_in_without_email(student.user):
            return Result(Outcome.UNKNOWN)
        ClassSigninAttempt.objects.filter(pk=attempt.pk).update(signed_in_at=timezone.now())
        return Result(Outcome.OK, student.user)


def class_signin_close(*, actor: User, session: ClassSignin) -> None:
    ClassSignin.objects.filter(pk=session.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )


def class_signin_progress(session: ClassSignin) -> list[tuple[Student, bool]]:
    """Who of the class is in: the mentor's screen shows it, so a student signed in by
    someone else is noticed at once."""
    done = set(
        session.attempts.filter(signed_in_at__isnull=False).values_list("student_id", flat=True)
    )
    return [(s, s.pk in done) for s in class_signin_students(session)]


@transaction.atomic
def second_factor_reset(*, actor: User, user: User) -> int:
    """Remove every authenticator of ``user`` (app, passkeys, recovery codes), so that they
    set up a new one at their next sign-in; the audit log keeps who did it. Returns how many
    were removed."""
    removed, _by_model = Authenticator.objects.filter(user=user).delete()
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"second_factor": ["set up" if removed else "none", "reset"]},
        actor=actor,
    )
    return removed
