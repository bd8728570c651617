"""Writes for internships. Other apps start an internship only through ``internship_create``.

Every state change that two people could make at the same moment (two supervisors verifying,
a double-clicked submit, two parties signing last) is decided by the database: a unique
constraint, a guarded ``UPDATE … WHERE status = …`` or a row lock, inside one transaction.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.links import issue_link
from stageplein.accounts.models import Membership, OneTimeLink, Role, User
from stageplein.core.links import absolute_url
from stageplein.internships.models import (
    Certificate,
    Concern,
    Contract,
    ContractTemplate,
    GroupActivity,
    GroupSession,
    GuidanceBy,
    HourEntry,
    Insurance,
    Internship,
    LogbookEntry,
    Party,
    PlannedSession,
    ProviderAssessment,
    Report,
    Signature,
    StudentEvaluation,
)
from stageplein.notifications.services import notify
from stageplein.organisations.models import Level, Provider, ProviderLocation, School
from stageplein.students.models import Student

log = logging.getLogger(__name__)

# One-time link purposes (stageplein.accounts.links): parents and providers sign, supervisors
# verify hours, without an account or a password.
CONTRACT_SIGN = "contract_sign"
HOURS_VERIFY = "hours_verify"
LINK_MAX_AGE = datetime.timedelta(days=30)


class InternshipError(Exception):
    """A rule of the internship stops this action; the message is shown to the person."""


# -- defaults ----------------------------------------------------------------------------------


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


def suggested_guidance(student: Student, kind: str) -> dict:
    """R-INT-5: what guidance a student needs, from level, year and type of internship.

    Praktijkonderwijs needs a protected setting with a teacher present; first-years and group
    internships go at least in pairs. The school adjusts it per internship."""
    pro = student.level == Level.PRO
    return {
        "guidance_teacher_present": pro or kind == Internship.Kind.GROUP,
        "guidance_in_pairs": pro or student.year == 1 or kind == Internship.Kind.GROUP,
        "guidance_notes": student.guidance_needs[:300],
        "guidance_by": GuidanceBy.MENTOR if pro else GuidanceBy.PROVIDER_SUPERVISOR,
    }


def guidance_summary(internship: Internship) -> str:
    parts = []
    if internship.guidance_teacher_present:
        parts.append(str(_("a teacher is present")))
    if internship.guidance_in_pairs:
        parts.append(str(_("at least in pairs")))
    if internship.guidance_notes:
        parts.append(internship.guidance_notes)
    given_by = str(GuidanceBy(internship.guidance_by).label)
    return "; ".join([str(_("guidance by %(who)s") % {"who": given_by}), *parts])


def template_terms(school: School) -> dict:
    """The contract terms the school's (or region's) template sets, or the default ones."""
    from stageplein.internships.selectors import contract_template_for_school

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


# -- mail with a one-time link -----------------------------------------------------------------


def _mail_link(user: User, *, subject: str, template: str, path: str) -> None:
    """E-mail a one-time link. The secret exists only in this mail (never in a stored
    notification or task argument), so it is sent right after the transaction commits."""
    if not user.email:
        return
    link = absolute_url(path)
    days = LINK_MAX_AGE.days

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(template, {"link": link, "days": days})
            try:
                send_mail(
                    subject=f"Stageplein: {subject}",
                    message=body,
                    from_email=None,
                    recipient_list=[user.email],  # type: ignore[list-item]
                )
            except Exception:
                # The link can be sent again from the platform; a mail failure must not undo
                # the signature or entry that has been committed.
                log.exception("could not send a one-time link")

    transaction.on_commit(send)


def _title(message) -> str:
    """Notification titles travel by e-mail in the platform's language; they never carry a
    minor's personal details (a title and a link only)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


# -- internship and contract -------------------------------------------------------------------


@transaction.atomic
def internship_create(
    *,
    student: Student,
    provider: Provider,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    planned_hours: int,
    supervisor: User | None = None,
    kind: str = Internship.Kind.INDIVIDUAL,
    location: ProviderLocation | None = None,
    tasks: str = "",
    group_activity: GroupActivity | None = None,
    created_by: User | None = None,
    issue_contract: bool = True,
) -> Internship:
    """Start an internship, e.g. when the school approves a match (R-MATCH-7).

    The uniform contract is generated from the school's template at once and goes out for
    signatures (R-INT-1); guidance follows from the student's level and year (R-INT-5).
    """
    if provider.school_id is not None and kind == Internship.Kind.INDIVIDUAL:
        kind = Internship.Kind.AT_SCHOOL
    terms = template_terms(student.school)
    internship = Internship.objects.create(
        student=student,
        provider=provider,
        title=title,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        planned_hours=planned_hours,
        supervisor=supervisor,
        status=Internship.Status.PLANNED,
        location=location,
        tasks=tasks,
        group_activity=group_activity,
        insurance=terms["insurance"],
        insurance_details=terms["insurance_details"],
        **suggested_guidance(student, kind),
    )
    if issue_contract:
        contract_issue(internship=internship, by=created_by)
    return internship


