"""What the people of a region do in one simulated week, each step through the service
function the page they would use calls (no shortcut around a rule). A step that a rule refuses
is counted by the refusal's name and left, as a person would (try again, or give up).

Every step walks its rows in primary-key order and draws from one random stream per region,
week and step, so the same seed on the same starting data plays the same season."""

from __future__ import annotations

import dataclasses
import datetime
import random
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Sum

from stageplein.accounts.models import User
from stageplein.applications.models import Application, Side, Status
from stageplein.applications.services import (
    application_accept,
    application_approve,
    application_decline,
    application_submit,
)
from stageplein.applications.services.submission import application_submit_for_student
from stageplein.demo.words import DECLINE_REASONS, TASKS, motivation_for
from stageplein.internships.models import (
    Contract,
    HourEntry,
    Internship,
    Party,
    Rating,
    Report,
    Signature,
)
from stageplein.internships.services import (
    InternshipError,
    contract_sign,
    hour_entry_reject,
    hour_entry_submit,
    hour_entry_verify,
    internship_close,
    learning_goals_set,
    provider_assessment_submit,
    report_review,
    report_submit,
    student_evaluation_submit,
)
from stageplein.internships.services.common import guardians_of
from stageplein.internships.services.contract import provider_signers, school_signers
from stageplein.matching.models import Mode
from stageplein.matching.selectors import queue
from stageplein.matching.services import run_confirm, run_confirm_execute, run_create, run_execute
from stageplein.mediation.models import LIVE, AskedBy, MediationRequest
from stageplein.mediation.services import (
    MediationError,
    mediation_accept,
    mediation_ask,
    mediation_decline,
    mediation_propose,
    mediation_withdraw,
)
from stageplein.placements.models import Placement
from stageplein.placements.selectors import age_on
from stageplein.placements.services import placement_publish, placement_renew
from stageplein.simulation.area import Area, Clock, Fate, OpenPeriod, Pupil, broker_scopes, cell
from stageplein.simulation.params import Params

DAY = datetime.timedelta(days=1)
KM_PER_DEGREE = 111.0
RUNNING = [Internship.Status.PLANNED, Internship.Status.ACTIVE]


class Refusals:
    """The rule refusals a step met, counted by name (the report lists them)."""

    errors = (ValidationError, InternshipError, MediationError)


def _first(people: list[User]) -> User | None:
    # The signer lists come without an order (the platform reads them as sets): the lowest pk
    # is the same person in every run of the same seed, whatever order the rows are read in.
    return min(people, key=lambda user: user.pk) if people else None


def _refused(area: Area, exc: Exception) -> None:
    area.refused[type(exc).__name__] += 1


def _km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    # Flat-earth distance: enough to rank periods within a region (geo/distance has the exact one).
    dx = (a_lon - b_lon) * KM_PER_DEGREE * 0.62
    dy = (a_lat - b_lat) * KM_PER_DEGREE
    return (dx * dx + dy * dy) ** 0.5


# -- providers: late publication, renewal of stale placements ------------------------------


def providers_keep_up(area: Area, clock: Clock, rng: random.Random, p: Params, week: int) -> None:
    drafts = Placement.objects.filter(
        provider__region=area.region, status=Placement.Status.DRAFT
    ).select_related("contact", "provider")
    for placement in drafts.order_by("pk"):
        # A late provider publishes somewhere between week 4 and week 20.
        if week >= 4 and rng.random() < 1 / max(1, 20 - week + 1):
            clock.tick()
            try:
                placement_publish(placement=placement, by=placement.contact)
            except Refusals.errors as exc:
                _refused(area, exc)
    asked = Placement.objects.filter(
        provider__region=area.region,
        status=Placement.Status.PUBLISHED,
        renewal_requested_at__isnull=False,
    ).select_related("contact")
    for placement in asked.order_by("pk"):
        if rng.random() < p.renew_rate:
            clock.tick()
            placement_renew(placement=placement, by=placement.contact)


# -- students: search and react ------------------------------------------------------------


