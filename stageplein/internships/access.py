"""Who may see and do what in internships (docs/architecture.md).

``internships_visible_to`` decides who sees an internship at all (404 for everyone else);
``InternshipAccess`` decides, per internship, what each person may do on it (403 otherwise).
Views and templates ask these and never look at roles themselves; the ``may_*`` functions are
also template filters (``{% load access %}``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope, student_circle
from stageplein.accounts.models import Membership, Role
from stageplein.geo.models import Region
from stageplein.internships.models import (
    Certificate,
    GroupActivity,
    Internship,
    OwnPlacement,
    Party,
)
from stageplein.organisations.models import School
from stageplein.students.models import Student
from stageplein.students.readlog import record_read


def internships_visible_to(scope: Scope) -> QuerySet[Internship]:
    """Internships a person may open: the student's own, their children's, their school's
    (coordinators; mentors only their mentees' and the group internships they run), their
    organisation's, and (read-only) those in a broker's area."""
    staff = scope.school_staff_schools
    condition = any_of(
        (scope.is_admin, Q()),
        (scope.student_id is not None, Q(student_id=scope.student_id)),
        (bool(scope.guardian_of), Q(student_id__in=scope.guardian_of)),
        (bool(scope.coordinator_schools), Q(student__school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(student__mentor_id=scope.user_id, student__school_id__in=scope.mentor_schools)
            | Q(
                group_activity__created_by_id=scope.user_id,
                group_activity__school_id__in=scope.mentor_schools,
            ),
        ),
        # R-HOURS-6: when the school is the provider, its staff supervise the internship. A
        # group internship is the exception (finding 8 of issue 13): its participants are seen
        # by the mentor who runs it (above) and by each participant's own mentor, not by every
        # mentor of the school.
        (
            bool(staff),
            Q(
                provider__school_id__in=staff,
                student__school_id__in=staff,
                group_activity__isnull=True,
            ),
        ),
        (bool(scope.providers), Q(provider_id__in=scope.providers)),
        (
            bool(scope.broker_municipalities),
            Q(student__school__municipality_id__in=scope.broker_municipalities)
            | Q(provider__municipality_id__in=scope.broker_municipalities),
        ),
    )
    return Internship.objects.filter(condition)


def may_list_internships(scope: Scope) -> bool:
    return scope.is_party_to_internships


def get_internship_for_user(request: HttpRequest, pk: int) -> Internship:
    internship = get_object_or_404(
        internships_visible_to(get_scope(request)).select_related(
            "student__user",
            "student__school",
            "student__mentor",
            "provider",
            "supervisor",
            "location__postcode",
            "group_activity",
        ),
        pk=pk,
    )
    # Everything of an internship (contract, hours, logbook, photos, reports) is the student's
    # data, and every page and file of it loads the internship here: one place logs the read.
    record_read(request, internship.student)
    return internship
    return internship


@dataclass(frozen=True)
class InternshipAccess:
    """What one person may do on one internship. Every flag is derived from the scope."""

    student: bool = False
    parent: bool = False
    coordinator: bool = False
    mentor: bool = False
    provider_contact: bool = False
    provider_supervisor: bool = False
    # A supervisor here only as an mbo/hbo student: registers hours and notes, but does not
    # sign for the organisation or do the final evaluation (R-ROLE-3).
    student_supervisor_only: bool = False
    school_is_provider: bool = False
    broker: bool = False
    # A broker of the student's own region (who may open /leerlingen/N/ as well).
    student_region_broker: bool = False
    admin: bool = False

    @property
    def may_see_student_name(self) -> bool:
        """Finding 8 of issue 13: a broker sees an internship at a provider of their region, but
        a student from another region stays unnamed there, as their student page is 404."""
        return (
            self.student
            or self.parent
            or self.school_staff
            or self.provider_staff
            or self.student_region_broker
            or self.admin
        )

    @property
    def school_staff(self) -> bool:
        return self.coordinator or self.mentor

    @property
    def provider_staff(self) -> bool:
        return self.provider_contact or self.provider_supervisor

    @property
    def provider_lead(self) -> bool:
        """Speaks for the organisation: signs the contract, assesses the student."""
        return (
            self.provider_contact
            or (self.provider_supervisor and not self.student_supervisor_only)
            or (self.school_is_provider and self.school_staff)
        )

    @property
    def verifier(self) -> bool:
        """Confirms hours (R-HOURS-4): the provider's people, or the school's own staff when the
        school is the provider (R-HOURS-6)."""
        return self.provider_staff or (self.school_is_provider and self.school_staff)

    @property
    def may_see_details(self) -> bool:
        """Contract, hours, logbook and planning: the people involved, not the broker."""
        return self.student or self.parent or self.school_staff or self.provider_staff or self.admin

    @property
    def may_edit_contract(self) -> bool:
        return self.school_staff

    def may_sign(self, party: str) -> bool:
        return {
            Party.STUDENT: self.student,
            Party.PARENT: self.parent,
            Party.SCHOOL: self.school_staff,
            Party.PROVIDER: self.provider_lead,
        }.get(Party(party), False)

    @property
    def may_plan(self) -> bool:
        return self.student or self.school_staff or self.provider_staff

    @property
    def may_log_hours(self) -> bool:
        return self.student or self.verifier

    @property
    def may_write_logbook(self) -> bool:
        return self.student or self.verifier

    @property
    def may_read_reports(self) -> bool:
        return self.student or self.parent or self.school_staff or self.admin

    @property
    def may_submit_reports(self) -> bool:
        return self.student

    @property
    def may_review_reports(self) -> bool:
        """The mentor (or coordinator) approves: the deep evaluation is the school's."""
        return self.school_staff

    @property
    def may_evaluate(self) -> bool:
        return self.student

    @property
    def may_assess(self) -> bool:
        return self.provider_lead

    @property
    def may_report_concern(self) -> bool:
        return self.provider_staff

    @property
    def may_follow_up(self) -> bool:
        return self.school_staff


def access_to(scope: Scope, internship: Internship) -> InternshipAccess:
    student = internship.student
    provider_contact = internship.provider_id in scope.contact_providers
    provider_supervisor = internship.provider_id in scope.supervisor_providers
    student_supervisor_only = False
    if provider_supervisor and not provider_contact and scope.student_supervisor:
        student_supervisor_only = Membership.objects.filter(
            user_id=scope.user_id or 0,
            provider_id=internship.provider_id,
            role=Role.SUPERVISOR,
            is_student_supervisor=True,
        ).exists()
    group = internship.group_activity
    mentor = student.school_id in scope.mentor_schools and (
        student.mentor_id == scope.user_id
        or (group is not None and group.created_by_id == scope.user_id)
        or (group is None and internship.provider.school_id == student.school_id)
    )
    return InternshipAccess(
        student=scope.student_id == student.pk,
        parent=student.pk in scope.guardian_of,
        coordinator=student.school_id in scope.coordinator_schools,
        mentor=mentor,
        provider_contact=provider_contact,
        provider_supervisor=provider_supervisor,
        student_supervisor_only=student_supervisor_only,
        school_is_provider=internship.provider.school_id == student.school_id,
        broker=(
            student.school.municipality_id in scope.broker_municipalities
            or internship.provider.municipality_id in scope.broker_municipalities
        ),
        student_region_broker=student.school.municipality_id in scope.broker_municipalities,
        admin=scope.is_admin,
    )


def may_name_student(scope: Scope, internship: Internship) -> bool:
    """Whether a list names the student of an internship the person may open (finding 8)."""
    return access_to(scope, internship).may_see_student_name


def access_for_request(request: HttpRequest, internship: Internship) -> InternshipAccess:
    return access_to(get_scope(request), internship)


def may_verify_entries(scope: Scope) -> bool:
    return bool(scope.providers or scope.school_staff_schools)


def group_activities_visible_to(scope: Scope) -> QuerySet[GroupActivity]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(created_by_id=scope.user_id, school_id__in=scope.mentor_schools)
            | Q(provider__school_id__in=scope.mentor_schools),
        ),
        (bool(scope.providers), Q(provider_id__in=scope.providers)),
    )
    return GroupActivity.objects.filter(condition)