def _snapshot(internship: Internship, terms: dict) -> dict:
    student = internship.student
    location = internship.location
    placement = internship.title + " – " + internship.provider.name
    if location is not None:
        placement += f", {location.address}, {location.postcode.pc4} {location.postcode.place}"
    return {
        "student_name": student.user.get_full_name(),
        "school_name": student.school.name,
        "provider_name": internship.provider.name,
        "placement": placement[:400],
        "start_date": internship.start_date,
        "end_date": internship.end_date,
        "planned_hours": internship.planned_hours,
        "tasks": internship.tasks,
        "supervisor_name": internship.supervisor.get_full_name() if internship.supervisor else "",
        "mentor_name": student.mentor.get_full_name() if student.mentor else "",
        "guidance": guidance_summary(internship),
        "insurance": internship.insurance,
        "insurance_details": internship.insurance_details,
        "rules_of_conduct": terms["rules_of_conduct"],
        "extra_terms": terms["extra_terms"],
        "parent_required": parent_must_sign(student, internship.start_date),
    }


@transaction.atomic
def contract_issue(*, internship: Internship, by: User | None, ask: bool = True) -> Contract:
    """Make a new contract version from the internship's current terms and ask every party to
    sign it. The previous version is superseded; a signed one stays in force until the new one
    is signed by all (``Internship.contract_signed_at`` is not cleared)."""
    # The row lock serialises two school staff changing the contract at the same moment.
    Internship.objects.select_for_update().filter(pk=internship.pk).first()
    now = timezone.now()
    previous = Contract.objects.filter(internship=internship, superseded_at__isnull=True).first()
    if previous is not None:
        Contract.objects.filter(pk=previous.pk).update(superseded_at=now)
    contract = Contract.objects.create(
        internship=internship,
        version=(previous.version + 1) if previous else 1,
        created_by=by,
        **_snapshot(internship, template_terms(internship.student.school)),
    )
    if ask:
        _ask_for_signatures(contract, by=by)
    return contract


def _school_signers(internship: Internship) -> list[User]:
    mentor = internship.student.mentor
    if mentor is not None:
        return [mentor]
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.COORDINATOR, school_id=internship.student.school_id
        ).select_related("user")
    ]


def _provider_signers(internship: Internship) -> list[User]:
    """Who signs for the organisation: its contacts (the people who speak for it), else the
    internship's supervisor if they are not an mbo/hbo student. At school: the school."""
    if internship.provider.school_id is not None:
        return _school_signers(internship)
    contacts = [
        m.user
        for m in Membership.objects.filter(
            role=Role.PROVIDER_CONTACT, provider_id=internship.provider_id
        ).select_related("user")
    ]
    if contacts:
        return contacts
    if internship.supervisor is not None:
        return [internship.supervisor]
    return []


def _guardians(student: Student) -> list[User]:
    return [g.guardian for g in student.guardianships.select_related("guardian")]


def _ask_for_signatures(contract: Contract, *, by: User | None, only: Iterable[str] = ()) -> int:
    """Notify the people who still have to sign. Parents and providers get a one-time link by
    e-mail (no account needed); the student and the school sign on the platform."""
    internship = contract.internship
    signed = set(contract.signatures.values_list("party", flat=True))
    wanted = [p for p in contract.required_parties if p not in signed and (not only or p in only)]
    url = reverse("internship_contract", args=[internship.pk])
    sent = 0
    for party in wanted:
        if party == Party.STUDENT:
            notify(
                internship.student.user,
                kind="contract_to_sign",
                title=_title(_("Your internship contract is ready to sign")),
                url=url,
            )
            sent += 1
        elif party == Party.SCHOOL:
            for user in _school_signers(internship):
                if user != by:
                    notify(
                        user,
                        kind="contract_to_sign",
                        title=_title(_("An internship contract is waiting for your signature")),
                        url=url,
                    )
                    sent += 1
        else:
            people = (
                _guardians(internship.student)
                if party == Party.PARENT
                else _provider_signers(internship)
            )
            for user in people:
                raw = issue_link(
                    CONTRACT_SIGN,
                    user=user,
                    payload={"contract": contract.pk, "party": party},
                    max_age=LINK_MAX_AGE,
                )
                # In-app without e-mail: the e-mail with the link is the one that matters.
                notify(
                    user,
                    kind="contract_to_sign",
                    title=_title(_("An internship contract is waiting for your signature")),
                    url=url,
                    email=False,
                )
                _mail_link(
                    user,
                    subject=_title(_("An internship contract is waiting for your signature")),
                    template="internships/email/contract_sign.txt",
                    path=reverse("contract_sign_link", args=[raw]),
                )
                sent += 1
    return sent