def students_react(
    area: Area, clock: Clock, rng: random.Random, p: Params, today: datetime.date
) -> None:
    placed, waiting = area.placed_and_open()
    # A student whose request for mediation is open waits for the broker's proposal.
    waiting |= set(live_requests(area))
    cells = area.open_periods(today)
    taken: dict[int, int] = {}
    reach = max(1, int(p.max_km / 7) + 1)
    for pk, pupil in area.pupils.items():
        w = pupil.window
        if w is None or pk in placed or pk in waiting or not area.acting(pk, today):
            continue
        if not (w.starts - 14 * DAY <= today <= w.ends) or pupil.lat is None:
            continue
        if rng.random() >= p.react_rate:
            continue
        options = _search(pupil, cells, taken, today, p, reach)
        if not options:
            area.refused["NothingFound"] += 1
            continue
        picks = options[:6]
        rng.shuffle(picks)
        for option in picks[: p.reactions_at_once]:
            clock.tick()
            try:
                application_submit(
                    student=pupil.student,
                    period=option.period,
                    motivation=motivation_for(option.placement.sector_id, rng.randrange(2)),
                )
                taken[option.period.pk] = taken.get(option.period.pk, 0) + 1
            except Refusals.errors as exc:
                _refused(area, exc)


def _search(
    pupil: Pupil,
    cells: dict[tuple[int, int], list[OpenPeriod]],
    taken: dict[int, int],
    today: datetime.date,
    p: Params,
    reach: int,
) -> list[OpenPeriod]:
    """The student's search: near home (R-PLACE-2), their level and age, a period in their
    window with a seat not asked for this week; what they are interested in first, then the
    nearest."""
    assert pupil.window is not None and pupil.lat is not None and pupil.lon is not None
    w, s = pupil.window, pupil.student
    home = cell(pupil.lat, pupil.lon)
    found = []
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            for option in cells.get((home[0] + dy, home[1] + dx), ()):
                period, placement = option.period, option.placement
                if period.starts_on > w.ends or period.ends_on < max(w.starts, today):
                    continue
                if option.free - taken.get(period.pk, 0) <= 0:
                    continue
                if s.level not in placement.levels:
                    continue
                if age_on(s.date_of_birth, max(period.starts_on, today)) < placement.min_age:
                    continue
                km = _km(pupil.lat, pupil.lon, placement.lat or 0, placement.lon or 0)
                if km > p.max_km:
                    continue
                liked = 0 if placement.sector_id in pupil.interests else 1
                found.append((liked, round(km), period.pk, option))
    found.sort(key=lambda x: x[:3])
    return [x[3] for x in found]


# -- providers answer, in reaction order --------------------------------------------------


def providers_answer(
    area: Area, clock: Clock, rng: random.Random, p: Params, today: datetime.date
) -> None:
    waiting = (
        Application.objects.filter(area.students(), status=Status.SUBMITTED)
        .select_related("placement__contact", "period")
        .order_by("period_id", "submitted_at", "pk")
    )
    for app in waiting:
        if rng.random() >= p.answer_rate:
            continue
        by = app.placement.contact
        clock.tick()
        late = app.period.starts_on < today - 14 * DAY
        try:
            if late or rng.random() < p.decline_rate:
                application_decline(application=app, by=by, reason=rng.choice(DECLINE_REASONS))
            else:
                application_accept(application=app, by=by)
        except Refusals.errors as exc:
            _refused(area, exc)
            if type(exc).__name__ == "PeriodFull":
                clock.tick()
                application_decline(application=app, by=by, reason=DECLINE_REASONS[0])


# -- mentors approve -------------------------------------------------------------------------


def mentors_approve(area: Area, clock: Clock, rng: random.Random, p: Params) -> None:
    accepted = (
        Application.objects.filter(area.students(), status=Status.ACCEPTED)
        .select_related("student__mentor")
        .order_by("pk")
    )
    for app in accepted:
        if rng.random() >= p.approve_rate:
            continue
        by = app.student.mentor or area.coordinators.get(app.student.school_id)
        clock.tick()
        try:
            application_approve(application=app, by=by)
        except Refusals.errors as exc:
            _refused(area, exc)


# -- contracts signed --------------------------------------------------------------------------