def may_list_groups(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.school_staff_schools or scope.providers)


def get_group_for_user(request: HttpRequest, pk: int) -> GroupActivity:
    return get_object_or_404(
        group_activities_visible_to(get_scope(request)).select_related("school", "provider"),
        pk=pk,
    )


def group_participants_visible_to(scope: Scope, activity: GroupActivity) -> QuerySet[Internship]:
    """The participants named to this person: exactly those whose internship they may open
    (finding 8 of issue 13). A mentor who does not run the activity sees only their own
    mentees; the others are counted, not named. Coordinators, the mentor who runs it and the
    provider's people see everyone."""
    return activity.internships.filter(pk__in=internships_visible_to(scope).values("pk"))


def may_run_group(scope: Scope, activity: GroupActivity) -> bool:
    """Add participants, record sessions and sign: the school's coordinators and the mentor
    who set the activity up (running it needs every participant's name)."""
    return activity.school_id in scope.coordinator_schools or (
        activity.school_id in scope.mentor_schools and activity.created_by_id == scope.user_id
    )


def may_verify_group(scope: Scope, activity: GroupActivity) -> bool:
    if activity.provider.school_id is not None:
        return may_run_group(scope, activity)
    return activity.provider_id in scope.providers


def certificates_visible_to(scope: Scope) -> QuerySet[Certificate]:
    """The student, their parents and their school (coordinators; mentors their mentees')."""
    condition = student_circle(scope)
    return Certificate.objects.filter(condition)