def contract_remind(*, contract: Contract, by: User) -> int:
    """Send the links again to the parties that have not signed (a parent lost the e-mail)."""
    if not contract.is_current or contract.fully_signed_at:
        raise InternshipError(_("This contract needs no more signatures."))
    with transaction.atomic():
        return _ask_for_signatures(contract, by=by, only=[Party.PARENT, Party.PROVIDER])


CONTRACT_FIELDS = (
    "title",
    "start_date",
    "end_date",
    "planned_hours",
    "tasks",
    "location",
    "supervisor",
    "insurance",
    "insurance_details",
)


@transaction.atomic
def contract_change(*, internship: Internship, by: User, **terms) -> Contract | None:
    """Change the terms of the internship. A real change makes a new contract version that
    needs every signature again; saving the same terms makes none."""
    unknown = set(terms) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"not contract terms: {sorted(unknown)}")
    if internship.status == Internship.Status.CANCELLED:
        raise InternshipError(_("This internship has been cancelled."))
    changed = [name for name, value in terms.items() if getattr(internship, name) != value]
    if not changed:
        return None
    for name in changed:
        setattr(internship, name, terms[name])
    internship.full_clean(exclude=["student", "provider"])
    internship.save(update_fields=changed)
    return contract_issue(internship=internship, by=by)


@transaction.atomic
def contract_sign(
    *, contract: Contract, party: str, user: User, name: str, method: str
) -> tuple[Signature, bool]:
    """Record a signature: who, when, which version. Signing twice gives the first signature
    back. The last signature makes the contract fully signed, and from then on the verified
    hours of the internship count."""
    # Lock the version: the last two parties signing at once must not both miss each other.
    locked = Contract.objects.select_for_update().select_related("internship").get(pk=contract.pk)
    if locked.superseded_at is not None:
        raise InternshipError(_("The contract has changed since. Please sign the new version."))
    if party not in locked.required_parties:
        raise InternshipError(_("This contract does not need that signature."))
    name = name.strip()[:200] or user.get_full_name() or str(user)
    signature, created = Signature.objects.get_or_create(
        contract=locked,
        party=party,
        defaults={
            "signed_by": user,
            "name": name,
            "method": method,
            "signed_at": timezone.now(),
        },
    )
    if created and not (
        set(locked.required_parties) - set(locked.signatures.values_list("party", flat=True))
    ):
        _contract_fully_signed(locked)
    return signature, created


def _contract_fully_signed(contract: Contract) -> None:
    now = timezone.now()
    Contract.objects.filter(pk=contract.pk).update(fully_signed_at=now)
    contract.fully_signed_at = now
    internship = contract.internship
    Internship.objects.filter(pk=internship.pk, contract_signed_at__isnull=True).update(
        contract_signed_at=now
    )
    Internship.objects.filter(pk=internship.pk, status=Internship.Status.PLANNED).update(
        status=Internship.Status.ACTIVE
    )
    url = reverse("internship_detail", args=[internship.pk])
    title = _title(_("The internship contract has been signed by everyone"))
    student = internship.student
    notify(student.user, kind="contract_signed", title=title, url=url)
    if student.mentor is not None:
        notify(student.mentor, kind="contract_signed", title=title, url=url, email=False)
    # Verified hours may count from now on.
    certificate_issue_if_due(student=student)


# -- planning ------------------------------------------------------------------------------------


def session_plan(
    *,
    internship: Internship,
    by: User,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    place: str = "",
    note: str = "",
) -> PlannedSession:
    if end_time <= start_time:
        raise InternshipError(_("The session must end after it starts."))
    if internship.status in (Internship.Status.CANCELLED, Internship.Status.COMPLETED):
        raise InternshipError(_("This internship is closed."))
    return PlannedSession.objects.create(
        internship=internship,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place or (internship.location.address if internship.location else ""),
        note=note,
        created_by=by,
    )


def session_cancel(*, session: PlannedSession, by: User) -> None:
    session.delete()


def feed_token_rotate(*, user: User) -> str:
    from stageplein.accounts.models import new_feed_token

    user.feed_token = new_feed_token()
    user.save(update_fields=["feed_token"])
    return user.feed_token


# -- hours ---------------------------------------------------------------------------------------