def _fate(area: Area, rng: random.Random, p: Params, internship_id: int) -> Fate:
    fate = area.fates.get(internship_id)
    if fate is None:
        fate = Fate(
            no_show=rng.random() < p.no_show_rate, late_parent=rng.random() < p.late_parent_rate
        )
        area.fates[internship_id] = fate
    return fate


def parties_sign(area: Area, clock: Clock, rng: random.Random, p: Params) -> None:
    contracts = (
        Contract.objects.filter(
            internship__student__school__region=area.region,
            internship__status__in=RUNNING,
            superseded_at__isnull=True,
            fully_signed_at__isnull=True,
        )
        .select_related(
            "internship__student__user", "internship__student__mentor", "internship__provider"
        )
        .prefetch_related("signatures")
        .order_by("pk")
    )
    for contract in contracts:
        internship = contract.internship
        fate = _fate(area, rng, p, internship.pk)
        signed = {s.party for s in contract.signatures.all()}
        for party in contract.required_parties:
            if party in signed:
                continue
            chance = (
                p.late_parent_sign_rate
                if party == Party.PARENT and fate.late_parent
                else p.sign_rate
            )
            if rng.random() >= chance:
                continue
            if party == Party.STUDENT:
                people = [internship.student.user]
            elif party == Party.PARENT:
                people = guardians_of(internship.student)
            elif party == Party.SCHOOL:
                people = school_signers(internship)
            else:
                people = provider_signers(internship)
            user = _first(people)
            if user is None:
                area.refused["NoSigner"] += 1
                continue
            clock.tick()
            method = (
                Signature.Method.PLATFORM
                if party in (Party.STUDENT, Party.SCHOOL)
                else Signature.Method.LINK
            )
            try:
                contract_sign(
                    contract=contract,
                    party=party,
                    user=user,
                    name=user.get_full_name(),
                    method=method,
                )
            except Refusals.errors as exc:
                _refused(area, exc)


# -- hours logged, confirmed, corrected ---------------------------------------------------------


def students_log(
    area: Area,
    clock: Clock,
    rng: random.Random,
    p: Params,
    monday: datetime.date,
    today: datetime.date,
) -> None:
    not_counting = [HourEntry.Status.REJECTED, HourEntry.Status.CORRECTED]
    running = (
        Internship.objects.filter(
            student__school__region=area.region, status__in=RUNNING, start_date__lte=today
        )
        .annotate(logged=Sum("hours__hours", filter=~Q(hours__status__in=not_counting)))
        .select_related("student__user", "provider")
        .order_by("pk")
    )
    for internship in running:
        fate = _fate(area, rng, p, internship.pk)
        if fate.no_show or not area.acting(internship.student_id, today):
            continue
        left = internship.planned_hours - (internship.logged or Decimal(0))
        if left <= 0 or rng.random() >= p.log_rate:
            continue
        day = monday + rng.randint(0, 5) * DAY
        if rng.random() < p.late_log_rate:
            day -= 7 * DAY  # logged a week after the session
        day = max(internship.start_date, min(day, internship.end_date, today))
        hours = min(Decimal(rng.choice([2, 3, 3, 4, 5])), left)
        tasks = TASKS.get(internship.provider.sector_id) or TASKS["buurt"]
        clock.tick()
        try:
            hour_entry_submit(
                internship=internship,
                by=internship.student.user,
                date=day,
                hours=hours,
                description=rng.choice(tasks),
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
            )
        except Refusals.errors as exc:
            _refused(area, exc)
    # Entries sent back: the student corrects them.
    corrected = HourEntry.objects.filter(corrects=OuterRef("pk"))
    rejected = (
        HourEntry.objects.filter(
            internship__student__school__region=area.region,
            internship__status__in=RUNNING,
            status=HourEntry.Status.REJECTED,
        )
        .exclude(Exists(corrected))
        .select_related("internship__student__user")
        .order_by("pk")
    )
    for entry in rejected:
        clock.tick()
        try:
            hour_entry_submit(
                internship=entry.internship,
                by=entry.internship.student.user,
                date=entry.date,
                hours=max(Decimal(1), entry.hours - 1),
                description=entry.description,
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
                corrects=entry,
            )
        except Refusals.errors as exc:
            _refused(area, exc)


