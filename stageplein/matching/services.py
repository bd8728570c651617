"""Writes of the broker's matching: weights, runs (create → compute → review → confirm).
A school that runs its own rounds (R-MATCH-8, no broker serves it) goes through the very same
functions; only the run's owner, the scope of its students and the wording differ.

The race-prone writes and how they are closed:
- confirming a run: one guarded UPDATE (PROPOSED → CONFIRMING), so two brokers pressing the
  button at once confirm it once; each proposal is then handled under its own row lock and
  only while it has no outcome, so a task that runs twice makes no reaction twice;
- the seats: a reaction is made through applications.services.application_submit_for_student,
  which counts the period's held and asked-for seats under the period lock (docs/capacity.md).
"""

from __future__ import annotations

import datetime
import json
import math
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stageplein.accounts.models import User
from stageplein.applications.models import Application, Side, Status
from stageplein.applications.refusals import Refused
from stageplein.applications.services.people import (
    guardians_of,
    provider_people_of,
    school_people_of,
)
from stageplein.applications.services.submission import application_submit_for_student

# tasks.py imports this module too: both import the module, not its names, so either may
# be imported first.
from stageplein.matching import tasks
from stageplein.matching.candidates import (
    KEPT_CANDIDATES,
    Weights,
    allocate_candidates,
    build_candidates,
)
from stageplein.matching.explain import reason, sector_names, unplaced_facts
from stageplein.matching.models import DEFAULT_WEIGHTS, MatchingSettings, Mode, Proposal, Run
from stageplein.matching.selectors import (
    Desk,
    run_scope,
    seats_left_in_run,
    settings_for,
    waiting_order,
)
from stageplein.notifications.services import notify, notify_many
from stageplein.organisations.models import Broker, School
from stageplein.students.models import Student

SAVE_BATCH = 1000
PROGRESS_EVERY = 25
PROGRESS_SECONDS = 0.5


# -- weights ---------------------------------------------------------------------------------


def settings_save(*, broker: Broker, by: User | None, **weights: int) -> MatchingSettings:
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(f"unknown weights: {sorted(unknown)}")
    found = settings_for(broker)
    for name, value in weights.items():
        setattr(found, name, value)
    found.updated_by = by
    found.full_clean()
    found.save()
    return found


# -- a student's guidance needs ----------------------------------------------------------------


def guidance_save(
    *,
    student: Student,
    by: User | None,
    needs_teacher_present: bool,
    needs_pair: bool,
    guidance_needs: str,
    hobbies: str | None = None,
    interests: list[str] | None = None,
) -> Student:
    """R-INT-5 and R-MATCH-3, as the school or the broker records them (the student's record
    is in the audit log). Interests are kept in the order given: the matching counts it."""
    student.needs_teacher_present = needs_teacher_present
    student.needs_pair = needs_pair
    student.guidance_needs = guidance_needs.strip()[:200]
    fields = ["needs_teacher_present", "needs_pair", "guidance_needs"]
    if hobbies is not None:
        student.hobbies = hobbies.strip()[:200]
        fields.append("hobbies")
    with transaction.atomic():
        student.save(update_fields=fields)
        if interests is not None:
            through = Student.interests.through
            through.objects.filter(student_id=student.pk).delete()
            # One row at a time: the rows' order is the order of the student's interests.
            for code in dict.fromkeys(interests):
                through.objects.create(student_id=student.pk, sector_id=code)
    return student


# -- a run -----------------------------------------------------------------------------------


def run_create(
    *,
    broker: Broker | None = None,
    school: School | None = None,
    by: User,
    student_ids: list[int],
    mode: str,
    selection: dict,
) -> Run:
    """Record the run (whose: a broker's or a school's; who, which students, which weights)
    and queue the computation. Only the owner's students are computed (run_scope), whatever
    ids are given."""
    if (broker is None) == (school is None):
        raise ValueError("a run belongs to a broker or to a school")
    if mode not in Mode.values:
        raise Refused(_("Choose how to divide the places."))
    ids = list(dict.fromkeys(int(pk) for pk in student_ids))
    if not ids:
        raise Refused(_("Select at least one student."))
    run = Run.objects.create(
        broker=broker,
        school=school,
        created_by=by,
        mode=mode,
        weights=Desk(broker=broker, school=school).weights().as_weights(),
        selection=selection,
        student_ids=ids,
        total=len(ids),
    )
    pk = run.pk
    transaction.on_commit(lambda: tasks.compute_run.enqueue(pk))
    return run


