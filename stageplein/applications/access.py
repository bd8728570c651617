"""Who may see and do what in applications (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope, student_circle
from stageplein.applications.models import OPEN, Application, Side, Status, WaitingListEntry
from stageplein.placements.access import may_edit_placement
from stageplein.placements.models import Placement
from stageplein.students.models import Student
from stageplein.students.readlog import record_read


def applications_visible_to(scope: Scope) -> QuerySet[Application]:
    condition = any_of(
        (scope.is_admin, Q()),
        (scope.student_id is not None, Q(student_id=scope.student_id)),
        (bool(scope.guardian_of), Q(student_id__in=scope.guardian_of)),
        (bool(scope.coordinator_schools), Q(student__school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(student__mentor_id=scope.user_id, student__school_id__in=scope.mentor_schools),
        ),
        (bool(scope.providers), Q(placement__provider_id__in=scope.providers)),
        (
            bool(scope.broker_municipalities),
            Q(student__school__municipality_id__in=scope.broker_municipalities)
            | Q(placement__provider__municipality_id__in=scope.broker_municipalities),
        ),
    )
    return Application.objects.filter(condition)


def may_list_applications(scope: Scope) -> bool:
    return scope.is_party_to_internships


def get_application_for_user(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(
        applications_visible_to(get_scope(request)).select_related(
            "student__user",
            "student__school",
            "student__mentor",
            "placement__provider",
            "placement__contact",
            "placement__postcode",
            "period",
        ),
        pk=pk,
    )
    # A reaction is the student's data (motivation, messages): every page and action on it
    # loads it here, so one place logs the read (R-PRIV-1).
    record_read(request, application.student)
    return application


def may_decide(scope: Scope, app: Application) -> bool:
    """Accept, decline and flag: the provider's contact people, or the broker on its behalf."""
    provider = app.placement.provider
    return (
        scope.is_admin
        or provider.pk in scope.contact_providers
        or provider.municipality_id in scope.broker_municipalities
    )


def may_flag(scope: Scope, app: Application) -> bool:
    """R-MATCH-5: the provider (or the broker for it) and the school can flag a poor match."""
    return may_decide(scope, app) or may_approve(scope, app)


def is_school_of(scope: Scope, student: Student) -> bool:
    """A coordinator of the student's school or the student's own mentor."""
    return student.school_id in scope.coordinator_schools or (
        student.mentor_id == scope.user_id and student.school_id in scope.mentor_schools
    )


def may_approve(scope: Scope, app: Application) -> bool:
    """The school approves: a coordinator of the student's school or the student's mentor."""
    return scope.is_admin or is_school_of(scope, app.student)


def may_react_for_students(scope: Scope) -> bool:
    """School mediation (R-MATCH-8): a coordinator or mentor reacts on a student's behalf,
    from a placement's page. Brokers have their own way (the matching workspace)."""
    return bool(scope.coordinator_schools or scope.mentor_schools)


def students_to_react_for(scope: Scope) -> QuerySet[Student]:
    """For whom: the current students of the coordinator's school, a mentor's own students."""
    condition = any_of(
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(mentor_id=scope.user_id, school_id__in=scope.mentor_schools),
        ),
    )
    return Student.objects.filter(condition, left_on__isnull=True).select_related("user")


def withdraw_side(scope: Scope, app: Application) -> str | None:
    """On whose behalf this person withdraws, or None when they may not."""
    if app.status not in OPEN:
        return None
    if scope.student_id == app.student_id:
        return Side.STUDENT
    if may_approve(scope, app) and not scope.is_admin:
        return Side.SCHOOL
    # A provider answers a waiting reaction by declining it; it withdraws only what it accepted.
    if app.status != Status.ACCEPTED:
        return None
    if app.placement.provider_id in scope.contact_providers:
        return Side.PROVIDER
    if scope.broker_municipalities and (
        app.placement.provider.municipality_id in scope.broker_municipalities
        or app.student.school.municipality_id in scope.broker_municipalities
    ):
        return Side.BROKER
    if scope.is_admin:
        return Side.BROKER
    return None


def may_resolve_flag(scope: Scope, app: Application) -> bool:
    return app.is_flagged and (
        may_approve(scope, app) or app.student.school.municipality_id in scope.broker_municipalities
    )


def may_message(scope: Scope, app: Application) -> bool:
    """The conversation is between the student and the provider; school and broker read it."""
    if app.status in (Status.DECLINED, Status.WITHDRAWN):
        return False
    return scope.student_id == app.student_id or app.placement.provider_id in scope.providers


def may_see_provider_contact(scope: Scope, app: Application) -> bool:
    """Students see the provider's phone and e-mail only once the school approved the match."""
    if scope.student_id == app.student_id or app.student_id in scope.guardian_of:
        return app.status == Status.APPROVED
    return True


def may_see_placement_contact(scope: Scope, placement: Placement) -> bool:
    """Students and parents see the provider's phone and e-mail only once the school has
    approved a match at this placement (R-PLACE-4): before that, contact goes through us."""
    if scope.is_admin or scope.school_staff_schools or scope.brokers or scope.providers:
        return True
    students = set(scope.guardian_of)
    if scope.student_id is not None:
        students.add(scope.student_id)
    return Application.objects.filter(
        placement=placement, student_id__in=students, status=Status.APPROVED
    ).exists()


def may_withdraw(scope: Scope, app: Application) -> bool:
    """Whether someone may withdraw at all; it does not depend on the status (a reaction that
    can no longer be withdrawn is a refusal with a message, see withdraw_side)."""
    return scope.student_id == app.student_id or may_approve(scope, app) or may_decide(scope, app)


def may_mark_flag_solved(scope: Scope, app: Application) -> bool:
    """The school, or the broker of the student's school's municipality, marks a flag solved
    (whether a flag is open is the service's refusal, not an access question)."""
    return may_approve(scope, app) or (
        app.student.school.municipality_id in scope.broker_municipalities
    )


def may_write_message(scope: Scope, app: Application) -> bool:
    """The conversation is between the student and the provider (the status is the service's
    refusal)."""
    return scope.student_id == app.student_id or app.placement.provider_id in scope.providers


def may_see_reaction_counts(scope: Scope, placement: Placement) -> bool:
    """The placement page's counts of reactions: for those who edit the placement and for the
    provider's own people."""
    return may_edit_placement(scope, placement) or placement.provider_id in scope.providers


def decides_in_reaction_order(scope: Scope) -> bool:
    """Provider people (who are not students themselves) see reactions oldest first, per
    placement: they decide in reaction order (R-MATCH-4)."""
    return bool(scope.providers) and scope.student_id is None


def waiting_list_visible_to(scope: Scope) -> QuerySet[WaitingListEntry]:
    """The student's own places on waiting lists, their parents', the school's."""
    condition = student_circle(scope)
    return WaitingListEntry.objects.filter(condition)


def may_see_waiting_list(scope: Scope) -> bool:
    return scope.is_admin or bool(
        scope.student_id is not None or scope.guardian_of or scope.school_staff_schools
    )


def get_waiting_list_entry_for_user(request: HttpRequest, pk: int) -> WaitingListEntry:
    return get_object_or_404(
        waiting_list_visible_to(get_scope(request)).select_related(
            "student__user", "period__placement__provider"
        ),
        pk=pk,
    )


def may_answer_waiting_list(scope: Scope, entry: WaitingListEntry) -> bool:
    """Accepting an offer or leaving the list is the student's own choice, or a parent's."""
    return scope.student_id == entry.student_id or entry.student_id in scope.guardian_of
