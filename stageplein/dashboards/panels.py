"""One panel per role on the home page. Each function gets the person's scope and returns the
context for its partial in dashboards/home.html; a person with several roles sees several."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from stageplein.accounts.access import Scope
from stageplein.accounts.models import Role
from stageplein.dashboards.figures import municipality_figures, region_figures
from stageplein.internships.models import HourEntry, Internship
from stageplein.organisations.models import Broker, Provider, School
from stageplein.students.models import Student
from stageplein.students.selectors import (
    NormTable,
    attach_progress,
    progress_of,
    with_progress,
    yearly_target_hours,
)


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
    norms = NormTable()
    schools = []
    for school in School.objects.filter(pk__in=scope.coordinator_schools):
        classes: dict[str, dict[str, Any]] = {}
        rows = with_progress(school.students.filter(left_on__isnull=True)).values_list(  # type: ignore[misc]
            "class_name", "level", "cohort", "verified_hours"
        )
        totals = {"students": 0, "reached": 0, "started": 0, "none": 0}
        for class_name, level, cohort, done in rows:
            c = classes.setdefault(
                class_name, {"name": class_name, "students": 0, "reached": 0, "none": 0, "pct": 0}
            )
            norm = norms.norm(level, cohort)
            c["students"] += 1
            totals["students"] += 1
            c["pct"] += min(100, int(100 * done / norm)) if norm else 100
            if done >= norm:
                c["reached"] += 1
                totals["reached"] += 1
            elif done:
                totals["started"] += 1
            else:
                c["none"] += 1
                totals["none"] += 1
        for c in classes.values():
            c["pct"] = round(c["pct"] / c["students"]) if c["students"] else 0
        schools.append(
            {
                "school": school,
                "classes": sorted(classes.values(), key=lambda c: c["name"]),
                **totals,
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
    return {"municipalities": municipality_figures(scope.municipalities)}


def national_panel(scope: Scope) -> dict[str, Any]:
    return {"regions": region_figures()}


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
