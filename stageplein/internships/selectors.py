"""Reads of internships, always scoped to the person (see stageplein.accounts.access).

``internships_visible_to`` decides who sees an internship at all (404 for everyone else);
``InternshipAccess`` decides, per internship, what each person may do on it (403 otherwise).
Views and templates ask these two and never look at roles themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope
from stageplein.accounts.models import Membership, Role
from stageplein.internships.models import (
    Certificate,
    Contract,
    ContractTemplate,
    GroupActivity,
    HourEntry,
    Internship,
    Party,
    Report,
)
from stageplein.students.models import Student


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
        # R-HOURS-6: when the school is the provider, its staff supervise the internship.
        (bool(staff), Q(provider__school_id__in=staff, student__school_id__in=staff)),
        (bool(scope.providers), Q(provider_id__in=scope.providers)),
        (
            bool(scope.broker_municipalities),
            Q(student__school__municipality_id__in=scope.broker_municipalities)
            | Q(provider__municipality_id__in=scope.broker_municipalities),
        ),
    )
    return Internship.objects.filter(condition)


def may_list_internships(scope: Scope) -> bool:
    return scope.is_admin or bool(
        scope.student_id is not None
        or scope.guardian_of
        or scope.school_staff_schools
        or scope.providers
        or scope.brokers
    )


def get_internship_for_user(request: HttpRequest, pk: int) -> Internship:
    return get_object_or_404(
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
    admin: bool = False

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
        or internship.provider.school_id == student.school_id
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
        admin=scope.is_admin,
    )


def access_for_request(request: HttpRequest, internship: Internship) -> InternshipAccess:
    return access_to(get_scope(request), internship)


# -- contracts -------------------------------------------------------------------------------


def current_contract(internship: Internship) -> Contract | None:
    return (
        Contract.objects.filter(internship=internship, superseded_at__isnull=True)
        .prefetch_related("signatures__signed_by")
        .first()
    )


def contract_template_for_school(school_id: int, region_id: int) -> ContractTemplate | None:
    """The school's own template, else its region's, else None (the platform's default)."""
    templates = {
        ("school" if t.school_id else "region"): t
        for t in ContractTemplate.objects.filter(Q(school_id=school_id) | Q(region_id=region_id))
    }
    return templates.get("school") or templates.get("region")


def missing_parties(contract: Contract) -> list[str]:
    signed = {s.party for s in contract.signatures.all()}
    return [p for p in contract.required_parties if p not in signed]


# -- hours -----------------------------------------------------------------------------------


def counting_hours(internship: Internship) -> Decimal:
    total = HourEntry.objects.counting().filter(internship=internship).aggregate(t=Sum("hours"))
    return total["t"] or Decimal(0)


def entries_to_verify(scope: Scope) -> QuerySet[HourEntry]:
    """Hours waiting for this person's confirmation: at their organisation, at their school when
    it is the provider, or with a scanned paper log at a school that accepts those."""
    staff = scope.school_staff_schools
    condition = any_of(
        (bool(scope.providers), Q(internship__provider_id__in=scope.providers)),
        (
            bool(staff),
            Q(
                internship__provider__school_id__in=staff,
                internship__student__school_id__in=staff,
            ),
        ),
        (
            bool(staff),
            Q(internship__student__school_id__in=staff) & ~Q(paper_log=""),
        ),
    )
    return (
        HourEntry.objects.filter(condition, status=HourEntry.Status.SUBMITTED)
        .exclude(internship__status=Internship.Status.CANCELLED)
        .select_related("internship__student__user", "internship__provider")
        .order_by("date", "created_at")
    )


def may_verify_entries(scope: Scope) -> bool:
    return bool(scope.providers or scope.school_staff_schools)


def school_accepts_paper_logs(internship: Internship) -> bool:
    school = internship.student.school
    template = contract_template_for_school(school.pk, school.region_id)
    return bool(template and template.accepts_paper_logs)


# -- reports ---------------------------------------------------------------------------------


def reports_by_kind(internship: Internship) -> dict[str, list[Report]]:
    history: dict[str, list[Report]] = {k.value: [] for k in Report.Kind}
    for report in internship.reports.select_related("reviewed_by", "submitted_by").order_by(
        "kind", "-version"
    ):
        history[report.kind].append(report)
    return history


def reports_to_review(scope: Scope) -> QuerySet[Report]:
    return Report.objects.filter(
        status=Report.Status.SUBMITTED,
        internship__in=internships_visible_to(scope).filter(
            student__school_id__in=scope.school_staff_schools
        ),
    ).select_related("internship__student__user")


# -- groups ----------------------------------------------------------------------------------


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


def may_run_group(scope: Scope, activity: GroupActivity) -> bool:
    """Add participants and record sessions: the school's staff."""
    return activity.school_id in scope.school_staff_schools


def may_verify_group(scope: Scope, activity: GroupActivity) -> bool:
    if activity.provider.school_id is not None:
        return activity.provider.school_id in scope.school_staff_schools
    return activity.provider_id in scope.providers


def students_for_group(scope: Scope, school_id: int) -> QuerySet[Student]:
    """Students a mentor or coordinator may add to a group activity of their school."""
    if school_id not in scope.school_staff_schools:
        return Student.objects.none()
    return Student.objects.filter(school_id=school_id, left_on__isnull=True).select_related("user")


# -- certificates ----------------------------------------------------------------------------


def valid_certificate(student: Student) -> Certificate | None:
    return Certificate.objects.filter(student=student, revoked_at__isnull=True).first()


def certificates_visible_to(scope: Scope) -> QuerySet[Certificate]:
    """The student, their parents and their school (coordinators; mentors their mentees')."""
    condition = any_of(
        (scope.is_admin, Q()),
        (scope.student_id is not None, Q(student_id=scope.student_id)),
        (bool(scope.guardian_of), Q(student_id__in=scope.guardian_of)),
        (bool(scope.coordinator_schools), Q(student__school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(student__mentor_id=scope.user_id, student__school_id__in=scope.mentor_schools),
        ),
    )
    return Certificate.objects.filter(condition)


def may_manage_certificates(scope: Scope, student: Student) -> bool:
    return student.school_id in scope.coordinator_schools or (
        student.school_id in scope.mentor_schools and student.mentor_id == scope.user_id
    )


# -- evaluations -----------------------------------------------------------------------------


def evaluation_summary(scope: Scope) -> QuerySet:
    """Per provider and placement: how many evaluations, the average grade (R-INT-4).

    Aggregates only: the people who see it need no names. Providers see their own; schools see
    the providers their students went to; brokers their area's."""
    staff = scope.school_staff_schools
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.providers), Q(provider_id__in=scope.providers)),
        (bool(staff), Q(student__school_id__in=staff)),
        (
            bool(scope.broker_municipalities),
            Q(provider__municipality_id__in=scope.broker_municipalities),
        ),
    )
    from django.db.models import Avg

    return (
        Internship.objects.filter(condition)
        .filter(Q(student_evaluation__isnull=False) | Q(provider_assessment__isnull=False))
        # Per placement where the internship came from the vacancy bank (two placements may
        # share a title), else per title.
        .values("provider_id", "provider__name", "application__placement_id", "title")
        .annotate(
            evaluations=Count("student_evaluation"),
            average=Avg("student_evaluation__grade"),
            assessments=Count("provider_assessment"),
            attendance_good=Count(
                "provider_assessment", filter=Q(provider_assessment__attendance="good")
            ),
            effort_good=Count("provider_assessment", filter=Q(provider_assessment__effort="good")),
        )
        .order_by("provider__name", "title")
    )


def may_see_evaluation_summary(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.providers or scope.school_staff_schools or scope.brokers)