def _verifiers(internship: Internship) -> list[User]:
    """Who is asked to confirm hours: the internship's supervisor, else the organisation's
    contacts; at school the student's mentor (the school is the provider)."""
    if internship.provider.school_id is not None:
        return _school_signers(internship)
    if internship.supervisor is not None:
        return [internship.supervisor]
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.PROVIDER_CONTACT, provider_id=internship.provider_id
        ).select_related("user")
    ]


# A session may fall a little outside the planned dates (an intake visit before the start, a
# last afternoon after the end); not years away from them.
SESSION_GRACE_BEFORE = datetime.timedelta(days=14)
SESSION_GRACE_AFTER = datetime.timedelta(days=28)


class DateOutsideInternship(InternshipError):
    """Shown on the form's date field."""


@transaction.atomic
def hour_entry_submit(
    *,
    internship: Internship,
    by: User,
    date: datetime.date,
    hours: Decimal,
    description: str,
    submission_key: uuid.UUID,
    verified_by_submitter: bool = False,
    corrects: HourEntry | None = None,
    paper_log: UploadedFile | None = None,
) -> tuple[HourEntry, bool]:
    """Log a session. Idempotent: the form carries a key made when it was shown, so a retried or
    double-clicked submit returns the entry the first one made (``created`` is False).

    A supervisor who registers hours for the student (R-ROLE-3) confirms them at once
    (``verified_by_submitter``); everything else waits for the provider (R-HOURS-4).
    """
    if internship.status == Internship.Status.CANCELLED:
        raise InternshipError(_("This internship has been cancelled."))
    if date > timezone.localdate():
        raise DateOutsideInternship(_("You can only log sessions that have taken place."))
    earliest = internship.start_date - SESSION_GRACE_BEFORE
    latest = internship.end_date + SESSION_GRACE_AFTER
    if not earliest <= date <= latest:
        raise DateOutsideInternship(
            _(
                "This internship runs from %(start)s to %(end)s: log a session on a day "
                "between %(earliest)s and %(latest)s."
            )
            % {
                "start": formats.date_format(internship.start_date, "j F Y"),
                "end": formats.date_format(internship.end_date, "j F Y"),
                "earliest": formats.date_format(earliest, "j F Y"),
                "latest": formats.date_format(latest, "j F Y"),
            }
        )
    if corrects is not None and (
        corrects.internship_id != internship.pk
        or corrects.status not in (HourEntry.Status.VERIFIED, HourEntry.Status.REJECTED)
    ):
        raise InternshipError(_("Only a verified or rejected entry can be corrected."))
    now = timezone.now()
    try:
        with transaction.atomic():
            entry = HourEntry.objects.create(
                internship=internship,
                date=date,
                hours=hours,
                description=description,
                submission_key=submission_key,
                submitted_by=by,
                corrects=corrects,
                paper_log=paper_log or "",
                status=HourEntry.Status.VERIFIED
                if verified_by_submitter
                else HourEntry.Status.SUBMITTED,
                verified_by=by if verified_by_submitter else None,
                verified_at=now if verified_by_submitter else None,
                method=HourEntry.Method.PLATFORM if verified_by_submitter else "",
            )
    except IntegrityError:
        existing = HourEntry.objects.filter(submission_key=submission_key).first()
        if existing is None or existing.internship_id != internship.pk:
            raise
        return existing, False
    if verified_by_submitter:
        _after_verification(entry)
        return entry, True
    _ask_for_verification(entry)
    return entry, True


def _ask_for_verification(entry: HourEntry) -> int:
    sent = 0
    for user in _verifiers(entry.internship):
        raw = issue_link(HOURS_VERIFY, user=user, payload={"entry": entry.pk}, max_age=LINK_MAX_AGE)
        notify(
            user,
            kind="hours_to_verify",
            title=_title(_("New hours to confirm")),
            url=reverse("hours_to_verify"),
            email=False,
        )
        _mail_link(
            user,
            subject=_title(_("New hours to confirm")),
            template="internships/email/hours_verify.txt",
            path=reverse("hours_verify_link", args=[raw]),
        )
        sent += 1
    return sent


ASK_AGAIN_AFTER = datetime.timedelta(hours=1)


def hour_entry_ask_again(*, entry: HourEntry, by: User) -> int:
    """The student sends the confirmation link again (the supervisor lost the e-mail). At most
    once an hour per entry, so a student cannot flood a volunteer's mailbox."""
    with transaction.atomic():
        entry = HourEntry.objects.select_for_update().select_related("internship").get(pk=entry.pk)
        if entry.status != HourEntry.Status.SUBMITTED:
            raise InternshipError(_("These hours are no longer waiting for confirmation."))
        recent = OneTimeLink.objects.filter(
            purpose=HOURS_VERIFY,
            payload__entry=entry.pk,
            created_at__gte=timezone.now() - ASK_AGAIN_AFTER,
        )
        if recent.exists():
            raise InternshipError(
                _("The link was sent less than an hour ago. Ask your supervisor to look again.")
            )
        return _ask_for_verification(entry)