def may_manage_certificates(scope: Scope, student: Student) -> bool:
    return student.school_id in scope.coordinator_schools or (
        student.school_id in scope.mentor_schools and student.mentor_id == scope.user_id
    )


def may_see_evaluation_summary(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.providers or scope.school_staff_schools or scope.brokers)


def may_edit_contract_templates(scope: Scope) -> bool:
    """A coordinator keeps the school's contract template, a broker the region's (R-INT-1)."""
    return bool(scope.coordinator_schools or scope.broker_regions)


def contract_template_owners(scope: Scope) -> tuple[QuerySet[School], QuerySet[Region]]:
    """The schools and regions whose contract template the person keeps."""
    return (
        School.objects.filter(pk__in=scope.coordinator_schools),
        Region.objects.filter(pk__in=scope.broker_regions),
    )


def may_create_groups(scope: Scope) -> bool:
    """School staff (coordinators and mentors) start group internships for their school."""
    return bool(scope.school_staff_schools)


def group_schools(scope: Scope) -> QuerySet[School]:
    return School.objects.filter(pk__in=scope.school_staff_schools)


# -- the menu and the home page's to-do list: what each person is offered ----------------------


def may_see_verify_menu(scope: Scope) -> bool:
    """The menu's "hours to verify" is the provider's people's daily work."""
    return may_verify_entries(scope) and bool(scope.providers)


def may_see_groups_menu(scope: Scope) -> bool:
    return may_list_groups(scope) and bool(scope.school_staff_schools)


def may_see_evaluations_menu(scope: Scope) -> bool:
    return may_see_evaluation_summary(scope) and bool(scope.providers or scope.brokers)


def may_see_todo(scope: Scope) -> bool:
    """The to-do list at the top of the home page (not for the admin, who has the admin)."""
    return may_list_internships(scope) and not scope.is_admin


def may_review_reports_of_school(scope: Scope) -> bool:
    """Reports to review and concerns to follow up are the school staff's to-dos."""
    return bool(scope.school_staff_schools)


def own_placements_visible_to(scope: Scope) -> QuerySet[OwnPlacement]:
    """Own placements: the student's, their children's, their school's (coordinators; mentors
    only their mentees')."""
    condition = student_circle(scope)
    return OwnPlacement.objects.filter(condition)


def get_own_placement_for_user(request: HttpRequest, pk: int) -> OwnPlacement:
    own_placement = get_object_or_404(
        own_placements_visible_to(get_scope(request)).select_related(
            "student__user", "student__school", "provider", "internship", "decided_by"
        ),
        pk=pk,
    )
    record_read(request, own_placement.student)
    return own_placement


def may_list_own_placements(scope: Scope) -> bool:
    return scope.is_admin or bool(
        scope.student_id is not None or scope.guardian_of or scope.school_staff_schools
    )


def own_placement_students(scope: Scope) -> QuerySet[Student]:
    """For whom a person may register an own placement: themselves, or their children."""
    ids = set(scope.guardian_of)
    if scope.student_id is not None:
        ids.add(scope.student_id)
    return Student.objects.filter(pk__in=ids, left_on__isnull=True).select_related("user")


def may_register_own_placement(scope: Scope) -> bool:
    return scope.student_id is not None or bool(scope.guardian_of)


def may_decide_own_placement(scope: Scope, own_placement: OwnPlacement) -> bool:
    """The school decides: a coordinator of the student's school, or the student's own mentor."""
    student = own_placement.student
    return student.school_id in scope.coordinator_schools or (
        student.school_id in scope.mentor_schools and student.mentor_id == scope.user_id
    )
