"""The shapes the candidate pipeline passes along and returns: the weights, the facts kept per
student for the explanations, and the ``CandidateSet`` (the allocation problem plus what is
needed to explain and save its outcome)."""

from __future__ import annotations

import datetime
import re
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models.expressions import RawSQL

from stageplein.matching.engine import AllocationProblem
from stageplein.placements.models import LEVEL_FIELDS

LEVELS = list(LEVEL_FIELDS)  # vmbo, havo, vwo, pro
STEPS = ("near", "level", "age", "window", "guidance", "new", "seats", "intake")
# A sector among the student's first three interests is 0, 1 or 2 steps down; any other is 3.
INTERESTS_COUNTED = 3
OTHER_STEP = 3
MAX_CANDIDATES = 30  # per student, best first: what the engine chooses from
KEPT_CANDIDATES = 8  # per student, kept with the proposal for the broker's hand changes
BLOCK = 512  # students per NumPy block: [512 × periods] arrays stay a few MB each
NEED_TEACHER, NEED_PAIR = 1, 2
NEEDS = {NEED_TEACHER: "teacher", NEED_PAIR: "pair"}
BIG = np.iinfo(np.int32).max
HOBBY_STOPWORDS = {"en", "de", "het", "een", "van", "met", "and", "the", "of", "graag", "veel"}


@dataclass(frozen=True)
class Weights:
    rank_weight: int
    km_weight: int
    link_bonus: int
    max_km: dict[str, int]

    @classmethod
    def from_dict(cls, d: dict[str, int]) -> Weights:
        return cls(
            rank_weight=int(d["rank_weight"]),
            km_weight=int(d["km_weight"]),
            link_bonus=int(d["link_bonus"]),
            max_km={level: int(d[f"max_km_{level}"]) for level in LEVELS},
        )

    def cost(self, step: int, km: float, linked: bool) -> int:
        """The cost of one pair: also what the review page shows next to each option."""
        return (
            self.rank_weight * step
            + round(self.km_weight * km)
            + (0 if linked else self.link_bonus)
        )


class StudentRow(NamedTuple):
    """The student columns the candidates need (model instances cost more than the rest)."""

    pk: int
    school_id: int
    year: int
    level: str
    class_name: str
    date_of_birth: datetime.date
    home_postcode_id: str | None
    location_pc4: str | None
    needs_teacher_present: bool
    needs_pair: bool
    hobbies: str


def ids_in(ids: list[int]) -> list[int] | RawSQL:
    """``pk__in`` for thousands of ids: on PostgreSQL one array parameter instead of one
    placeholder each (the query text of 10,000 placeholders alone takes longer than the
    query)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return list(ids)


@dataclass
class StudentFacts:
    """What the explanations need to know about one student (stored with the proposal)."""

    pk: int
    level: str
    origin: str | None  # "home", "school" or None (no postcode known)
    max_km: int
    window: dict[str, Any]
    needs: list[str]
    interests: list[str]
    hobbies: list[str]
    open_reactions: int

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "origin": self.origin,
            "max_km": self.max_km,
            "window": self.window,
            "needs": self.needs,
            "interests": self.interests,
            "hobbies": self.hobbies,
            "open_reactions": self.open_reactions,
        }


@dataclass
class CandidateSet:
    """The allocation problem plus everything needed to explain and save its outcome."""

    problem: AllocationProblem
    students: list[StudentFacts]
    period_pk: npt.NDArray[np.int64]
    placement_pk: npt.NDArray[np.int64]
    provider_pk: npt.NDArray[np.int64]
    sector: list[str]  # per period
    free: npt.NDArray[np.int64]  # seats for matching, per period
    intake_left: dict[int, int]  # capped provider -> new students it may still take this week
    # Per candidate pair (aligned with problem.candidates): the facts behind its cost.
    pair_step: npt.NDArray[np.int16]
    pair_interest: npt.NDArray[np.int16]  # position among interests, -1 when none
    pair_km: npt.NDArray[np.float32]
    pair_linked: npt.NDArray[np.bool_]
    pair_hobby: list[str]  # the hobby word the placement matched, "" when none
    # Per student and funnel step: placements left after that rule (STEPS order).
    funnel: npt.NDArray[np.int32]
    # Per student: the sectors of the placements that were left before "seats" (for "all five
    # nearby care placements are full").
    full_sectors: dict[int, list[str]]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def n_students(self) -> int:
        return len(self.students)


# -- loading -------------------------------------------------------------------------------------


def hobby_words(hobbies: str) -> list[str]:
    """ "voetbal, tekenen en koken" → ["voetbal", "tekenen", "koken"]; short words are noise."""
    words = re.split(r"[\s,;/+&]+", hobbies.lower())
    return [w for w in dict.fromkeys(words) if len(w) >= 4 and w not in HOBBY_STOPWORDS][:5]


class Clock:
    """Seconds per phase of the candidate generation (for the run's stats and the bench)."""

    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> dict[str, float]:
        now = time.perf_counter()
        self.laps[name] = round(now - self.t, 3)
        self.t = now
        return self.laps


PAIR_FIELDS = ("cand", "cost", "step", "interest", "km", "linked", "hobby")
PAIR_DTYPES = (np.int32, np.int32, np.int16, np.int16, np.float32, np.bool_, np.bool_)