def hour_entry_verify(*, entry: HourEntry, by: User | None, method: str) -> bool:
    """Confirm an entry. One guarded UPDATE decides: of two supervisors confirming at the same
    moment exactly one succeeds (True); the other, and any retry, gets False."""
    with transaction.atomic():
        verified = HourEntry.objects.filter(pk=entry.pk, status=HourEntry.Status.SUBMITTED).update(
            status=HourEntry.Status.VERIFIED,
            verified_by=by,
            verified_at=timezone.now(),
            method=method,
        )
        if verified != 1:
            return False
        entry.refresh_from_db()
        _after_verification(entry)
    return True


def _after_verification(entry: HourEntry) -> None:
    if entry.corrects_id is not None:
        # The correction replaces the entry it corrects; the old one is kept, locked.
        HourEntry.objects.filter(pk=entry.corrects_id, status=HourEntry.Status.VERIFIED).update(
            status=HourEntry.Status.CORRECTED
        )
    internship = entry.internship
    Internship.objects.filter(pk=internship.pk, status=Internship.Status.PLANNED).update(
        status=Internship.Status.ACTIVE
    )
    notify(
        internship.student.user,
        kind="hours_verified",
        title=_title(_("Your hours have been confirmed")),
        url=reverse("internship_detail", args=[internship.pk]),
    )
    certificate_issue_if_due(student=internship.student)


def hour_entry_reject(*, entry: HourEntry, by: User | None, reason: str) -> bool:
    if not reason.strip():
        raise InternshipError(_("Say why, so that the student can correct it."))
    with transaction.atomic():
        rejected = HourEntry.objects.filter(pk=entry.pk, status=HourEntry.Status.SUBMITTED).update(
            status=HourEntry.Status.REJECTED,
            verified_by=by,
            rejection_reason=reason.strip(),
        )
        if rejected != 1:
            return False
        notify(
            entry.internship.student.user,
            kind="hours_rejected",
            title=_title(_("Your supervisor could not confirm an hour entry")),
            url=reverse("hours_entry", args=[entry.pk]),
        )
    return True


# -- group internships (R-HOURS-5, R-HOURS-6) ------------------------------------------------


def school_as_provider(school: School) -> Provider:
    """The school in its role of provider, for internships at school (R-HOURS-6)."""
    from stageplein.organisations.models import Sector

    provider = Provider.objects.filter(school=school).first()
    if provider is not None:
        return provider
    sector = Sector.objects.filter(code="onderwijs").first() or Sector.objects.first()
    assert sector is not None, "reference data (sectors) is missing"
    provider, _created = Provider.objects.get_or_create(
        school=school,
        defaults={
            "name": str(_("%(school)s (internship at school)") % {"school": school.name}),
            "kind": Provider.Kind.SCHOOL,
            "sector": sector,
            "region_id": school.region_id,
            "municipality_id": school.municipality_id,
        },
    )
    return provider


@transaction.atomic
def group_activity_create(
    *,
    school: School,
    provider: Provider,
    title: str,
    description: str,
    start_date: datetime.date,
    end_date: datetime.date,
    planned_hours: int,
    by: User,
    students: Iterable[Student] = (),
) -> GroupActivity:
    if end_date < start_date:
        raise InternshipError(_("The end date must not be before the start date."))
    activity = GroupActivity.objects.create(
        school=school,
        provider=provider,
        title=title,
        description=description,
        start_date=start_date,
        end_date=end_date,
        planned_hours=planned_hours,
        created_by=by,
    )
    group_participants_add(activity=activity, students=students, by=by)
    return activity


@transaction.atomic
def group_participants_add(
    *, activity: GroupActivity, students: Iterable[Student], by: User
) -> list[Internship]:
    """Each participant gets an internship of their own, with a contract to sign."""
    existing = set(activity.internships.values_list("student_id", flat=True))
    kind = Internship.Kind.AT_SCHOOL if activity.provider.school_id else Internship.Kind.GROUP
    added = []
    for student in students:
        if student.pk in existing or student.school_id != activity.school_id:
            continue
        added.append(
            internship_create(
                student=student,
                provider=activity.provider,
                title=activity.title,
                start_date=activity.start_date,
                end_date=activity.end_date,
                planned_hours=activity.planned_hours,
                kind=kind,
                tasks=activity.description,
                group_activity=activity,
                created_by=by,
            )
        )
        existing.add(student.pk)
    return added


