"""Who may print sign-in cards, run a class sign-in, and be signed in by one
(docs/architecture.md: permissions live here)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, build_scope, get_scope
from stageplein.accounts.models import Role, User
from stageplein.organisations.models import School
from stageplein.signin.models import ClassSignin
from stageplein.students.models import Student


def may_print_signin_cards(scope: Scope, school: School) -> bool:
    """The school's coordinators hand out the cards (and reissue a lost one)."""
    return scope.is_admin or school.pk in scope.coordinator_schools


def may_run_class_signin(scope: Scope, school: School) -> bool:
    return scope.is_admin or school.pk in scope.school_staff_schools


def class_signin_classes(scope: Scope, school: School) -> list[str]:
    """The classes a person may run a class sign-in for: a coordinator every class of the
    school, a mentor the classes of their own mentees."""
    students = school.students.filter(left_on__isnull=True).exclude(class_name="")
    if not (scope.is_admin or school.pk in scope.coordinator_schools):
        students = students.filter(mentor_id=scope.user_id)
    return list(students.values_list("class_name", flat=True).distinct().order_by("class_name"))


def may_sign_in_without_email(user: User) -> bool:
    """Cards and class codes are for students only: never for anyone who also holds a staff,
    parent or organisation role, whose account guards other people's data. Checked when a
    card is printed and again when it is used (a role may have been granted since)."""
    if not user.is_active or user.is_staff or user.is_superuser:
        return False
    return build_scope(user).roles == [Role.STUDENT]


def card_students(school: School) -> QuerySet[Student]:
    return school.students.filter(left_on__isnull=True).select_related("user")


def class_signins_visible_to(scope: Scope) -> QuerySet[ClassSignin]:
    """Whoever started a class sign-in, and the school's coordinators, see its screen."""
    if scope.is_admin:
        return ClassSignin.objects.all()
    return ClassSignin.objects.filter(school_id__in=scope.school_staff_schools).filter(
        started_by_id=scope.user_id
    ) | ClassSignin.objects.filter(school_id__in=scope.coordinator_schools)


def get_class_signin_for_user(request: HttpRequest, pk: int) -> ClassSignin:
    return get_object_or_404(
        class_signins_visible_to(get_scope(request)).select_related("school"), pk=pk
    )


def second_factor_resettable_by(scope: Scope) -> QuerySet[User]:
    """Whose second factor a person may reset (someone who lost their phone): a coordinator
    their school's mentors who hold no other staff role, an administrator anyone else. Nobody
    their own: that goes through allauth's pages, which ask for the factor first."""
    if scope.user_id is None:
        return User.objects.none()
    if scope.is_admin:
        return User.objects.exclude(pk=scope.user_id)
    if not scope.coordinator_schools:
        return User.objects.none()
    higher = [r.value for r in (Role.COORDINATOR, Role.BROKER, Role.MUNICIPALITY, Role.NATIONAL)]
    return (
        User.objects.filter(
            memberships__role=Role.MENTOR, memberships__school_id__in=scope.coordinator_schools
        )
        .exclude(memberships__role__in=higher)
        .exclude(is_staff=True)
        .exclude(is_superuser=True)
        .exclude(pk=scope.user_id)
        .distinct()
    )


def may_reset_second_factor(scope: Scope, user: User) -> bool:
    return second_factor_resettable_by(scope).filter(pk=user.pk).exists()


def get_resettable_user_for_user(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(second_factor_resettable_by(get_scope(request)), pk=pk)


def may_sign_on_as_student(user: User, school: School) -> bool:
    """School single sign-on as a student: the school's own current student, and nothing else
    (the same rule as cards: an account that also guards other people's data never signs in
    on a school's word alone)."""
    student = getattr(user, "student", None)
    return (
        may_sign_in_without_email(user)
        and student is not None
        and student.school_id == school.pk
        and student.left_on is None
    )


def may_sign_on_as_staff(user: User, school: School) -> bool:
    """School single sign-on as staff: a coordinator or mentor of that school. Platform
    administrators never: their account guards every school, not one school's provider."""
    if not user.is_active or user.is_staff or user.is_superuser:
        return False
    return school.pk in build_scope(user).school_staff_schools
