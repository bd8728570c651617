"""The behaviour of a simulated season: every rate and delay the actors follow, with defaults
taken from what the 2008-2009 pilots saw (the booklet: about 30 % needed the broker, places
short early in the year and left over later, one care home flooded). A run stores its
parameters with its report, so a "what if" is two runs that differ in one of them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Calendar(models.TextChoices):
    """When the schools put their year groups to work (the annual calendar)."""

    PILOTS = "pilots", _("as in the pilots: years 3 and 4 early, year 2 later")
    SPREAD = "spread", _("spread across the year")
    SPRING = "spring", _("everyone in spring")


@dataclass(frozen=True)
class Params:
    calendar: str = Calendar.PILOTS
    # Delays are weekly chances: a waiting step happens in a given week with this chance, so a
    # chance of 0.5 means a delay of two weeks on average (and sometimes much longer).
    # Students: the chance to react in a week of (or two weeks before) their window; at once.
    react_rate: float = 0.25
    reactions_at_once: int = 2
    max_km: float = 12.0
    # Providers answer a reaction; the share of answers that are a decline.
    answer_rate: float = 0.7
    decline_rate: float = 0.12
    # Mentors approve an accepted reaction; each party signs the contract; a late parent.
    approve_rate: float = 0.75
    sign_rate: float = 0.7
    late_parent_rate: float = 0.12
    late_parent_sign_rate: float = 0.25
    # Hours: a student logs a session in a week of the internship; logs it a week late; never
    # turns up. The supervisor confirms a waiting entry; never does; asks for a correction.
    log_rate: float = 0.8
    late_log_rate: float = 0.1
    no_show_rate: float = 0.04
    verify_rate: float = 0.7
    never_verify_rate: float = 0.03
    correction_rate: float = 0.03
    # Afterwards: evaluations and reflections written.
    evaluation_rate: float = 0.7
    reflection_rate: float = 0.6
    # Per running internship and week: falls ill (cancelled, back in the queue), drops out.
    illness_rate: float = 0.004
    dropout_rate: float = 0.002
    # Brokers: a round every N weeks for students waiting at least M weeks in their window,
    # and for those whose window ended at most K weeks ago: for them the platform's round
    # looks at the rest of the school year (what a volunteer centre does with the school's
    # consent), where the seats are that the pilots' early windows lacked.
    broker_every_weeks: int = 1
    broker_after_weeks: int = 2
    broker_past_window_weeks: int = 8
    # Schools place the students left over this many weeks after their window (the brokers
    # have had their rounds by then).
    school_after_weeks: int = 9
    # Mediation (R-MATCH-2): a student still without a place and without a reaction waiting,
    # this many weeks into the window (or any time after it), asks the broker for help with
    # this weekly chance; the broker proposes one period for an open request with the propose
    # chance; the student answers a proposal with the answer chance, refusing this share.
    # A student with a request open does not react themselves and is left out of the broker's
    # rounds: the broker is already looking for them by hand.
    ask_help_after_weeks: int = 3
    ask_help_rate: float = 0.35
    propose_rate: float = 0.7
    proposal_answer_rate: float = 0.7
    proposal_refuse_rate: float = 0.2
    # How far the broker looks for a proposal: further than the student's own search, as a
    # broker knows the places and can arrange the travel.
    mediation_max_km: float = 18.0
    # Providers: share publishing late (weeks 4-20), share letting placements go stale (and
    # the weekly chance they renew once asked), share with a weekly intake cap.
    late_provider_rate: float = 0.15
    stale_provider_rate: float = 0.08
    renew_rate: float = 0.3
    intake_cap_rate: float = 0.05
    # Seats an individual placement adds to its periods starting in the first weeks of the
    # year (world.EARLY_WEEKS), as the pilots' providers did once the schools asked.
    early_seats: int = 1
    # A provider with this many students starting in one week is "flooded" in the report.
    flooded_at: int = 6

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Params:
        known = {f.name: f for f in fields(cls)}
        kept: dict[str, Any] = {}
        for name, value in values.items():
            if name in known and value is not None:
                default = getattr(cls(), name)
                kept[name] = type(default)(value) if not isinstance(default, str) else str(value)
        params = cls(**kept)
        if params.calendar not in Calendar.values:
            raise ValueError(f"unknown calendar {params.calendar!r}")
        return params

    def changed(self) -> dict[str, Any]:
        """The parameters that differ from the defaults (what a "what if" varied)."""
        default = Params()
        return {k: v for k, v in self.as_dict().items() if getattr(default, k) != v}


def names() -> list[str]:
    return [f.name for f in fields(Params)]