@transaction.atomic
def group_contracts_sign(
    *, activity: GroupActivity, by: User, name: str, parties: list[str]
) -> int:
    """The school (and, at school, the school as provider) signs every participant's contract
    in one go; students and parents still sign their own."""
    signed = 0
    for contract in Contract.objects.filter(
        internship__group_activity=activity, superseded_at__isnull=True
    ):
        for party in parties:
            if party in contract.required_parties:
                _sig, created = contract_sign(
                    contract=contract,
                    party=party,
                    user=by,
                    name=name,
                    method=Signature.Method.PLATFORM,
                )
                signed += created
    return signed


@transaction.atomic
def group_session_record(
    *,
    activity: GroupActivity,
    by: User,
    date: datetime.date,
    hours: Decimal,
    description: str,
    participants: Iterable[Internship],
    verify: bool = False,
) -> GroupSession:
    if date > timezone.localdate():
        raise InternshipError(_("You can only log sessions that have taken place."))
    participants = [p for p in participants if p.group_activity_id == activity.pk]
    if not participants:
        raise InternshipError(_("Choose who took part."))
    session = GroupSession.objects.create(
        activity=activity, date=date, hours=hours, description=description, recorded_by=by
    )
    session.participants.set(participants)
    if verify:
        group_session_verify(session=session, by=by)
    else:
        for user in _group_verifiers(activity):
            notify(
                user,
                kind="hours_to_verify",
                title=_title(_("New hours to confirm")),
                url=reverse("group_detail", args=[activity.pk]),
            )
    return session


def _group_verifiers(activity: GroupActivity) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            provider_id=activity.provider_id, role__in=[Role.PROVIDER_CONTACT, Role.SUPERVISOR]
        ).select_related("user")
    ]


def group_session_verify(*, session: GroupSession, by: User) -> bool:
    """Confirm a group session: every participant present gets the hours (one entry each, kept
    unique by a constraint). A second confirmation changes nothing."""
    with transaction.atomic():
        now = timezone.now()
        verified = GroupSession.objects.filter(
            pk=session.pk, status=GroupSession.Status.SUBMITTED
        ).update(status=GroupSession.Status.VERIFIED, verified_by=by, verified_at=now)
        if verified != 1:
            return False
        participants = list(session.participants.select_related("student__user"))
        HourEntry.objects.bulk_create(
            [
                HourEntry(
                    internship=internship,
                    date=session.date,
                    hours=session.hours,
                    description=session.description,
                    status=HourEntry.Status.VERIFIED,
                    verified_by=by,
                    verified_at=now,
                    method=HourEntry.Method.GROUP,
                    group_session=session,
                    submitted_by=session.recorded_by,
                )
                for internship in participants
            ],
            ignore_conflicts=True,
        )
        Internship.objects.filter(
            pk__in=[p.pk for p in participants], status=Internship.Status.PLANNED
        ).update(status=Internship.Status.ACTIVE)
        for internship in participants:
            notify(
                internship.student.user,
                kind="hours_verified",
                title=_title(_("Your hours have been confirmed")),
                url=reverse("internship_detail", args=[internship.pk]),
            )
            certificate_issue_if_due(student=internship.student)
    return True


# -- logbook, reflection, report (R-INT-3) -------------------------------------------------------


def logbook_write(
    *,
    internship: Internship,
    by: User,
    date: datetime.date,
    text: str,
    photo: UploadedFile | None = None,
) -> LogbookEntry:
    if date > timezone.localdate():
        raise InternshipError(_("You can only write about sessions that have taken place."))
    return LogbookEntry.objects.create(
        internship=internship, date=date, text=text, photo=photo or "", author=by
    )


def learning_goals_set(*, internship: Internship, by: User, text: str) -> None:
    if Report.objects.filter(
        internship=internship, kind=Report.Kind.REFLECTION, status=Report.Status.APPROVED
    ).exists():
        raise InternshipError(_("Your reflection has been approved; the goals are final."))
    Internship.objects.filter(pk=internship.pk).update(learning_goals=text)
    internship.learning_goals = text


