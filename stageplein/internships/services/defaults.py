"""Defaults an internship starts with: rules of conduct, guidance by level and year (R-INT-5)
and the contract terms of the school's or region's template."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from stageplein.internships.models import (
    GuidanceBy,
    Insurance,
    Internship,
)
from stageplein.internships.selectors import contract_template_for_school
from stageplein.organisations.models import Level, School
from stageplein.students.consent import consent_in_force
from stageplein.students.models import ConsentPurpose, Student


def default_rules_of_conduct() -> str:
    return "\n".join(
        str(rule)
        for rule in (
            _("Be on time. If you cannot come, tell your supervisor beforehand."),
            _("Follow the instructions of your supervisor at the organisation."),
            _(
                "Keep to yourself what you hear about clients, residents or members: "
                "it is confidential."
            ),
            _("Do only tasks that suit your age; say no to tasks that feel unsafe."),
            _("Tell your mentor if something goes wrong or does not feel right."),
        )
    )


def suggested_guidance(student: Student, kind: str, sharing: bool | None = None) -> dict:
    """R-INT-5: what guidance a student needs, from level, year and type of internship.

    Praktijkonderwijs needs a protected setting with a teacher present; first-years and group
    internships go at least in pairs. The school adjusts it per internship. ``sharing``: whether
    the student's consent to share is in force, when the caller read it for many students at
    once (the bulk demo load); asked here otherwise."""
    pro = student.level == Level.PRO
    if sharing is None:
        sharing = consent_in_force(student, ConsentPurpose.SHARING)
    return {
        "guidance_teacher_present": pro or kind == Internship.Kind.GROUP,
        "guidance_in_pairs": pro or student.year == 1 or kind == Internship.Kind.GROUP,
        # The student's own guidance needs go to the organisation only with consent.
        "guidance_notes": (student.guidance_needs[:300] if sharing else ""),
        "guidance_by": GuidanceBy.MENTOR if pro else GuidanceBy.PROVIDER_SUPERVISOR,
    }


def guidance_summary(internship: Internship) -> str:
    """The guidance of this internship, one agreement a line: who guides (by name when the
    provider's supervisor does and is known), what the organisation offers, the safety
    agreements, the student's own needs."""
    given_by = str(GuidanceBy(internship.guidance_by).label)
    supervisor = internship.supervisor if internship.supervisor_id else None
    if supervisor is not None and internship.guidance_by != GuidanceBy.MENTOR:
        lines = [
            str(
                _("Guidance by %(who)s: %(name)s.")
                % {"who": given_by, "name": supervisor.get_full_name()}
            )
        ]
    else:
        lines = [str(_("Guidance by %(who)s.") % {"who": given_by})]
    if internship.provider_guidance:
        lines.append(
            str(_("The organisation offers: %(text)s") % {"text": internship.provider_guidance})
        )
    if internship.guidance_teacher_present:
        lines.append(str(_("A teacher of the school is present.")))
    if internship.guidance_in_pairs:
        lines.append(str(_("The student goes at least in pairs.")))
    if internship.guidance_notes:
        lines.append(
            str(_("What the student needs: %(notes)s") % {"notes": internship.guidance_notes})
        )
    return "\n".join(lines)


def template_terms(school: School) -> dict:
    """The contract terms the school's (or region's) template sets, or the default ones."""
    template = contract_template_for_school(school.pk, school.region_id)
    if template is None:
        return {
            "rules_of_conduct": default_rules_of_conduct(),
            "insurance": Insurance.SCHOOL,
            "insurance_details": "",
            "extra_terms": "",
        }
    return {
        "rules_of_conduct": template.rules_of_conduct,
        "insurance": template.insurance,
        "insurance_details": template.insurance_details,
        "extra_terms": template.extra_terms,
    }


def parent_must_sign(student: Student, start_date: datetime.date) -> bool:
    """Under 16 on the first day (or the school's own age limit)."""
    return student.age_on(start_date) < student.school.requires_parent_signature_until_age
