"""One panel per role on the home page. Each function gets the person's scope and returns the
context for its partial in dashboards/home.html; a person with several roles sees several."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from stageplein.accounts.access import Scope
from stageplein.accounts.models import Role
from stageplein.dashboards.figures import municipality_figures, region_counts
from stageplein.dashboards.progress import STATUS_ORDER, StudentStatus
from stageplein.dashboards.selectors import class_rows, reports_waiting, school_totals
from stageplein.geo.models import Municipality
from stageplein.internships.models import HourEntry, Internship
from stageplein.internships.progress import attach_progress, progress_of, with_progress
from stageplein.organisations.models import Broker, Provider, School
from stageplein.students.models import Student
from stageplein.students.selectors import yearly_target_hours


def student_panel(scope: Scope) -> dict[str, Any]:
    assert scope.student_id is not None
    student = Student.objects.select_related("school", "mentor").get(pk=scope.student_id)
    internships = list(
        Internship.objects.filter(student=student)
        .select_related("provider")
        .annotate(
            verified=Sum("hours__hours", filter=Q(hours__status=HourEntry.Status.VERIFIED)),
            waiting=Count("hours", filter=Q(hours__status=HourEntry.Status.SUBMITTED)),
        )
    )
    return {
        "student": student,
        "progress": progress_of(student),
        "target": yearly_target_hours(student),
        "internships": internships,
    }


def parent_panel(scope: Scope) -> dict[str, Any]:
    children = attach_progress(
        list(
            with_progress(Student.objects.filter(pk__in=scope.guardian_of)).select_related(
                "user", "school"
            )
        )
    )
    return {"children": children}


def coordinator_panel(scope: Scope) -> dict[str, Any]:
    """Per school the headline of the school overview: students by status, falling behind,
    reports waiting (the overview itself has the classes and the lists)."""

    schools = []
    for school in School.objects.filter(pk__in=scope.coordinator_schools).order_by("name"):
        total = school_totals(class_rows(school))
        schools.append(
            {
                "school": school,
                "total": total,
                "statuses": [(s, StudentStatus(s).label, total.by_status[s]) for s in STATUS_ORDER],
                "reports": reports_waiting(scope, school).count(),
            }
        )
    return {"schools": schools}


def mentor_panel(scope: Scope) -> dict[str, Any]:
    mentees = attach_progress(
        list(
            with_progress(
                Student.objects.filter(
                    mentor_id=scope.user_id,
                    school_id__in=scope.mentor_schools,
                    left_on__isnull=True,
                )
            )
            .select_related("user")
            .order_by("class_name", "user__last_name")
        )
    )
    return {"mentees": mentees}


def provider_panel(scope: Scope) -> dict[str, Any]:
    providers = (
        Provider.objects.filter(pk__in=scope.contact_providers)
        .select_related("sector", "municipality")
        .prefetch_related("locations__postcode")
        .annotate(
            active=Count(
                "internships",
                filter=Q(
                    internships__status__in=[Internship.Status.PLANNED, Internship.Status.ACTIVE]
                ),
            ),
            completed=Count(
                "internships", filter=Q(internships__status=Internship.Status.COMPLETED)
            ),
        )
    )
    return {"providers": providers}


def supervisor_panel(scope: Scope) -> dict[str, Any]:
    internships = (
        Internship.objects.filter(
            supervisor_id=scope.user_id,
            provider_id__in=scope.supervisor_providers,
            status__in=[Internship.Status.PLANNED, Internship.Status.ACTIVE],
        )
        .select_related("student__user", "provider")
        .annotate(waiting=Count("hours", filter=Q(hours__status=HourEntry.Status.SUBMITTED)))
    )
    return {"internships": internships, "student_supervisor": scope.student_supervisor}


def broker_panel(scope: Scope) -> dict[str, Any]:
    brokers = (
        Broker.objects.filter(pk__in=scope.brokers)
        .select_related("region")
        .prefetch_related("municipalities")
    )
    schools = (
        School.objects.filter(municipality_id__in=scope.broker_municipalities)
        .select_related("municipality")
        .annotate(n_students=Count("students", filter=Q(students__left_on__isnull=True)))
        .order_by("name")
    )
    providers = Provider.objects.filter(municipality_id__in=scope.broker_municipalities)
    by_sector = (
        providers.values("sector__code", "sector__name_nl", "sector__name_en")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return {
        "brokers": brokers,
        "schools": schools,
        "providers_total": providers.count(),
        "providers_by_sector": by_sector,
    }


def municipality_panel(scope: Scope) -> dict[str, Any]:

    return {
        "municipalities": [
            (m, municipality_figures(m.pk))
            for m in Municipality.objects.filter(pk__in=scope.municipalities).order_by("name")
        ]
    }


def national_panel(scope: Scope) -> dict[str, Any]:
    return {"regions": region_counts()}


PANELS = {
    Role.STUDENT: student_panel,
    Role.PARENT: parent_panel,
    Role.COORDINATOR: coordinator_panel,
    Role.MENTOR: mentor_panel,
    Role.PROVIDER_CONTACT: provider_panel,
    Role.SUPERVISOR: supervisor_panel,
    Role.BROKER: broker_panel,
    Role.MUNICIPALITY: municipality_panel,
    Role.NATIONAL: national_panel,
}
