from __future__ import annotations

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts import tasks
from stageplein.accounts.access import get_scope
from stageplein.accounts.links import issue_link, peek_link, use_link
from stageplein.accounts.models import Membership, Role, User
from stageplein.core.links import absolute_reverse
from stageplein.geo.models import PostcodeArea, Region
from stageplein.organisations.access import may_merge_providers
from stageplein.organisations.models import (
    JoinedVia,
    Provider,
    ProviderLocation,
    ProviderSignup,
    ReviewStatus,
    Sector,
)

PROVIDER_FIELDS = (
    "description",
    "website",
    "phone",
    "email",
    "weekly_intake_cap",
    "kvk_number",
    "iban",
    "account_holder",
    "postal_address",
)


def provider_update(*, provider: Provider, by: User, **fields: object) -> Provider:
    """A provider's contact (or the broker of its area) keeps its own details current. The
    change is recorded by django-auditlog where the model is registered."""
    unknown = set(fields) - set(PROVIDER_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.full_clean()
    provider.save(update_fields=list(fields))
    return provider


class OrganisationError(Exception):
    """A rule stops this sign-up or review; the message is shown to the person."""


def duplicate_of(*, name: str, postcode: PostcodeArea, kvk_number: str = "") -> Provider | None:
    """An organisation already on the platform: the same KvK number, or the same name in the
    same municipality."""
    if kvk_number:
        same = ProviderSignup.objects.filter(kvk_number=kvk_number).select_related("provider")
        if (signup := same.first()) is not None:
            return signup.provider
        if (known := Provider.objects.filter(kvk_number=kvk_number).first()) is not None:
            return known
    return Provider.objects.filter(
        name__iexact=name.strip(), municipality_id=postcode.municipality_id
    ).first()


def _region_of(postcode: PostcodeArea) -> Region:
    region = Region.objects.filter(municipalities=postcode.municipality_id).first()
    if region is None:
        raise OrganisationError(_("Stageplein does not serve this municipality yet."))
    return region


@transaction.atomic
def provider_signup(
    *,
    name: str,
    kind: str,
    sector: Sector,
    postcode: PostcodeArea,
    address: str,
    description: str,
    contact_name: str,
    contact_email: str,
    motivation: str,
    contact_phone: str = "",
    kvk_number: str = "",
) -> ProviderSignup:
    """An organisation signs up: it is recorded pending review, and nothing of it reaches
    students until the broker of its area (or a school coordinator) has approved it."""
    if duplicate_of(name=name, postcode=postcode, kvk_number=kvk_number) is not None:
        raise OrganisationError(
            _("This organisation is already on Stageplein. Ask the broker of your area for access.")
        )
    provider = Provider.objects.create(
        name=name.strip(),
        kind=kind,
        sector=sector,
        region=_region_of(postcode),
        municipality_id=postcode.municipality_id,
        description=description.strip(),
        review_status=ReviewStatus.PENDING,
        joined_via=JoinedVia.SIGNUP,
    )
    ProviderLocation.objects.create(
        provider=provider, name=name.strip(), address=address, postcode=postcode
    )
    signup = ProviderSignup.objects.create(
        provider=provider,
        address=address.strip(),
        postcode=postcode,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip().lower(),
        contact_phone=contact_phone.strip(),
        kvk_number=kvk_number.strip(),
        motivation=motivation.strip(),
    )
    _send_confirmation(signup)
    return signup


SIGNUP_CONFIRM = "provider_signup_confirm"
SIGNUP_CONFIRM_DAYS = 14


def _send_confirmation(signup: ProviderSignup) -> None:
    """Mail the contact person a one-time link; the mail goes by the task worker after commit."""
    raw = issue_link(
        SIGNUP_CONFIRM,
        payload={"signup": signup.pk},
        max_age=datetime.timedelta(days=SIGNUP_CONFIRM_DAYS),
    )
    body = render_to_string(
        "organisations/email/signup_confirm.txt",
        {
            "signup": signup,
            "link": absolute_reverse("provider_signup_confirm", raw),
            "days": SIGNUP_CONFIRM_DAYS,
        },
    )
    subject = "Stageplein: " + str(_("confirm the sign-up of your organisation"))
    to = [signup.contact_email]
    transaction.on_commit(
        lambda: tasks.send_rendered_email.enqueue(subject=subject, body=body, html="", to=to)
    )


def provider_signup_confirm(*, raw: str) -> ProviderSignup | None:
    """The contact person clicked the link: the sign-up goes to the reviewers. A link used
    before, expired or unknown does nothing (None)."""
    link = use_link(SIGNUP_CONFIRM, raw)
    if link is None:
        return None
    signup = ProviderSignup.objects.get(pk=link.payload["signup"])
    ProviderSignup.objects.filter(pk=signup.pk, email_confirmed_at__isnull=True).update(
        email_confirmed_at=timezone.now()
    )
    signup.refresh_from_db()
    return signup


@transaction.atomic
def provider_review(*, provider: Provider, by: User, approve: bool, note: str = "") -> bool:
    """Approve or refuse a pending organisation. One guarded UPDATE decides, so two reviewers
    at the same moment make one decision; the second (and any retry) gets False."""
    note = note.strip()
    if not approve and not note:
        raise OrganisationError(_("Give a reason: the organisation reads it."))
    status = ReviewStatus.APPROVED if approve else ReviewStatus.REFUSED
    changed = Provider.objects.filter(pk=provider.pk, review_status=ReviewStatus.PENDING).update(
        review_status=status
    )
    if not changed:
        return False
    signup = ProviderSignup.objects.filter(provider=provider).first()
    if signup is not None:
        signup.reviewed_by = by
        signup.reviewed_at = timezone.now()
        signup.review_note = note
        signup.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        if approve:
            # The contact joins without a password; they claim the account by resetting it.
            user = User.objects.filter(email__iexact=signup.contact_email).first()
            if user is None:
                first, _sep, last = signup.contact_name.partition(" ")
                user = User.objects.create_user(
                    signup.contact_email, None, first_name=first, last_name=last
                )
            Membership.objects.get_or_create(
                user=user, role=Role.PROVIDER_CONTACT.value, provider=provider
            )
    provider.review_status = status
    return True


@transaction.atomic
def provider_add(
    *,
    by: User,
    name: str,
    kind: str,
    sector: Sector,
    postcode: PostcodeArea,
    address: str,
    description: str = "",
    phone: str = "",
    email: str = "",
    kvk_number: str = "",
) -> Provider:
    """A broker records an organisation of their area: approved at once (they are the reviewer),
    with its first location. One already on the platform is not made twice (the view offers
    it instead, to add a location or invite a contact there)."""
    if duplicate_of(name=name, postcode=postcode, kvk_number=kvk_number) is not None:
        raise OrganisationError(_("This organisation is already on Stageplein."))
    provider = Provider.objects.create(
        name=name.strip(),
        kind=kind,
        sector=sector,
        region=_region_of(postcode),
        municipality_id=postcode.municipality_id,
        description=description.strip(),
        phone=phone.strip(),
        email=email.strip(),
        kvk_number=kvk_number.strip(),
        review_status=ReviewStatus.APPROVED,
    )
    ProviderLocation.objects.create(
        provider=provider, name=name.strip(), address=address, postcode=postcode
    )
    return provider


SIGNUP_CHANGE = "provider_signup_change"
SIGNUP_CHANGE_DAYS = 30
RESUBMIT_FIELDS = ("name", "kind", "sector", "description")
RESUBMIT_SIGNUP_FIELDS = ("address", "contact_phone", "kvk_number", "motivation")


@transaction.atomic
def provider_ask_changes(*, provider: Provider, by: User, note: str) -> bool:
    """The reviewer asks a pending sign-up for changes, with a message the organisation reads
    (by e-mail, and above the form it changes the sign-up in). Decided by the same guarded
    UPDATE as approving or refusing: of two reviewers, one decides; a retry gets False."""
    note = note.strip()
    if not note:
        raise OrganisationError(_("Say what should change: the organisation reads it."))
    signup = ProviderSignup.objects.filter(provider=provider).first()
    if signup is None:
        # Recorded by a student's own placement: nobody of the organisation can answer yet.
        raise OrganisationError(_("Only a sign-up by the organisation itself can be changed."))
    changed = Provider.objects.filter(pk=provider.pk, review_status=ReviewStatus.PENDING).update(
        review_status=ReviewStatus.CHANGES
    )
    if not changed:
        return False
    signup.reviewed_by = by
    signup.reviewed_at = timezone.now()
    signup.review_note = note
    signup.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    provider.review_status = ReviewStatus.CHANGES
    raw = issue_link(
        SIGNUP_CHANGE,
        payload={"signup": signup.pk},
        max_age=datetime.timedelta(days=SIGNUP_CHANGE_DAYS),
    )
    body = render_to_string(
        "organisations/email/signup_change.txt",
        {
            "signup": signup,
            "note": note,
            "link": absolute_reverse("provider_signup_change", raw),
            "days": SIGNUP_CHANGE_DAYS,
        },
    )
    subject = "Stageplein: " + str(_("please change the sign-up of your organisation"))
    to = [signup.contact_email]
    transaction.on_commit(
        lambda: tasks.send_rendered_email.enqueue(subject=subject, body=body, html="", to=to)
    )
    return True


def signup_to_change(raw: str) -> ProviderSignup | None:
    """The sign-up a change link is for, while the link works and changes are asked."""
    link = peek_link(SIGNUP_CHANGE, raw)
    if link is None:
        return None
    return (
        ProviderSignup.objects.select_related("provider", "postcode")
        .filter(pk=link.payload["signup"], provider__review_status=ReviewStatus.CHANGES)
        .first()
    )


@transaction.atomic
def provider_signup_resubmit(*, raw: str, **fields: object) -> ProviderSignup | None:
    """The organisation sends its changed sign-up: the link is used (once; a second use does
    nothing and returns None), the changes are saved and the sign-up waits for review again.
    The e-mail address stays the confirmed one."""
    unknown = set(fields) - {*RESUBMIT_FIELDS, *RESUBMIT_SIGNUP_FIELDS, "postcode"}
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    signup = signup_to_change(raw)
    if signup is None:
        return None
    provider = signup.provider
    postcode = fields.get("postcode", signup.postcode)
    assert isinstance(postcode, PostcodeArea)
    same = duplicate_of(
        name=str(fields.get("name", provider.name)),
        postcode=postcode,
        kvk_number=str(fields.get("kvk_number", "")),
    )
    if same is not None and same.pk != provider.pk:
        raise OrganisationError(
            _("This organisation is already on Stageplein. Ask the broker of your area for access.")
        )
    if use_link(SIGNUP_CHANGE, raw) is None:
        return None
    if not Provider.objects.filter(pk=provider.pk, review_status=ReviewStatus.CHANGES).update(
        review_status=ReviewStatus.PENDING
    ):
        return None
    for name in RESUBMIT_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(provider, name, value.strip() if isinstance(value, str) else value)
    provider.municipality_id = postcode.municipality_id
    provider.region = _region_of(postcode)
    provider.review_status = ReviewStatus.PENDING
    provider.save()
    for name in RESUBMIT_SIGNUP_FIELDS:
        if name in fields:
            setattr(signup, name, str(fields[name]).strip())
    signup.postcode = postcode
    signup.save()
    # The first location was made from the sign-up's address: it moves with it.
    ProviderLocation.objects.filter(
        pk=ProviderLocation.objects.filter(provider=provider).order_by("pk").values("pk")[:1]
    ).update(name=provider.name, address=signup.address, postcode=postcode)
    return signup


def provider_location_add(
    *, provider: Provider, by: User, name: str, address: str, postcode: PostcodeArea
) -> ProviderLocation:
    """The broker adds a location where the organisation also takes students."""
    if not Region.objects.filter(
        municipalities=postcode.municipality_id, pk=provider.region_id
    ).exists():
        raise OrganisationError(_("This address lies outside the organisation's region."))
    return ProviderLocation.objects.create(
        provider=provider, name=name.strip(), address=address.strip(), postcode=postcode
    )


CONTACT_INVITE = "provider_contact_invite"
CONTACT_INVITE_DAYS = 14


def provider_contact_invite(
    *, provider: Provider, by: User, email: str, first_name: str, last_name: str
) -> None:
    """The broker invites a contact person of the organisation: a one-time link by e-mail with
    which they choose a password and become the organisation's contact. Nothing is recorded of
    the person until they use it."""
    email = email.strip().lower()
    if Membership.objects.filter(
        user__email__iexact=email, provider=provider, role=Role.PROVIDER_CONTACT.value
    ).exists():
        raise OrganisationError(_("This person is already a contact of the organisation."))
    raw = issue_link(
        CONTACT_INVITE,
        payload={
            "provider": provider.pk,
            "email": email,
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
        },
        max_age=datetime.timedelta(days=CONTACT_INVITE_DAYS),
    )
    body = render_to_string(
        "organisations/email/contact_invite.txt",
        {
            "name": f"{first_name} {last_name}".strip(),
            "provider": provider,
            "by": by.get_full_name() or by.email,
            "link": absolute_reverse("provider_contact_claim", raw),
            "days": CONTACT_INVITE_DAYS,
        },
    )
    subject = "Stageplein: " + str(_("you are invited as the contact of %(name)s")) % {
        "name": provider.name
    }
    transaction.on_commit(
        lambda: tasks.send_rendered_email.enqueue(subject=subject, body=body, html="", to=[email])
    )


def contact_invite_of(raw: str) -> dict | None:
    """What an invitation link is for, while it still works (not using it)."""
    link = peek_link(CONTACT_INVITE, raw)
    return None if link is None else dict(link.payload)


@transaction.atomic
def provider_contact_claim(*, raw: str, password: str) -> User | None:
    """The invited person uses the link (once: a second use does nothing and returns None):
    their account, with the password they chose, becomes the organisation's contact."""
    link = use_link(CONTACT_INVITE, raw)
    if link is None:
        return None
    data = link.payload
    provider = Provider.objects.filter(pk=data["provider"]).first()
    if provider is None:
        return None
    user = User.objects.filter(email__iexact=data["email"]).first()
    if user is None:
        user = User.objects.create_user(
            data["email"], None, first_name=data["first_name"], last_name=data["last_name"]
        )
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    Membership.objects.get_or_create(user=user, role=Role.PROVIDER_CONTACT.value, provider=provider)
    return user


# What a kept organisation may already have of the duplicate's: the same person as its
# contact or supervisor, the same school linked for the same year. The duplicate's copy is
# dropped; anything else that cannot move stops the merge.
ALREADY_THERE = {"accounts.membership", "placements.schoollink"}
# Details the kept organisation lacks are taken from the duplicate.
MERGE_FILLS = (*PROVIDER_FIELDS, "learning")


@dataclass(frozen=True)
class Merged:
    keep: Provider
    moved: dict[str, int]  # model label -> rows moved to the kept organisation
    dropped: dict[str, int]  # model label -> rows the kept organisation had already


@transaction.atomic
def organisation_merge(*, broker: User, keep: Provider, duplicate: Provider) -> Merged:
    """Make one organisation of two (one created before the duplicate check, or a sign-up of
    an organisation already recorded): everything that points at the duplicate (contacts and
    supervisors, locations, placements with their history of internships, school links, event
    sign-ups, photos) moves to the one kept, which takes the details it lacks; the duplicate
    is then removed. One transaction: a merge happens whole or not at all, and the audit log
    records who merged what.

    The rows move one by one through their own ``save`` so that what a model keeps up to date
    when it changes (a placement's search text, the scope cache of a contact) follows."""
    if not may_merge_providers(get_scope(broker), keep, duplicate):
        raise OrganisationError(_("Only the broker of both organisations' areas can merge them."))
    # Both rows locked in one order: a second merge of the same pair waits, then finds the
    # duplicate gone.
    locked = {
        p.pk: p
        for p in Provider.objects.select_for_update()
        .filter(pk__in=[keep.pk, duplicate.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise OrganisationError(_("This organisation has been merged already."))
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    moved: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for relation in Provider._meta.related_objects:
        if relation.one_to_one:
            continue  # the duplicate's own sign-up: its record goes with it
        model, field = relation.related_model, relation.field.name
        label = model._meta.label_lower
        for row in model._base_manager.filter(**{field: duplicate}).order_by("pk"):
            setattr(row, field, keep)
            try:
                with transaction.atomic():
                    row.save(update_fields=[field])
            except IntegrityError:
                if label not in ALREADY_THERE:
                    raise
                model._base_manager.filter(pk=row.pk).delete()
                dropped[label] = dropped.get(label, 0) + 1
            else:
                moved[label] = moved.get(label, 0) + 1
    filled = [f for f in MERGE_FILLS if not getattr(keep, f) and getattr(duplicate, f)]
    for name in filled:
        setattr(keep, name, getattr(duplicate, name))
    if filled:
        keep.save(update_fields=filled)
    LogEntry.objects.log_create(
        keep,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"merged": [f"{duplicate.name} (#{duplicate.pk})", f"{keep.name} (#{keep.pk})"]},
        actor=broker,
        additional_data={"duplicate": duplicate.pk, "moved": moved, "dropped": dropped},
    )
    duplicate.delete()
    return Merged(keep=keep, moved=moved, dropped=dropped)