def run_execute(*, run_id: int) -> Run | None:
    """What the task worker does: claim the run once, find candidates, divide, save."""
    claimed = Run.objects.filter(pk=run_id, status=Run.Status.QUEUED).update(
        status=Run.Status.RUNNING, phase=Run.Phase.CANDIDATES, done=0
    )
    if not claimed:
        return None
    run = Run.objects.select_related("broker", "school").get(pk=run_id)
    try:
        return _compute(run)
    except Exception as exc:
        Run.objects.filter(pk=run_id).update(
            status=Run.Status.FAILED,
            phase=Run.Phase.FINISHED,
            error=str(exc)[:1000],
            finished_at=timezone.now(),
        )
        raise


def _compute(run: Run) -> Run:
    timings: dict[str, float] = {}
    t = time.perf_counter()
    rows = waiting_order(run_scope(run), run.student_ids)
    ids = [pk for pk, _since in rows]
    since = dict(rows)
    Run.objects.filter(pk=run.pk).update(total=len(ids))

    cset = build_candidates(
        student_ids=ids,
        weights=Weights.from_dict(run.weights),
        progress=candidates_progress(run.pk),
    )
    timings["candidates"] = time.perf_counter() - t
    t = time.perf_counter()
    Run.objects.filter(pk=run.pk).update(phase=Run.Phase.ALLOCATING, done=0)
    allocation = _allocate_with_progress(run.pk, cset, run.mode, len(ids))
    why = unplaced_facts(cset, allocation, run.mode)
    timings["allocation"] = time.perf_counter() - t
    t = time.perf_counter()
    Run.objects.filter(pk=run.pk).update(phase=Run.Phase.SAVING, done=len(ids))
    proposals = proposals_of(run, cset, allocation, why, since)
    with transaction.atomic():
        save_proposals(proposals)
    timings["saving"] = time.perf_counter() - t
    stats = {
        **cset.stats,
        "placed": allocation.n_placed,
        "total_cost": allocation.total_cost,
        "rounds": allocation.rounds,
        "left_out": len(run.student_ids) - len(ids),
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    Run.objects.filter(pk=run.pk).update(
        status=Run.Status.PROPOSED,
        phase=Run.Phase.FINISHED,
        n_students=len(ids),
        n_proposed=allocation.n_placed,
        done=len(ids),
        stats=stats,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    if run.created_by is not None:
        with translation.override(settings.LANGUAGE_CODE):
            title = ngettext(
                "Matching: a place proposed for %(n)s of %(total)s student",
                "Matching: a place proposed for %(n)s of %(total)s students",
                run.n_students,
            ) % {"n": run.n_proposed, "total": run.n_students}
        notify(
            run.created_by,
            kind="matching_run_ready",
            title=title,
            url=reverse("matching_run_detail", args=[run.pk]),
            email=False,
        )
    return run


def candidates_progress(run_id: int):
    """The candidate step's progress callback: the run's row is written at most every
    PROGRESS_SECONDS (and once more when the last student is looked at), never once per
    block: a national round has thousands of blocks, and an UPDATE each cost seconds."""
    written = [-math.inf]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - written[0] >= PROGRESS_SECONDS:
            written[0] = now
            Run.objects.filter(pk=run_id).update(done=done, total=total)

    return progress


def _allocate_with_progress(run_id: int, cset, mode: str, total: int):
    """allocate_candidates, while the broker's progress bar follows the engine.

    The engine reports from its solving threads, and a Django connection belongs to one
    thread; so the engine runs in a helper thread (its kernels release the GIL) while this
    thread writes the latest share at most every PROGRESS_SECONDS. Never more writes than
    that, however many components a national round has."""
    latest = [0.0]

    def progress(share: float) -> None:
        # Several intake-cap rounds each start at 0 again: the bar never moves back.
        latest[0] = max(latest[0], share)

    written = -1
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(allocate_candidates, cset, mode, progress)
        while True:
            try:
                return future.result(timeout=PROGRESS_SECONDS)
            except FutureTimeout:
                done = int(latest[0] * total)
                if done != written:
                    Run.objects.filter(pk=run_id).update(done=done, total=total)
                    written = done


def proposals_of(
    run: Run,
    cset,
    allocation,
    why: dict[int, dict],
    since: dict[int, datetime.date],
) -> list[dict]:
    """One proposal per student (as column values): the engine's choice with the best
    alternatives, or why not. Plain values, not model instances: a region has 10,000."""
    problem = cset.problem
    indptr = problem.indptr.tolist()
    edges = allocation.edge.tolist()
    facts = pair_facts(cset)
    rows = []
    for i, student in enumerate(cset.students):
        lo, hi = indptr[i], indptr[i + 1]
        edge = edges[i]
        kept = list(range(lo, min(hi, lo + KEPT_CANDIDATES)))
        if edge >= 0 and edge not in kept:
            kept.append(edge)
        chosen = facts(edge) if edge >= 0 else None
        rows.append(
            {
                "run_id": run.pk,
                "student_id": student.pk,
                "position": i,
                "waiting_since": since.get(student.pk),
                "period_id": chosen["period"] if chosen else None,
                "placement_id": chosen["placement"] if chosen else None,
                "engine_period_id": chosen["period"] if chosen else None,
                "cost": chosen["cost"] if chosen else None,
                "candidates": [facts(j) for j in kept],
                "context": student.as_json(),
                "unplaced": why.get(i, {}),
                "outcome": "",
                "outcome_code": "",
                "outcome_message": "",
            }
        )
    return rows


def pair_facts(cset):
    """candidate_facts for many pairs: the arrays turned into Python lists once."""
    problem = cset.problem
    cand = problem.candidates.tolist()
    cost = problem.cost.tolist()
    step = cset.pair_step.tolist()
    interest = cset.pair_interest.tolist()
    km = np.round(cset.pair_km, 1).tolist()
    linked = cset.pair_linked.tolist()
    period_pk = cset.period_pk.tolist()
    placement_pk = cset.placement_pk.tolist()

    def facts(j: int) -> dict:
        p = cand[j]
        return {
            "period": period_pk[p],
            "placement": placement_pk[p],
            "cost": cost[j],
            "step": step[j],
            "interest": interest[j],
            "sector": cset.sector[p],
            "km": km[j],
            "linked": linked[j],
            "hobby": cset.pair_hobby[j],
        }

    return facts


PROPOSAL_COLUMNS = [
    "run_id",
    "student_id",
    "position",
    "waiting_since",
    "period_id",
    "placement_id",
    "engine_period_id",
    "cost",
    "candidates",
    "context",
    "unplaced",
    "outcome",
    "outcome_code",
    "outcome_message",
]
JSON_COLUMNS = {"candidates", "context", "unplaced"}


def save_proposals(rows: list[dict]) -> None:
    """A region's proposals at once. On PostgreSQL with COPY: ten thousand rows of JSON go in
    several times faster than through INSERT (whose values the driver quotes one by one)."""
    if connection.vendor != "postgresql":
        Proposal.objects.bulk_create([Proposal(**row) for row in rows], batch_size=SAVE_BATCH)
        return
    columns = [
        str(Proposal._meta.get_field(name.removesuffix("_id")).column)  # type: ignore[union-attr]
        for name in PROPOSAL_COLUMNS
    ]
    sql = f'COPY "{Proposal._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row[name]) if name in JSON_COLUMNS else row[name]
                    for name in PROPOSAL_COLUMNS
                ]
            )


