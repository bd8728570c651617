"""Demo data for the internship: signed contracts for the core's internships (so that the
progress shown stays real under the contract rule), evaluations, certificates, and for the
README's accounts one internship of each stage of life.

The bulk part uses COPY (``insert_rows``) and one UPDATE per pilot: all twenty pilots add a few
seconds to ``bench/load_pilots.py``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone, translation

from stageplein.accounts.models import Membership, Role
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.context import PilotContext
from stageplein.demo.rows import insert_rows
from stageplein.demo.words import GUIDANCE, OFFERS, SCHEDULES
from stageplein.internships.models import (
    Certificate,
    Contract,
    HourEntry,
    Insurance,
    Internship,
    LogbookEntry,
    Party,
    PlannedSession,
    ProviderAssessment,
    Rating,
    Report,
    Signature,
    StudentEvaluation,
)
from stageplein.internships.progress import with_progress
from stageplein.internships.services import (
    contract_issue,
    contract_sign,
    default_rules_of_conduct,
    group_activity_create,
    guidance_summary,
    internship_create,
    school_as_provider,
)
from stageplein.students.models import Guardianship, Student
from stageplein.students.selectors import NormTable

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder

# The pilots' own average grade from students (R-INT-4: "one pilot: average grade 7.6").
AVERAGE_GRADE = 7.6


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def signed_contracts(builder: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """Every internship the core made gets version 1 of its contract, signed by each party a
    week or two before it started: its verified hours keep counting."""
    region_internships = Internship.objects.filter(student__school__region=context.region)
    rows: list[Any] = list(
        # In key order: the random draws below go row by row, and without an order the rows
        # come in the table's physical order, which a database's history changes.
        region_internships.filter(contracts__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "student_id",
            "student__user_id",
            "student__user__first_name",
            "student__user__last_name",
            "student__date_of_birth",
            "student__school__name",
            "student__school__requires_parent_signature_until_age",
            "student__mentor_id",
            "student__mentor__first_name",
            "student__mentor__last_name",
            "provider_id",
            "provider__name",
            "title",
            "start_date",
            "end_date",
            "planned_hours",
            "supervisor__first_name",
            "supervisor__last_name",
            "guidance_teacher_present",
            "guidance_in_pairs",
            "guidance_by",
            "guidance_notes",
            named=True,
        )
    )
    if not rows:
        return
    guardians: dict[int, tuple[int, str]] = {}
    for student_id, guardian_id, first, last in Guardianship.objects.filter(
        student__school__region=context.region
    ).values_list("student_id", "guardian_id", "guardian__first_name", "guardian__last_name"):
        guardians.setdefault(student_id, (guardian_id, _name(first, last)))
    coordinators = {
        m.school_id: m.user
        for m in Membership.objects.filter(
            role=Role.COORDINATOR, school__region=context.region
        ).select_related("user")
    }
    school_of = dict(
        Student.objects.filter(school__region=context.region).values_list("pk", "school_id")
    )
    with translation.override("nl"):
        rules = default_rules_of_conduct()
        guidance_text = {}
        for terms in {
            (r.guidance_teacher_present, r.guidance_in_pairs, r.guidance_by, r.guidance_notes)
            for r in rows
        }:
            teacher, pairs, by, notes = terms
            # The summary of an unsaved internship with these guidance terms.
            guidance_text[terms] = guidance_summary(
                Internship(
                    guidance_teacher_present=teacher,
                    guidance_in_pairs=pairs,
                    guidance_notes=notes,
                    guidance_by=by,
                    # The bulk internships offer nothing of their own; unset, the field holds
                    # Django's DatabaseDefault marker, whose repr ended up in 38,000 contracts.
                    provider_guidance="",
                )
            )
    tz = timezone.get_current_timezone()
    contract_rows, signature_plan = [], {}
    for r in rows:
        pk, student_id, student_user = r.pk, r.student_id, r.student__user_id
        s_first, s_last = r.student__user__first_name, r.student__user__last_name
        born, school_name = r.student__date_of_birth, r.student__school__name
        parent_age = r.student__school__requires_parent_signature_until_age
        mentor_id, m_first, m_last = (
            r.student__mentor_id,
            r.student__mentor__first_name,
            r.student__mentor__last_name,
        )
        provider_id, provider_name, title = r.provider_id, r.provider__name, r.title
        start, end, planned = r.start_date, r.end_date, r.planned_hours
        sup_first, sup_last = r.supervisor__first_name, r.supervisor__last_name
        teacher, pairs, by = r.guidance_teacher_present, r.guidance_in_pairs, r.guidance_by
        signed_day = start - datetime.timedelta(days=rng.randint(3, 14))
        signed_at = datetime.datetime.combine(
            signed_day, datetime.time(rng.randint(9, 20), rng.randint(0, 59)), tz
        )
        age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
        parent_required = age < parent_age
        contract_rows.append(
            (
                pk,
                1,
                _name(s_first, s_last),
                school_name,
                provider_name,
                f"{title} – {provider_name}"[:400],
                start,
                end,
                planned,
                "",
                _name(sup_first, sup_last),
                _name(m_first, m_last),
                guidance_text[(teacher, pairs, by, r.guidance_notes)],
                Insurance.SCHOOL.value,
                "",
                rules,
                "",
                parent_required,
                signed_at - datetime.timedelta(days=7),
                signed_at,
            )
        )
        school_signer = (
            (mentor_id, _name(m_first, m_last))
            if mentor_id
            else (
                coordinators[school_of[student_id]].pk,
                coordinators[school_of[student_id]].get_full_name(),
            )
        )
        contact = context.contacts.get(provider_id)
        signers = [
            (Party.STUDENT.value, student_user, _name(s_first, s_last)),
            (Party.SCHOOL.value, *school_signer),
        ]
        if contact is not None:
            signers.append((Party.PROVIDER.value, contact.pk, contact.get_full_name()))
        if parent_required and student_id in guardians:
            signers.append((Party.PARENT.value, *guardians[student_id]))
        signature_plan[pk] = (signers, signed_at, parent_required)
    insert_rows(
        Contract,
        [
            "internship",
            "version",
            "student_name",
            "school_name",
            "provider_name",
            "placement",
            "start_date",
            "end_date",
            "planned_hours",
            "tasks",
            "supervisor_name",
            "mentor_name",
            "guidance",
            "insurance",
            "insurance_details",
            "rules_of_conduct",
            "extra_terms",
            "parent_required",
            "created_at",
            "fully_signed_at",
        ],
        contract_rows,
    )
    contract_ids = dict(
        Contract.objects.filter(internship_id__in=signature_plan).values_list("internship_id", "pk")
    )
    signatures = []
    for internship_id, (signers, signed_at, _parent) in signature_plan.items():
        for k, (party, user_id, name) in enumerate(signers):
            signatures.append(
                (
                    contract_ids[internship_id],
                    party,
                    user_id,
                    name or "–",
                    Signature.Method.LINK.value
                    if party in (Party.PARENT, Party.PROVIDER)
                    else Signature.Method.PLATFORM.value,
                    signed_at - datetime.timedelta(hours=len(signers) - 1 - k),
                )
            )
    insert_rows(
        Signature, ["contract", "party", "signed_by", "name", "method", "signed_at"], signatures
    )
    # The contract counts as signed by every party only when it really is (a student without
    # a known parent keeps an incomplete contract, as in real life).
    incomplete = []
    for pk, (signers, _at, parent_required) in signature_plan.items():
        parties = {party for party, _user, _name in signers}
        if Party.PROVIDER.value not in parties or (
            parent_required and Party.PARENT.value not in parties
        ):
            incomplete.append(contract_ids[pk])
    if incomplete:
        Contract.objects.filter(pk__in=incomplete).update(fully_signed_at=None)
    # One UPDATE … FROM for the pilot's internships (a correlated subquery per row is several
    # times slower at 38,000 internships). The pilot's contracts are the newest ids.
    internship_table = connection.ops.quote_name(Internship._meta.db_table)
    contract_table = connection.ops.quote_name(Contract._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {internship_table} SET contract_signed_at = c.fully_signed_at "  # noqa: S608
            f"FROM {contract_table} AS c WHERE c.internship_id = {internship_table}.id "
            "AND c.id >= %s AND c.fully_signed_at IS NOT NULL",
            [min(contract_ids.values())],
        )


def evaluations(builder: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """Most completed internships were graded by the student and assessed by the provider."""
    done = list(
        Internship.objects.filter(
            student__school__region=context.region,
            status=Internship.Status.COMPLETED,
            student_evaluation__isnull=True,
        )
        .order_by("pk")  # the random draws go row by row: a fixed order, not the physical one
        .values_list("pk", "provider_id", "end_date")
    )
    tz = timezone.get_current_timezone()
    grades, assessments = [], []
    ratings = [Rating.GOOD.value, Rating.SUFFICIENT.value, Rating.POOR.value]
    praise = [
        "Altijd op tijd en behulpzaam.",
        "Maakte snel contact met de bewoners.",
        "Werkte goed samen met de vrijwilligers.",
        "Stelde goede vragen en nam initiatief.",
    ]
    comments = [
        "Leuke stage, ik heb veel geleerd.",
        "Soms wat saai, maar de mensen waren aardig.",
        "Ik wil hier later weer vrijwilliger worden!",
        "",
        "",
    ]
    for pk, provider_id, end in done:
        when = datetime.datetime.combine(end, datetime.time(16), tz) + datetime.timedelta(days=2)
        if rng.random() < 0.7:
            grade = max(3, min(10, round(rng.gauss(AVERAGE_GRADE, 1.1))))
            grades.append((pk, grade, rng.choice(comments), when))
        if rng.random() < 0.6:
            contact = context.contacts.get(provider_id)
            assessments.append(
                (
                    pk,
                    rng.choices(ratings, [70, 25, 5])[0],
                    rng.choices(ratings, [60, 30, 10])[0],
                    rng.choice(praise),
                    "",
                    contact.pk if contact else None,
                    when,
                )
            )
    insert_rows(StudentEvaluation, ["internship", "grade", "comments", "created_at"], grades)
    insert_rows(
        ProviderAssessment,
        [
            "internship",
            "attendance",
            "effort",
            "went_well",
            "to_improve",
            "assessed_by",
            "created_at",
        ],
        assessments,
    )


def certificates(builder: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """Students whose counting hours reach the norm hold their certificate (R-INT-6)."""
    norms = NormTable()
    rows = (
        with_progress(
            Student.objects.filter(school__region=context.region, certificates__isnull=True)
        )
        .order_by("pk")
        .values_list(  # type: ignore[misc]
            "pk",
            "level",
            "cohort",
            "verified_hours",
            "user__first_name",
            "user__last_name",
            "school__name",
        )
    )
    now = timezone.now()
    issued = []
    for pk, level, cohort, done, first, last, school in rows:
        if done and done >= norms.norm(level, cohort):
            issued.append(
                (
                    pk,
                    f"demo{rng.getrandbits(80):020x}",
                    _name(first, last),
                    school,
                    Decimal(done),
                    now - datetime.timedelta(days=rng.randint(1, 200)),
                    "",
                )
            )
    insert_rows(
        Certificate,
        ["student", "code", "student_name", "school_name", "hours", "issued_at", "revoke_reason"],
        issued,
    )


def fixed_accounts(builder: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """The README's accounts each meet the internship at work: planning, logbook and a
    reflection waiting for the mentor on the running internship; a new internship whose
    contract waits for the student, the parent and the provider; a group internship at school."""
    if not context.fixed:
        return
    today = builder.today
    student = Student.objects.select_related("school", "mentor", "user").get(
        user__email=FIXED_ACCOUNTS["student"]
    )
    mentor = student.mentor
    running = (
        Internship.objects.filter(student=student)
        .select_related("provider", "supervisor")
        .order_by("-start_date")
        .first()
    )
    if running is None or mentor is None:
        return
    PlannedSession.objects.bulk_create(
        PlannedSession(
            internship=running,
            date=today + datetime.timedelta(days=days),
            start_time=datetime.time(14),
            end_time=datetime.time(17),
            place=running.provider.name,
            created_by=running.supervisor,
        )
        for days in (3, 10, 17)
    )
    for entry in running.hours.filter(status=HourEntry.Status.VERIFIED).order_by("date"):
        LogbookEntry.objects.create(
            internship=running,
            date=entry.date,
            text=f"{entry.description}. Eerst vond ik het spannend, maar het ging goed.",
            author=student.user,
        )
    Internship.objects.filter(pk=running.pk).update(
        learning_goals=(
            "Leren omgaan met mensen die ik niet ken.\nOntdekken of zorg iets voor mij is."
        )
    )
    Report.objects.create(
        internship=running,
        kind=Report.Kind.REFLECTION,
        version=1,
        text=(
            "Ik wilde leren omgaan met mensen die ik niet ken. Dat lukt steeds beter: ik begin nu "
            "zelf een gesprekje. Zorg vind ik leuker dan ik dacht."
        ),
        submitted_by=student.user,
    )
    # A new internship whose contract waits for signatures (the school has signed already).
    upcoming = internship_create(
        student=student,
        provider=running.provider,
        title=f"Extra middag bij {running.provider.name}",
        start_date=today + datetime.timedelta(days=21),
        end_date=today + datetime.timedelta(days=60),
        planned_hours=12,
        supervisor=running.supervisor,
        # What the student will do, as the sector's offers say it (the hour log's past-tense
        # lines are what was done, not what a contract promises).
        tasks=(OFFERS.get(running.provider.sector_id) or OFFERS["buurt"])[0].tasks,
        schedule=SCHEDULES[0],
        provider_guidance=GUIDANCE[0],
        issue_contract=False,
    )
    contract = contract_issue(internship=upcoming, by=mentor, ask=False)
    contract_sign(
        contract=contract,
        party=Party.SCHOOL,
        user=mentor,
        name=mentor.get_full_name(),
        method=Signature.Method.PLATFORM,
    )
    # A group internship at school for the mentor's class (R-HOURS-5, R-HOURS-6).
    classmates = list(
        Student.objects.filter(school=student.school, class_name=student.class_name)
        .exclude(pk=student.pk)
        .select_related("user", "school", "mentor")[:12]
    )
    activity = group_activity_create(
        school=student.school,
        provider=school_as_provider(student.school),
        title="Open dag: rondleidingen geven",
        description="Bezoekers rondleiden en vragen beantwoorden op de open dag.",
        start_date=today - datetime.timedelta(days=14),
        end_date=today + datetime.timedelta(days=14),
        planned_hours=4,
        by=mentor,
        students=[],
    )
    for classmate in classmates:
        internship = internship_create(
            student=classmate,
            provider=activity.provider,
            title=activity.title,
            start_date=activity.start_date,
            end_date=activity.end_date,
            planned_hours=4,
            kind=Internship.Kind.AT_SCHOOL,
            tasks=activity.description,
            group_activity=activity,
            issue_contract=False,
        )
        contract_issue(internship=internship, by=mentor, ask=False)