@transaction.atomic
def report_submit(
    *,
    internship: Internship,
    kind: str,
    by: User,
    text: str = "",
    file: UploadedFile | None = None,
) -> Report:
    """Hand in the logbook, the reflection or the final report for the mentor to approve.

    A new version each time: what the mentor sent back, and why, stays in the history."""
    if kind == Report.Kind.LOGBOOK and not internship.logbook.exists():
        raise InternshipError(_("Write at least one logbook entry first."))
    if kind == Report.Kind.REFLECTION and not internship.learning_goals.strip():
        raise InternshipError(_("Write down your learning goals first."))
    if kind != Report.Kind.LOGBOOK and not text.strip() and file is None:
        raise InternshipError(_("Write your text or upload a file."))
    versions = Report.objects.select_for_update().filter(internship=internship, kind=kind)
    latest = versions.order_by("-version").first()
    if latest is not None and latest.status == Report.Status.SUBMITTED:
        raise InternshipError(_("Your mentor has not looked at the previous version yet."))
    if latest is not None and latest.status == Report.Status.APPROVED:
        raise InternshipError(_("This has been approved already."))
    report = Report.objects.create(
        internship=internship,
        kind=kind,
        version=(latest.version + 1) if latest else 1,
        text=text,
        file=file or "",
        file_name=(file.name or "")[:200] if file else "",
        submitted_by=by,
    )
    mentor = internship.student.mentor
    reviewers = [mentor] if mentor else _school_signers(internship)
    for user in reviewers:
        notify(
            user,
            kind="report_submitted",
            title=_title(_("A student's work is waiting for your approval")),
            url=reverse("report_page", args=[internship.pk, kind]),
        )
    return report


def report_review(*, report: Report, by: User, approve: bool, comment: str) -> bool:
    """Approve, or send back with comments (comments are required then)."""
    if not approve and not comment.strip():
        raise InternshipError(_("Tell the student what to improve."))
    with transaction.atomic():
        done = Report.objects.filter(pk=report.pk, status=Report.Status.SUBMITTED).update(
            status=Report.Status.APPROVED if approve else Report.Status.RETURNED,
            reviewed_by=by,
            reviewed_at=timezone.now(),
            review_comment=comment.strip(),
        )
        if done != 1:
            return False
        notify(
            report.internship.student.user,
            kind="report_reviewed",
            title=_title(
                _("Your mentor has approved your work")
                if approve
                else _("Your mentor sent your work back with comments")
            ),
            url=reverse("report_page", args=[report.internship_id, report.kind]),
        )
    return True


# -- guidance --------------------------------------------------------------------------------


@transaction.atomic
def guidance_set(
    *,
    internship: Internship,
    by: User,
    teacher_present: bool,
    in_pairs: bool,
    notes: str,
    given_by: str,
) -> Contract | None:
    """The guidance is part of the contract (a teacher present is a safety agreement the
    provider signs up to): a change makes a new version to sign."""
    values = {
        "guidance_teacher_present": teacher_present,
        "guidance_in_pairs": in_pairs,
        "guidance_notes": notes.strip(),
        "guidance_by": given_by,
    }
    changed = [name for name, value in values.items() if getattr(internship, name) != value]
    if not changed:
        return None
    for name in changed:
        setattr(internship, name, values[name])
    internship.save(update_fields=changed)
    return contract_issue(internship=internship, by=by)


# -- evaluations (R-INT-4, R-INT-7) --------------------------------------------------------------


def _may_evaluate_now(internship: Internship) -> None:
    if internship.status == Internship.Status.CANCELLED:
        raise InternshipError(_("This internship has been cancelled."))
    if not internship.hours.filter(status=HourEntry.Status.VERIFIED).exists():
        raise InternshipError(_("Evaluations come after the first confirmed hours."))


def student_evaluation_submit(
    *, internship: Internship, by: User, grade: int, comments: str
) -> StudentEvaluation:
    _may_evaluate_now(internship)
    if not 1 <= grade <= 10:
        raise InternshipError(_("A grade is a whole number from 1 to 10."))
    try:
        with transaction.atomic():
            return StudentEvaluation.objects.create(
                internship=internship, grade=grade, comments=comments
            )
    except IntegrityError:
        raise InternshipError(_("You have evaluated this internship already.")) from None


def provider_assessment_submit(
    *,
    internship: Internship,
    by: User,
    attendance: str,
    effort: str,
    went_well: str,
    to_improve: str = "",
) -> ProviderAssessment:
    _may_evaluate_now(internship)
    try:
        with transaction.atomic():
            assessment = ProviderAssessment.objects.create(
                internship=internship,
                attendance=attendance,
                effort=effort,
                went_well=went_well,
                to_improve=to_improve,
                assessed_by=by,
            )
    except IntegrityError:
        raise InternshipError(_("This student has been assessed already.")) from None
    mentor = internship.student.mentor
    if mentor is not None:
        notify(
            mentor,
            kind="assessment",
            title=_title(_("A provider has assessed an internship")),
            url=reverse("internship_detail", args=[internship.pk]),
        )
    return assessment