# -- the broker's review -------------------------------------------------------------------------


class NotReviewable(Refused):
    default_message = gettext_lazy("This round can no longer be changed: it has been confirmed.")


def proposal_change(*, proposal: Proposal, by: User, period_id: int | None) -> Proposal:
    """The broker picks another of the student's candidates, or leaves the student unplaced.
    A period with no seat left in this round is refused (move someone else off it first)."""

    with transaction.atomic():
        run = Run.objects.select_for_update().get(pk=proposal.run_id)
        if run.status != Run.Status.PROPOSED:
            raise NotReviewable
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if period_id is None:
            locked.period_id = None
            locked.placement_id = None
            locked.cost = None
        else:
            candidate = locked.candidate(period_id)
            if candidate is None:
                raise Refused(_("That period is not one of this student's options."))
            if (
                period_id != locked.period_id
                and seats_left_in_run(locked, [period_id])[period_id] < 1
            ):
                raise Refused(
                    _("No seat of that period is left in this round: move another student first.")
                )
            locked.period_id = period_id
            locked.placement_id = candidate["placement"]
            locked.cost = candidate["cost"]
        locked.changed_by = by
        locked.changed_at = timezone.now()
        locked.save(update_fields=["period", "placement", "cost", "changed_by", "changed_at"])
        _recount(run)
    return locked


def _recount(run: Run) -> None:
    proposed = Proposal.objects.filter(run=run, period__isnull=False).count()
    changed = sum(
        period != engine
        for period, engine in Proposal.objects.filter(
            run=run, changed_at__isnull=False
        ).values_list("period_id", "engine_period_id")
    )
    Run.objects.filter(pk=run.pk).update(n_proposed=proposed, n_changed=changed)