def supervisors_verify(area: Area, clock: Clock, rng: random.Random, p: Params) -> None:
    waiting = (
        HourEntry.objects.filter(
            internship__student__school__region=area.region, status=HourEntry.Status.SUBMITTED
        )
        .select_related(
            "internship__supervisor", "internship__provider", "internship__student__mentor"
        )
        .order_by("pk")
    )
    for entry in waiting:
        if entry.pk not in area.seen_entries:
            area.seen_entries.add(entry.pk)
            if rng.random() < p.never_verify_rate:
                area.never_verified.add(entry.pk)
        if entry.pk in area.never_verified or rng.random() >= p.verify_rate:
            continue
        internship = entry.internship
        by = internship.supervisor or _first(provider_signers(internship))
        clock.tick()
        if entry.corrects_id is None and rng.random() < p.correction_rate:
            hour_entry_reject(entry=entry, by=by, reason="Dit klopt niet met ons rooster.")
        else:
            hour_entry_verify(entry=entry, by=by, method=HourEntry.Method.LINK)


# -- the end of an internship ------------------------------------------------------------------

PRAISE = ["Altijd op tijd en behulpzaam.", "Maakte snel contact met de mensen hier."]
REFLECTION = "Ik heb geleerd om zelf een gesprek te beginnen en om hulp te vragen."


def schools_finish(
    area: Area, clock: Clock, rng: random.Random, p: Params, today: datetime.date
) -> None:
    verified = Sum("hours__hours", filter=Q(hours__status=HourEntry.Status.VERIFIED))
    pending = HourEntry.objects.filter(internship=OuterRef("pk"), status=HourEntry.Status.SUBMITTED)
    ending = (
        Internship.objects.filter(student__school__region=area.region, status__in=RUNNING)
        .annotate(done=verified, pending=Exists(pending))
        .select_related("student__user", "student__mentor", "provider", "supervisor")
        .order_by("pk")
    )
    for internship in ending:
        done = internship.done or Decimal(0)
        over = internship.end_date < today
        if not (over or done >= internship.planned_hours):
            _maybe_stop(area, clock, rng, p, internship, today)
            continue
        if internship.pending and internship.end_date >= today - 14 * DAY:
            continue  # the school waits for the last confirmations
        by = _first(school_signers(internship))
        if by is None:
            continue
        clock.tick()
        try:
            if done == 0:
                internship_close(
                    internship=internship,
                    by=by,
                    status=Internship.Status.CANCELLED,
                    reason="Niet begonnen.",
                )
                continue
            internship_close(internship=internship, by=by, status=Internship.Status.COMPLETED)
            _evaluate(area, clock, rng, p, internship, by)
        except Refusals.errors as exc:
            _refused(area, exc)


def _maybe_stop(
    area: Area, clock: Clock, rng: random.Random, p: Params, internship: Internship, today
) -> None:
    """Falls ill (the internship is cancelled, the student looks again in three weeks) or
    drops out (for the rest of the year)."""
    roll = rng.random()
    if roll >= p.illness_rate + p.dropout_rate or internship.start_date > today:
        return
    by = _first(school_signers(internship))
    if by is None:
        return
    ill = roll < p.illness_rate
    clock.tick()
    internship_close(
        internship=internship,
        by=by,
        status=Internship.Status.CANCELLED,
        reason="Ziek geworden." if ill else "Gestopt met de stage.",
    )
    if ill:
        area.ill_until[internship.student_id] = today + 21 * DAY
    else:
        area.gone.add(internship.student_id)


