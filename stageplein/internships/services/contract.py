"""The contract: issued from the template, signed by every party (R-INT-1), changed while
unsigned, reminded; and the templates schools and regions keep."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.links import issue_link
from stageplein.accounts.models import Membership, Role, User
from stageplein.internships.models import (
    Contract,
    ContractTemplate,
    Internship,
    Party,
    Signature,
)
from stageplein.internships.services.certificates import certificate_issue_if_due
from stageplein.internships.services.common import (
    CONTRACT_SIGN,
    LINK_MAX_AGE,
    InternshipError,
    guardians_of,
    in_site_language,
    mail_link,
)
from stageplein.internships.services.defaults import (
    guidance_summary,
    parent_must_sign,
    template_terms,
)
from stageplein.notifications.services import notify
from stageplein.organisations.models import School
from stageplein.students.models import Student


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
        "schedule": internship.schedule,
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


def school_staff_for(student: Student) -> list[User]:
    """Who acts for the school about this student: their mentor, else the coordinators."""
    if student.mentor is not None:
        return [student.mentor]
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.COORDINATOR, school_id=student.school_id
        ).select_related("user")
    ]


def school_signers(internship: Internship) -> list[User]:
    return school_staff_for(internship.student)


def provider_signers(internship: Internship) -> list[User]:
    """Who signs for the organisation: its contacts (the people who speak for it), else the
    internship's supervisor if they are not an mbo/hbo student. At school: the school."""
    if internship.provider.school_id is not None:
        return school_signers(internship)
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
                title=in_site_language(_("Your internship contract is ready to sign")),
                url=url,
            )
            sent += 1
        elif party == Party.SCHOOL:
            for user in school_signers(internship):
                if user != by:
                    notify(
                        user,
                        kind="contract_to_sign",
                        title=in_site_language(
                            _("An internship contract is waiting for your signature")
                        ),
                        url=url,
                    )
                    sent += 1
        else:
            people = (
                guardians_of(internship.student)
                if party == Party.PARENT
                else provider_signers(internship)
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
                    title=in_site_language(
                        _("An internship contract is waiting for your signature")
                    ),
                    url=url,
                    email=False,
                )
                # Name the placement and its dates, so a parent or organisation with several
                # internships knows which contract this is; the child's name stays out of the
                # e-mail (it travels unencrypted) and is on the page behind the link.
                mail_link(
                    user,
                    subject=in_site_language(
                        _("Internship contract for “%(title)s” at %(provider)s: please sign")
                    )
                    % {"title": internship.title, "provider": internship.provider.name},
                    template="internships/email/contract_sign.txt",
                    path=reverse("contract_sign_link", args=[raw]),
                    context={
                        "title": internship.title,
                        "provider": internship.provider.name,
                        "start": internship.start_date,
                        "end": internship.end_date,
                        "parent": party == Party.PARENT,
                    },
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
    "schedule",
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
    title = in_site_language(_("The internship contract has been signed by everyone"))
    student = internship.student
    notify(student.user, kind="contract_signed", title=title, url=url)
    if student.mentor is not None:
        notify(student.mentor, kind="contract_signed", title=title, url=url, email=False)
    # Verified hours may count from now on.
    certificate_issue_if_due(student=student)


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