# -- confirmation --------------------------------------------------------------------------------


def claim_for_confirmation(run_id: int, by: User) -> bool:
    """THE run guard: one UPDATE … WHERE status = 'proposed'. Of two brokers confirming the
    same run at once, exactly one changes the row; the other changes nothing."""
    return bool(
        Run.objects.filter(pk=run_id, status=Run.Status.PROPOSED).update(
            status=Run.Status.CONFIRMING,
            phase=Run.Phase.CONFIRMING,
            confirmed_by=by,
            done=0,
            total=Proposal.objects.filter(run_id=run_id, period__isnull=False).count(),
        )
    )


def run_confirm(*, run: Run, by: User) -> bool:
    """Queue the reactions of a reviewed run, once (see claim_for_confirmation); False when it
    was confirmed already."""
    claimed = claim_for_confirmation(run.pk, by)
    if claimed:
        pk = run.pk
        transaction.on_commit(lambda: tasks.confirm_run.enqueue(pk))
    return bool(claimed)


def run_confirm_execute(*, run_id: int, quiet: bool = False) -> Run | None:
    """What the task worker does: make the reactions in waiting order, through the vacancy
    bank's own service (capacity, one active reaction per placement, the open-reaction limit);
    a proposal that cannot be made keeps the reason. ``quiet`` (the demo loader) tells nobody."""
    run = Run.objects.filter(pk=run_id, status=Run.Status.CONFIRMING).first()
    if run is None:
        return None
    by = run.confirmed_by
    from_school = run.school_id is not None
    made: list[Application] = []
    pending = list(
        Proposal.objects.filter(run=run, outcome=Proposal.Outcome.PENDING, period__isnull=False)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        sectors = sector_names()
    for k, proposal_id in enumerate(pending, start=1):
        app = _confirm_one(proposal_id, by, sectors, from_school)
        if app is not None:
            made.append(app)
        if k % PROGRESS_EVERY == 0:
            Run.objects.filter(pk=run.pk).update(done=k)
    Proposal.objects.filter(run=run, outcome=Proposal.Outcome.PENDING, period__isnull=True).update(
        outcome=Proposal.Outcome.SKIPPED
    )
    outcomes = dict(
        Proposal.objects.filter(run=run).values_list("outcome").annotate(n=Count("pk")).order_by()
    )
    Run.objects.filter(pk=run.pk).update(
        status=Run.Status.CONFIRMED,
        phase=Run.Phase.FINISHED,
        confirmed_at=timezone.now(),
        done=len(pending),
        n_created=outcomes.get(Proposal.Outcome.CREATED, 0),
        n_refused=outcomes.get(Proposal.Outcome.REFUSED, 0),
    )
    if not quiet:
        if from_school:
            _tell_everyone_school(made, by)
        else:
            _tell_everyone(made, by)
    return Run.objects.get(pk=run.pk)


def claim_proposal(proposal_id: int) -> Proposal | None:
    """THE proposal guard: its row locked for the transaction, and None once it has an
    outcome, so that a confirmation task that runs twice makes no reaction twice."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("student", "period__placement")
        .get(pk=proposal_id)
    )
    if proposal.outcome != Proposal.Outcome.PENDING or proposal.period is None:
        return None
    return proposal


def _confirm_one(
    proposal_id: int, by: User | None, sectors: dict, from_school: bool = False
) -> Application | None:
    with transaction.atomic():
        proposal = claim_proposal(proposal_id)
        if proposal is None or proposal.period is None:
            return None  # handled already (a task that ran twice)
        candidate = proposal.candidate()
        with translation.override(settings.LANGUAGE_CODE):
            why = reason(candidate, proposal.context, sectors) if candidate else ""
            if from_school:
                motivation = _("Proposed by the school: %(why)s.") % {"why": why}
            else:
                motivation = _("Proposed by the broker: %(why)s.") % {"why": why}
        try:
            # The same service and guards for a school's round as for a broker's: a seat
            # nobody holds or asked for, under the period lock (so the students' own
            # earlier reactions keep their turn), the open-reaction limit; the weekly intake
            # cap holds when the provider accepts (applications.services.seats).
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                app = application_submit_for_student(
                    student=proposal.student,
                    period=proposal.period,
                    by=by,
                    side=Side.SCHOOL if from_school else Side.BROKER,
                    motivation=motivation[:1000],
                    notify=False,
                )
        except Refused as exc:
            proposal.outcome = Proposal.Outcome.REFUSED
            proposal.outcome_code = type(exc).__name__
            proposal.outcome_message = str(exc.messages[0])[:300]
            proposal.save(update_fields=["outcome", "outcome_code", "outcome_message"])
            return None
        proposal.outcome = Proposal.Outcome.CREATED
        proposal.application = app
        proposal.save(update_fields=["outcome", "application"])
        return app


def _tell_student_and_parents(app: Application, *, student: str, parent: str) -> None:
    """Both routes alike: the student hears that a seat was asked for them, and so do their
    parents, who learn of every reaction made on their child's behalf (the notification
    service applies each person's own settings: digest or immediate, push or not)."""
    url = reverse("application_detail", args=[app.pk])
    notify(app.student.user, kind="matching_proposed", title=student[:200], url=url)
    parents = guardians_of(app.student)
    if parents:
        notify_many(parents, kind="matching_proposed", title=parent[:200], url=url)


def _tell_everyone(made: list[Application], by: User | None) -> None:
    """One notification per person, not one per reaction: a provider that gets six students
    from the broker hears it once (R-PLACE-4), and so does a mentor."""
    if not made:
        return
    apps = list(
        Application.objects.filter(pk__in=[a.pk for a in made]).select_related(
            "student__user", "student__mentor", "placement__contact"
        )
    )
    provider_counts: dict[int, int] = defaultdict(int)
    school_counts: dict[int, int] = defaultdict(int)
    people: dict[int, User] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for app in apps:
            title = {"title": app.placement.title}
            _tell_student_and_parents(
                app,
                student=_("The broker found “%(title)s” for you: the provider will answer") % title,
                parent=_("The broker reacted for your child to “%(title)s”") % title,
            )
            for user in provider_people_of(app):
                provider_counts[user.pk] += 1
                people[user.pk] = user
            for user in school_people_of(app.student):
                school_counts[user.pk] += 1
                people[user.pk] = user
        waiting = reverse("application_list") + "?status=" + Status.SUBMITTED
        for pk, n in provider_counts.items():
            notify(
                people[pk],
                kind="matching_proposed",
                title=ngettext(
                    "The broker sent %(n)s student to your placements",
                    "The broker sent %(n)s students to your placements",
                    n,
                )
                % {"n": n},
                url=waiting,
            )
        for pk, n in school_counts.items():
            if pk in provider_counts or (by is not None and pk == by.pk):
                continue
            notify(
                people[pk],
                kind="matching_proposed",
                title=ngettext(
                    "The broker proposed a placement for %(n)s of your students",
                    "The broker proposed a placement for %(n)s of your students",
                    n,
                )
                % {"n": n},
                url=waiting,
            )


def _tell_everyone_school(made: list[Application], by: User | None) -> None:
    """A school's round (R-MATCH-8): each student and their parents hear that the school
    reacted for them, each provider contact once for all the students sent, and the school's
    other staff once (the person who confirmed knows)."""
    if not made:
        return
    apps = list(
        Application.objects.filter(pk__in=[a.pk for a in made]).select_related(
            "student__user", "student__school", "student__mentor", "placement__contact"
        )
    )
    provider_counts: dict[tuple[int, str], int] = defaultdict(int)
    school_counts: dict[int, int] = defaultdict(int)
    people: dict[int, User] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for app in apps:
            title = {"title": app.placement.title}
            _tell_student_and_parents(
                app,
                student=_("Your school found “%(title)s” for you: the provider will answer")
                % title,
                parent=_("The school reacted for your child to “%(title)s”") % title,
            )
            for user in provider_people_of(app):
                provider_counts[(user.pk, app.student.school.name)] += 1
                people[user.pk] = user
            for user in school_people_of(app.student):
                school_counts[user.pk] += 1
                people[user.pk] = user
        waiting = reverse("application_list") + "?status=" + Status.SUBMITTED
        for (pk, school), n in provider_counts.items():
            notify(
                people[pk],
                kind="matching_proposed",
                title=ngettext(
                    "%(school)s sent %(n)s student to your placements",
                    "%(school)s sent %(n)s students to your placements",
                    n,
                )
                % {"n": n, "school": school},
                url=waiting,
            )
        providers = {pk for pk, _school in provider_counts}
        for pk, n in school_counts.items():
            if pk in providers or (by is not None and pk == by.pk):
                continue
            notify(
                people[pk],
                kind="matching_proposed",
                title=ngettext(
                    "The school's round proposed a placement for %(n)s of your students",
                    "The school's round proposed a placement for %(n)s of your students",
                    n,
                )
                % {"n": n},
                url=waiting,
            )