def _evaluate(
    area: Area, clock: Clock, rng: random.Random, p: Params, internship: Internship, mentor
) -> None:
    user = internship.student.user
    if rng.random() < p.evaluation_rate:
        clock.tick()
        student_evaluation_submit(
            internship=internship,
            by=user,
            grade=max(3, min(10, round(rng.gauss(7.6, 1.1)))),
            comments="",
        )
    if rng.random() < p.evaluation_rate:
        by = internship.supervisor or _first(provider_signers(internship))
        if by is not None:
            clock.tick()
            provider_assessment_submit(
                internship=internship,
                by=by,
                attendance=rng.choices([Rating.GOOD, Rating.SUFFICIENT, Rating.POOR], [70, 25, 5])[
                    0
                ],
                effort=rng.choices([Rating.GOOD, Rating.SUFFICIENT, Rating.POOR], [60, 30, 10])[0],
                went_well=rng.choice(PRAISE),
            )
    if rng.random() < p.reflection_rate:
        clock.tick()
        learning_goals_set(
            internship=internship, by=user, text="Leren omgaan met mensen die ik niet ken."
        )
        report = report_submit(
            internship=internship, kind=Report.Kind.REFLECTION, by=user, text=REFLECTION
        )
        clock.tick()
        report_review(report=report, by=mentor, approve=True, comment="")


# -- brokers and schools place the rest --------------------------------------------------------


def brokers_round(area: Area, clock: Clock, p: Params, today: datetime.date) -> None:
    """Each broker's round for the students waiting in (or a few weeks past) their window:
    created, computed, confirmed and carried out by the matching services, as the broker's
    buttons and the task worker do. A window that is over lets the round look at the rest of
    the school year (matching's window_facts), so no option past the platform's is needed."""
    since = today - p.broker_after_weeks * 7 * DAY
    ended = today - p.broker_past_window_weeks * 7 * DAY
    for broker, user, scope in broker_scopes(area):
        waiting = queue(scope, area.school_year).filter(  # type: ignore[arg-type]
            open_reactions=0, window_starts__lte=since, window_ends__gte=ended
        )
        # A student the broker mediates for by hand is not also matched by the round.
        mediated = set(live_requests(area))
        ids = [
            pk
            for pk in waiting.values_list("pk", flat=True)
            if area.acting(pk, today) and pk not in mediated
        ]
        area.broker_round["queue"] += waiting.count()
        if not ids:
            continue
        clock.tick()
        run = run_create(
            broker=broker, by=user, student_ids=ids, mode=Mode.STABLE, selection={"all": True}
        )
        run_execute(run_id=run.pk)
        run.refresh_from_db()
        clock.tick()
        if run_confirm(run=run, by=user):
            done = run_confirm_execute(run_id=run.pk)
            area.broker_round["rounds"] += 1
            area.broker_round["students"] += len(ids)
            area.broker_round["proposed"] += done.n_created if done else 0


def schools_place(
    area: Area, clock: Clock, rng: random.Random, p: Params, today: datetime.date
) -> None:
    """After their window, the school's coordinator finds a place for those still without one
    (on the student's behalf, R-MATCH-2), the nearest free seat that is still to come."""
    placed, waiting = area.placed_and_open()
    cells = area.open_periods(today)
    taken: dict[int, int] = {}
    late = p.school_after_weeks * 7 * DAY
    for pk, pupil in area.pupils.items():
        w = pupil.window
        if w is None or pk in placed or pk in waiting or not area.acting(pk, today):
            continue
        if not (w.ends + late <= today < w.ends + late + 7 * DAY) or pupil.lat is None:
            continue
        by = area.coordinators.get(pupil.student.school_id)
        if by is None:
            continue
        later = Pupil(
            pupil.student, type(w)(today, today + 120 * DAY, w.hours), pupil.lat, pupil.lon
        )
        options = _search(later, cells, taken, today, p, 3)
        if not options:
            area.refused["NothingFoundForSchool"] += 1
            continue
        option = options[0]
        clock.tick()
        try:
            application_submit_for_student(
                student=pupil.student,
                period=option.period,
                by=by,
                side=Side.SCHOOL,
                motivation="Door school voorgesteld: dichtbij en nog plaats.",
            )
            taken[option.period.pk] = taken.get(option.period.pk, 0) + 1
        except Refusals.errors as exc:
            _refused(area, exc)


# -- mediation: students ask for help, the broker proposes, the student answers ----------------


