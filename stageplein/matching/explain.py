"""Why a proposal, and why no place: facts computed from the filters that actually ran
(candidates.STEPS and the allocation), kept as data with the proposal and put into words here,
in the reader's language, when a page shows them."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from stageplein.matching.candidates import STEPS, Allocation, CandidateSet
from stageplein.matching.engine import competition
from stageplein.organisations.models import Level, Sector

ORDINAL_INTEREST = {
    1: gettext_noop("1st interest"),
    2: gettext_noop("2nd interest"),
    3: gettext_noop("3rd interest"),
}


def sector_names() -> dict[str, str]:
    return {s.code: s.name for s in Sector.objects.all()}


# -- facts -----------------------------------------------------------------------------------


def unplaced_facts(cset: CandidateSet, allocation: Allocation, mode: str) -> dict[int, dict]:
    """Per unplaced student index: the rule that left no placement, with its numbers."""
    found: dict[int, dict] = {}
    problem = cset.problem
    unplaced = np.flatnonzero(allocation.edge < 0)
    if unplaced.size == 0:
        return found
    # Who else wanted the same periods, for all unplaced students in one compiled pass.
    demand, seats = competition(problem, unplaced)
    for i, s in enumerate(unplaced.tolist()):
        f = cset.students[s]
        row = cset.funnel[s]
        if f.open_reactions >= settings.APPLICATION_MAX_OPEN:
            found[s] = {"code": "open_limit", "n": settings.APPLICATION_MAX_OPEN}
            continue
        if f.origin is None:
            found[s] = {"code": "no_origin"}
            continue
        cols = problem.candidates[problem.indptr[s] : problem.indptr[s + 1]]
        if cols.size == 0:
            # No candidate at all: the first rule that left no placement (the funnel).
            previous = 0
            for step, count in zip(STEPS, row.tolist(), strict=True):
                if count == 0:
                    facts: dict[str, Any] = {"code": step, "n": previous}
                    if step == "seats":
                        facts["sectors"] = cset.full_sectors.get(s, [])
                    found[s] = facts
                    break
                previous = count
            else:  # pragma: no cover - a student with a full funnel has candidates
                found[s] = {"code": "unknown"}
            continue
        # Candidates, but others got them: how many wanted the same seats.
        found[s] = {
            "code": "taken",
            "n": int(np.unique(cset.placement_pk[cols]).size),  # the candidates' placements
            "seats": int(seats[i]),
            "demand": int(demand[i]),
            "mode": mode,
        }
    return found


def candidate_facts(cset: CandidateSet, j: int) -> dict[str, Any]:
    """One candidate pair, as kept with the proposal."""
    p = int(cset.problem.candidates[j])
    return {
        "period": int(cset.period_pk[p]),
        "placement": int(cset.placement_pk[p]),
        "cost": int(cset.problem.cost[j]),
        "step": int(cset.pair_step[j]),
        "interest": int(cset.pair_interest[j]),
        "sector": cset.sector[p],
        "km": round(float(cset.pair_km[j]), 1),
        "linked": bool(cset.pair_linked[j]),
        "hobby": cset.pair_hobby[j],
    }


# -- words -----------------------------------------------------------------------------------


def km_label(km: float) -> str:
    return number_format(km, 1)


def weeks_label(window: dict[str, Any]) -> str:
    """ "weeks 10–14", or "the rest of the school year" (and why)."""
    if window.get("kind") == "window":
        first, last = window["first_week"], window["last_week"]
        if first == last:
            return _("week %(week)s") % {"week": first}
        return _("weeks %(first)s–%(last)s") % {"first": first, "last": last}
    if window.get("kind") == "over":
        first, last = window["first_week"], window["last_week"]
        return _("the rest of the school year (the window, weeks %(first)s–%(last)s, is over)") % {
            "first": first,
            "last": last,
        }
    return _("the rest of the school year")


def needs_label(needs: list[str]) -> str:
    words = {"teacher": _("a teacher present"), "pair": _("room for pairs")}
    labels = [str(words[n]) for n in needs if n in words]
    return _(" and ").join(labels)


def _where(context: dict[str, Any]) -> str:
    return _("of school") if context.get("origin") == "school" else _("of home")


def reason(candidate: dict[str, Any], context: dict[str, Any], sectors: dict | None = None) -> str:
    """Why this placement: "2nd interest (sport), 3.4 km from home, ..."."""
    sectors = sectors if sectors is not None else sector_names()
    sector = sectors.get(candidate["sector"], candidate["sector"])
    parts = []
    position = candidate.get("interest", -1)
    if position is not None and position >= 0:
        parts.append(
            _("%(ordinal)s (%(sector)s)")
            % {"ordinal": _(ORDINAL_INTEREST.get(position + 1, "1st interest")), "sector": sector}
        )
    elif context.get("interests"):
        parts.append(_("not one of the interests (%(sector)s)") % {"sector": sector})
    else:
        parts.append(str(sector))
    if candidate.get("hobby"):
        parts.append(_("matches the hobby “%(hobby)s”") % {"hobby": candidate["hobby"]})
    km = {"km": km_label(candidate["km"])}
    if context.get("origin") == "school":
        near = candidate["km"] < 0.05
        parts.append(
            _("in the school's postcode area") if near else _("%(km)s km from school") % km
        )
    else:
        near = candidate["km"] < 0.05
        parts.append(_("in the home postcode area") if near else _("%(km)s km from home") % km)
    if candidate.get("linked"):
        parts.append(_("the school works with this provider"))
    if "teacher" in context.get("needs", []):
        parts.append(_("a teacher may be present"))
    if "pair" in context.get("needs", []):
        parts.append(_("takes students in pairs"))
    return ", ".join(str(p) for p in parts)


def why_not(facts: dict[str, Any], context: dict[str, Any], sectors: dict | None = None) -> str:
    """Why no place: the first rule that left nothing, in the words of that rule."""
    code = facts.get("code")
    n = int(facts.get("n") or 0)
    km = context.get("max_km", 0)
    level = str(Level(context["level"]).label) if context.get("level") in Level.values else ""
    weeks = weeks_label(context.get("window", {}))
    values = {"n": n, "km": km, "level": level, "weeks": weeks, "where": _where(context)}
    if code == "open_limit":
        return (
            ngettext(
                "Already %(n)s open reaction waiting for an answer: the most a student may have.",
                "Already %(n)s open reactions waiting for an answer: the most a student may have.",
                n,
            )
            % values
        )
    if code == "no_origin":
        return _("Neither the home nor the school postcode is known: no distance can be measured.")
    if code == "near":
        return _("No open placement within %(km)s km %(where)s.") % values
    if code == "level":
        return (
            ngettext(
                "The only placement within %(km)s km is not open to %(level)s.",
                "None of the %(n)s placements within %(km)s km is open to %(level)s.",
                n,
            )
            % values
        )
    if code == "age":
        return (
            ngettext(
                "The only placement within %(km)s km for %(level)s asks for an older student.",
                "The %(n)s placements within %(km)s km for %(level)s ask for an older student.",
                n,
            )
            % values
        )
    if code == "window":
        return (
            _(
                "No placement within %(km)s km for %(level)s that fits in %(weeks)s: a period "
                "must give two weeks in it from the day the student would start, outside the "
                "school holidays."
            )
            % values
        )
    if code == "guidance":
        values["needs"] = needs_label(context.get("needs", []))
        return (
            ngettext(
                "The only placement within %(km)s km in %(weeks)s does not offer %(needs)s.",
                "None of the %(n)s placements within %(km)s km in %(weeks)s offers %(needs)s.",
                n,
            )
            % values
        )
    if code == "new":
        return (
            ngettext(
                "Already reacted to the only suitable placement within %(km)s km.",
                "Already reacted to all %(n)s suitable placements within %(km)s km.",
                n,
            )
            % values
        )
    if code == "seats":
        found = facts.get("sectors") or []
        if len(found) == 1:
            sectors = sectors if sectors is not None else sector_names()
            values["sector"] = str(sectors.get(found[0], found[0])).lower()
            return (
                ngettext(
                    "The only suitable %(sector)s placement within %(km)s km is full.",
                    "All %(n)s suitable %(sector)s placements within %(km)s km are full.",
                    n,
                )
                % values
            )
        return (
            ngettext(
                "The only suitable placement within %(km)s km is full.",
                "All %(n)s suitable placements within %(km)s km are full.",
                n,
            )
            % values
        )
    if code == "intake":
        return (
            ngettext(
                "The provider of the only suitable placement within %(km)s km has taken in as many "
                "new students this week as it can.",
                "The providers of the %(n)s suitable placements within %(km)s km have taken in as "
                "many new students this week as they can.",
                n,
            )
            % values
        )
    if code == "taken":
        values.update(seats=facts.get("seats", 0), demand=facts.get("demand", 0))
        if facts.get("mode") == "stable":
            return (
                ngettext(
                    "The only suitable placement with a free seat went to students who were "
                    "waiting longer (%(demand)s students in this round wanted its %(seats)s "
                    "seats).",
                    "The %(n)s suitable placements with a free seat went to students who were "
                    "waiting longer (%(demand)s students in this round wanted their %(seats)s "
                    "seats).",
                    n,
                )
                % values
            )
        return (
            ngettext(
                "The only suitable placement with a free seat went to others, so that more "
                "students get a place (%(demand)s students in this round wanted its %(seats)s "
                "seats).",
                "The %(n)s suitable placements with a free seat went to others, so that more "
                "students get a place (%(demand)s students in this round wanted their %(seats)s "
                "seats).",
                n,
            )
            % values
        )
    return _("No suitable placement was found.")
