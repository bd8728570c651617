"""Own placements (zelf geregeld): the student or a parent registers an internship they found
themselves; a coordinator or the student's mentor approves or refuses it. Approval starts an
ordinary internship through ``internship_create`` (contract, hours, report, the norm)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Membership, Role, User
from stageplein.core.schoolyear import current_school_year, school_year_of
from stageplein.geo.models import PostcodeArea, Region
from stageplein.internships.models import OwnPlacement
from stageplein.internships.services.common import (
    InternshipError,
    guardians_of,
    in_site_language,
)
from stageplein.internships.services.contract import school_staff_for
from stageplein.internships.services.internship import internship_create
from stageplein.notifications.services import notify_many
from stageplein.organisations.models import JoinedVia, Provider, ReviewStatus, Sector
from stageplein.students.models import Student

# More than this per day of the internship is not a plausible plan for a pupil.
MAX_HOURS_PER_DAY = 8
MAX_LENGTH = datetime.timedelta(days=366)


def _check_dates(start_date: datetime.date, end_date: datetime.date, planned_hours: int) -> None:
    if end_date < start_date:
        raise InternshipError(_("The end date lies before the start date."))
    if end_date - start_date > MAX_LENGTH:
        raise InternshipError(_("An internship lasts at most one school year."))
    # This school year's or the next: an internship already over, or one a year and more ahead,
    # is a typing mistake far more often than a plan.
    this_year = current_school_year()
    if school_year_of(end_date) < this_year:
        raise InternshipError(_("These dates lie in a school year that is over."))
    if school_year_of(start_date) > this_year + 1:
        raise InternshipError(_("An own placement starts in the next school year at the latest."))
    days = (end_date - start_date).days + 1
    if planned_hours < 1 or planned_hours > days * MAX_HOURS_PER_DAY:
        raise InternshipError(
            _("%(hours)s hours in %(days)s days is more than %(max)s hours a day.")
            % {"hours": planned_hours, "days": days, "max": MAX_HOURS_PER_DAY}
        )


def _region_of(area: PostcodeArea) -> Region | None:
    return Region.objects.filter(municipalities=area.municipality_id).first()


def own_placement_register(
    *,
    student: Student,
    by: User,
    title: str,
    tasks: str,
    start_date: datetime.date,
    end_date: datetime.date,
    planned_hours: int,
    supervisor_name: str,
    supervisor_email: str,
    provider: Provider | None = None,
    organisation_name: str = "",
    organisation_address: str = "",
    organisation_sector: Sector | None = None,
    organisation_phone: str = "",
    organisation_email: str = "",
    organisation_postcode: PostcodeArea | None = None,
    kind: str = OwnPlacement.Kind.ORGANISATION,
) -> OwnPlacement:
    """Record the placement for the school to decide on; nothing is an internship yet. The
    school's own rules apply: whether own placements, club or hobby projects and places outside
    the region count, and the least number of hours."""
    _check_dates(start_date, end_date, planned_hours)
    school = student.school
    if not school.own_placements_allowed:
        raise InternshipError(
            _("Your school does not allow own placements: choose one in the vacancy bank.")
        )
    if planned_hours < school.own_placement_min_hours:
        raise InternshipError(
            _("Your school asks for at least %(n)s hours per own placement.")
            % {"n": school.own_placement_min_hours}
        )
    if kind == OwnPlacement.Kind.PROJECT and not school.own_projects_allowed:
        raise InternshipError(
            _("Your school does not count a project of your own club or hobby as an internship.")
        )
    if provider is None:
        if (
            not organisation_name.strip()
            or organisation_sector is None
            or organisation_postcode is None
        ):
            raise InternshipError(
                _("Choose the organisation, or give the name, sector and postcode of a new one.")
            )
        region = _region_of(organisation_postcode)
        region_id = region.pk if region else None
    elif provider.review_status == ReviewStatus.REFUSED:
        raise InternshipError(_("This organisation cannot take students through the platform."))
    else:
        region_id = provider.region_id
    if region_id != school.region_id and not school.own_placements_outside_region:
        raise InternshipError(
            _("Your school accepts own placements only in its own region (%(region)s).")
            % {"region": school.region.name}
        )
    op = OwnPlacement.objects.create(
        student=student,
        registered_by=by,
        kind=kind,
        provider=provider,
        organisation_postcode=None if provider else organisation_postcode,
        organisation_name="" if provider else organisation_name.strip(),
        organisation_address="" if provider else organisation_address.strip(),
        organisation_sector=None if provider else organisation_sector,
        organisation_phone="" if provider else organisation_phone.strip(),
        organisation_email="" if provider else organisation_email.strip(),
        title=title.strip(),
        tasks=tasks.strip(),
        start_date=start_date,
        end_date=end_date,
        planned_hours=planned_hours,
        supervisor_name=supervisor_name.strip(),
        supervisor_email=supervisor_email.strip().lower(),
    )
    # The teacher has no time to look for it: the placement comes to them.
    notify_many(
        school_staff_for(student),
        kind="own_placement_submitted",
        title=in_site_language(_("A student registered an own placement for you to decide on")),
        url=reverse("own_placement_detail", args=[op.pk]),
    )
    return op


def _tell_student(op: OwnPlacement) -> None:
    """The student and the parents hear the school's decision (the reason is on the page, not
    in the title: titles travel by e-mail)."""
    approved = op.status == OwnPlacement.Status.APPROVED
    notify_many(
        [op.student.user, *guardians_of(op.student)],
        kind="own_placement_decided",
        title=in_site_language(
            _("The school approved the own placement: the contract is ready")
            if approved
            else _("The school did not approve the own placement")
        ),
        url=reverse("own_placement_detail", args=[op.pk]),
    )


def _lock_submitted(own_placement: OwnPlacement) -> OwnPlacement:
    """The row, locked; a second decision (two staff, a double click) finds it decided."""
    locked = OwnPlacement.objects.select_for_update().get(pk=own_placement.pk)
    if locked.status != OwnPlacement.Status.SUBMITTED:
        raise InternshipError(_("This own placement has already been decided."))
    return locked


def _new_provider(op: OwnPlacement) -> Provider:
    """The organisation the student found, on the platform but not yet reviewed: it offers no
    placements to other students until a broker (or the school) has checked it."""
    school = op.student.school
    assert op.organisation_sector is not None
    # Where the organisation is, when it is known (registered before postcodes were asked:
    # the school's place); in a region Stageplein does not serve, it is the school's region
    # that reviews it.
    area = op.organisation_postcode
    region = _region_of(area) if area else None
    return Provider.objects.create(
        name=op.organisation_name,
        sector=op.organisation_sector,
        region_id=region.pk if region else school.region_id,
        municipality_id=area.municipality_id if area else school.municipality_id,
        description=op.organisation_address,
        phone=op.organisation_phone,
        email=op.organisation_email,
        review_status=ReviewStatus.PENDING,
        joined_via=JoinedVia.OWN_PLACEMENT,
    )


def _supervisor(op: OwnPlacement, provider: Provider, *, new_provider: bool) -> User:
    """The supervisor becomes a person of the organisation, without a password: hours and the
    contract reach them by one-time links, and they can claim the account later."""
    user = User.objects.filter(email__iexact=op.supervisor_email).first()
    if user is None:
        first, _sep, last = op.supervisor_name.partition(" ")
        user = User.objects.create_user(op.supervisor_email, None, first_name=first, last_name=last)
    roles = [Role.SUPERVISOR, Role.PROVIDER_CONTACT] if new_provider else [Role.SUPERVISOR]
    for role in roles:
        Membership.objects.get_or_create(user=user, role=role.value, provider=provider)
    return user


@transaction.atomic
def own_placement_approve(*, own_placement: OwnPlacement, by: User) -> OwnPlacement:
    op = _lock_submitted(own_placement)
    new_provider = op.provider is None
    provider = _new_provider(op) if new_provider else op.provider
    assert provider is not None
    supervisor = _supervisor(op, provider, new_provider=new_provider)
    internship = internship_create(
        student=op.student,
        provider=provider,
        title=op.title,
        start_date=op.start_date,
        end_date=op.end_date,
        planned_hours=op.planned_hours,
        supervisor=supervisor,
        tasks=op.tasks,
        created_by=by,
    )
    op.provider = provider
    op.internship = internship
    op.status = OwnPlacement.Status.APPROVED
    op.decided_by = by
    op.decided_at = timezone.now()
    op.save(update_fields=["provider", "internship", "status", "decided_by", "decided_at"])
    _tell_student(op)
    return op


@transaction.atomic
def own_placement_refuse(*, own_placement: OwnPlacement, by: User, reason: str) -> OwnPlacement:
    reason = reason.strip()
    if not reason:
        raise InternshipError(_("Give a reason: the student and parents read it."))
    op = _lock_submitted(own_placement)
    op.status = OwnPlacement.Status.REFUSED
    op.refusal_reason = reason
    op.decided_by = by
    op.decided_at = timezone.now()
    op.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
    _tell_student(op)
    return op