def live_requests(area: Area) -> dict[int, MediationRequest]:
    """The region's open or proposed requests for mediation, by student."""
    return {
        req.student_id: req
        for req in MediationRequest.objects.filter(area.students(), status__in=LIVE)
        .select_related("student__user", "student__school")
        .order_by("pk")
    }


def _mediator(area: Area, req: MediationRequest) -> User | None:
    if req.broker_id is not None:
        return next((u for b, u in area.brokers if b.pk == req.broker_id), None)
    return area.coordinators.get(req.student.school_id)


def students_ask_help(
    area: Area, clock: Clock, rng: random.Random, p: Params, today: datetime.date
) -> None:
    """A student without a place and without a reaction waiting, some weeks into (or after)
    their window, asks for help; one who found a place meanwhile withdraws the request."""
    placed, waiting = area.placed_and_open()
    live = live_requests(area)
    for pk, req in live.items():
        if pk in placed or pk in waiting or pk in area.gone:
            clock.tick()
            try:
                mediation_withdraw(request=req, by=req.student.user)
            except Refusals.errors as exc:
                _refused(area, exc)
    # No end to the asking: a student whose internship was cancelled months after the window
    # (ill, not turned up) is past the broker's rounds and the school's week, and asks.
    after = p.ask_help_after_weeks * 7 * DAY
    for pk, pupil in area.pupils.items():
        w = pupil.window
        if w is None or pk in placed or pk in waiting or pk in live:
            continue
        if not area.acting(pk, today) or today < w.starts + after:
            continue
        if rng.random() >= p.ask_help_rate:
            continue
        clock.tick()
        try:
            mediation_ask(
                student=pupil.student,
                by=pupil.student.user,
                side=AskedBy.STUDENT,
                wishes="Ik heb nog geen stageplek gevonden. Graag iets in de buurt.",
            )
            area.mediation["asked"] += 1
        except Refusals.errors as exc:
            _refused(area, exc)


def brokers_propose(
    area: Area, clock: Clock, rng: random.Random, p: Params, today: datetime.date
) -> None:
    """The mediator proposes, for an open request, the seat that suits the student best for
    the rest of the school year: near home (a little further than the student looked), an
    interest first."""
    cells = area.open_periods(today)
    taken: dict[int, int] = {}
    wider = dataclasses.replace(p, max_km=p.mediation_max_km)
    reach = max(1, int(wider.max_km / 7) + 1)
    for pk, req in live_requests(area).items():
        pupil = area.pupils.get(pk)
        if req.status != MediationRequest.Status.OPEN or pupil is None or pupil.lat is None:
            continue
        if pupil.window is None or rng.random() >= p.propose_rate:
            continue
        by = _mediator(area, req)
        if by is None:
            area.refused["NoMediator"] += 1
            continue
        later = Pupil(
            pupil.student,
            type(pupil.window)(today, today + 120 * DAY, pupil.window.hours),
            pupil.lat,
            pupil.lon,
            pupil.interests,
        )
        options = _search(later, cells, taken, today, wider, reach)
        if not options:
            area.refused["NothingFoundForMediation"] += 1
            continue
        option = options[0]
        clock.tick()
        try:
            mediation_propose(
                request=req,
                by=by,
                period=option.period,
                note="Dichtbij, nog plaats, en past bij wat je zoekt.",
            )
            taken[option.period.pk] = taken.get(option.period.pk, 0) + 1
            area.mediation["proposed"] += 1
        except Refusals.errors as exc:
            _refused(area, exc)


def students_answer_proposals(area: Area, clock: Clock, rng: random.Random, p: Params) -> None:
    """The student accepts a proposal (a reaction is made on their behalf, which the provider
    and the mentor then answer as any other) or refuses it with a reason."""
    for req in live_requests(area).values():
        if req.status != MediationRequest.Status.PROPOSED or rng.random() >= p.proposal_answer_rate:
            continue
        by = req.student.user
        clock.tick()
        try:
            if rng.random() < p.proposal_refuse_rate:
                mediation_decline(request=req, by=by, reason="Te ver weg voor mij.")
            else:
                mediation_accept(request=req, by=by)
                area.mediation["accepted"] += 1
        except Refusals.errors as exc:
            _refused(area, exc)
