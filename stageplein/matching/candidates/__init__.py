"""The candidate pipeline: from the database to the allocation problem, and dividing the
places (docs: the docstring of ``build.py`` lists the rules, ``STEPS``).

One module per step: ``students`` (who, with their facts) → ``periods`` (which open periods
around them, with free seats and intake) → ``rules`` (links, distances, interests; the
``Funnel`` that applies the rules) → ``ranking`` (blocks of neighbours, cost, the best pairs) →
``build`` (``build_candidates`` runs the steps and assembles the ``CandidateSet``);
``allocate`` divides the places. Shapes and constants: ``types``.
"""

from stageplein.matching.candidates.allocate import Allocation, allocate_candidates
from stageplein.matching.candidates.build import build_candidates
from stageplein.matching.candidates.types import (
    KEPT_CANDIDATES,
    MAX_CANDIDATES,
    STEPS,
    CandidateSet,
    StudentFacts,
    Weights,
    hobby_words,
)

__all__ = [
    "KEPT_CANDIDATES",
    "MAX_CANDIDATES",
    "STEPS",
    "Allocation",
    "CandidateSet",
    "StudentFacts",
    "Weights",
    "allocate_candidates",
    "build_candidates",
    "hobby_words",
]