@transaction.atomic
def concern_report(*, internship: Internship, by: User, kind: str, note: str) -> Concern:
    """R-INT-7: lateness or low effort, at any time; the mentor hears of it and follows up."""
    concern = Concern.objects.create(internship=internship, kind=kind, note=note, reported_by=by)
    mentor = internship.student.mentor
    for user in [mentor] if mentor else _school_signers(internship):
        notify(
            user,
            kind="concern",
            title=_title(_("A provider has reported something about an internship")),
            url=reverse("internship_detail", args=[internship.pk]) + "#concerns",
        )
    return concern


def concern_follow_up(*, concern: Concern, by: User, note: str) -> bool:
    if not note.strip():
        raise InternshipError(_("Write down what the school did."))
    return bool(
        Concern.objects.filter(pk=concern.pk, followed_up_at__isnull=True).update(
            followed_up_by=by, followed_up_at=timezone.now(), follow_up_note=note.strip()
        )
    )


def internship_close(*, internship: Internship, by: User, status: str, reason: str = "") -> None:
    """The school completes or cancels. A cancelled internship gives its seat back: the
    approved reaction it came from is withdrawn by the school with the reason, so the period's
    capacity (which counts claiming reactions) frees the place for the next student."""
    if status not in (Internship.Status.COMPLETED, Internship.Status.CANCELLED):
        raise InternshipError(_("An internship can only be completed or cancelled."))
    reason = reason.strip()
    if status == Internship.Status.CANCELLED and not reason:
        raise InternshipError(_("Give a reason for cancelling: the student and provider read it."))
    from stageplein.applications.services import application_release

    with transaction.atomic():
        changed = (
            Internship.objects.filter(pk=internship.pk).exclude(status=status).update(status=status)
        )
        if changed and status == Internship.Status.CANCELLED:
            application_release(internship=internship, by=by, reason=reason)


# -- certificate (R-INT-6) -----------------------------------------------------------------------


def _new_code() -> str:
    return secrets.token_urlsafe(12)


def certificate_issue_if_due(*, student: Student, by: User | None = None) -> Certificate | None:
    """Issue the certificate the moment the counting hours reach the norm. Automatic only once
    per student: after a revocation the school decides (``certificate_issue``)."""
    from stageplein.students.selectors import progress_of

    if Certificate.objects.filter(student=student).exists():
        return None
    progress = progress_of(Student.objects.select_related("school", "user").get(pk=student.pk))
    if not progress.reached:
        return None
    return _certificate_create(student, progress.done, by)


def _certificate_create(student: Student, hours: Decimal, by: User | None) -> Certificate | None:
    student = Student.objects.select_related("school", "user").get(pk=student.pk)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                student=student,
                code=_new_code(),
                student_name=student.user.get_full_name(),
                school_name=student.school.name,
                hours=hours,
                issued_at=timezone.now(),
                issued_by=by,
            )
    except IntegrityError:
        return None  # issued a moment ago by a concurrent verification
    url = reverse("certificate_pdf", args=[certificate.pk])
    notify(
        student.user,
        kind="certificate",
        title=_title(_("You have reached the norm: your certificate is ready")),
        url=url,
    )
    for guardian in _guardians(student):
        notify(
            guardian,
            kind="certificate",
            title=_title(_("Your child's maatschappelijke stage certificate is ready")),
            url=url,
        )
    return certificate


def certificate_issue(*, student: Student, by: User) -> Certificate:
    from stageplein.students.selectors import progress_of

    progress = progress_of(Student.objects.select_related("school").get(pk=student.pk))
    if not progress.reached:
        raise InternshipError(_("The student has not reached the norm yet."))
    certificate = _certificate_create(student, progress.done, by)
    if certificate is None:
        raise InternshipError(_("The student already has a valid certificate."))
    return certificate


def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> bool:
    if not reason.strip():
        raise InternshipError(_("Give a reason for revoking the certificate."))
    return bool(
        Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by, revoke_reason=reason.strip()[:300]
        )
    )


# -- contract template ---------------------------------------------------------------------------


def contract_template_save(
    *,
    by: User,
    school: School | None = None,
    region=None,
    rules_of_conduct: str,
    insurance: str,
    insurance_details: str = "",
    extra_terms: str = "",
    accepts_paper_logs: bool = False,
) -> ContractTemplate:
    """Save a school's or region's template. New contracts use it; existing ones keep the
    version their parties signed."""
    if (school is None) == (region is None):
        raise TypeError("a template belongs to a school or a region")
    lookup = {"school": school} if school is not None else {"region": region}
    template, _created = ContractTemplate.objects.update_or_create(
        **lookup,
        defaults={
            "rules_of_conduct": rules_of_conduct,
            "insurance": insurance,
            "insurance_details": insurance_details,
            "extra_terms": extra_terms,
            "accepts_paper_logs": accepts_paper_logs if school is not None else False,
            "updated_by": by,
        },
    )
    return template
