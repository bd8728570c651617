"""Step 4 of the candidate pipeline: students in blocks of neighbours, each block against the
periods within its reach only (the arrays stay small however big the region is). Per block:
the rules, the cost of each pair, the best ``MAX_CANDIDATES`` per student, and for students
left without any candidate how many placements each rule left over (the funnel)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from stageplein.matching.candidates.rules import Funnel
from stageplein.matching.candidates.types import (
    BIG,
    BLOCK,
    MAX_CANDIDATES,
    OTHER_STEP,
    STEPS,
    Weights,
)


@dataclass
class Ranked:
    """The kept pairs per block (row by row, best first) and the funnel of the empty rows."""

    funnel: npt.NDArray[np.int32]  # [student, step]
    counts: npt.NDArray[np.int64]  # kept pairs per student
    full_sectors: dict[int, list[str]] = field(default_factory=dict)
    block_rows: list[npt.NDArray] = field(default_factory=list)
    block_pairs: list[dict[str, npt.NDArray]] = field(default_factory=list)


def count_placements(mask: npt.NDArray[np.bool_], starts: npt.NDArray[np.intp]) -> npt.NDArray:
    """Distinct placements per row: periods are sorted by placement, so OR over each run."""
    if mask.shape[1] == 0:
        return np.zeros(mask.shape[0], dtype=np.int32)
    return np.logical_or.reduceat(mask, starts, axis=1).sum(axis=1, dtype=np.int32)


def blocks_of(funnel: Funnel) -> list[list[int]]:
    """A block: the students of one postcode area, at most BLOCK of them. Students without a
    known origin are in no block.

    Levels with different distance limits share a block (its columns reach as far as the
    largest limit; the first rule masks the rest per student): the pairs are the same, and a
    national round has thousands of small areas, where the per-block overhead of NumPy calls,
    not the arrays, was the cost."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i in np.flatnonzero(funnel.s_origin >= 0).tolist():
        groups[int(funnel.s_origin[i])].append(i)
    return [
        members[k : k + BLOCK] for members in groups.values() for k in range(0, len(members), BLOCK)
    ]


def _best_pairs(
    funnel: Funnel, weights: Weights, rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp]
) -> tuple[dict[str, npt.NDArray], npt.NDArray[np.bool_]]:
    """The block's pairs that pass every rule, by cost, at most MAX_CANDIDATES per student:
    the picked columns and facts per pair ([row, k]) and which of them are valid."""
    pe = funnel.pe
    if cols.size:
        mask, km = funnel.masks(rows, cols, every_step=False)
    else:
        mask = np.zeros((len(rows), 0), dtype=bool)
        km = np.zeros((len(rows), 0), dtype=np.float32)
    # Cost: steps down the interests (a hobby match is one step better), km, school link.
    interest = funnel.s_interest[rows][:, funnel.p_sector_idx[cols]]
    step = np.where(interest >= 0, interest, OTHER_STEP).astype(np.int16)
    hobby = np.zeros(mask.shape, dtype=bool)
    with_word: dict[str, list[int]] = defaultdict(list)
    for r, i in enumerate(rows.tolist()):
        for word in funnel.st.facts[i].hobbies:
            with_word[word].append(r)
    for word, word_rows in with_word.items():
        hobby[word_rows] |= funnel.word_mask(word)[cols][None, :]
    step = np.maximum(0, step - hobby).astype(np.int16)
    linked = funnel.link_mask[funnel.s_school[rows]][:, cols]
    cost = (
        weights.rank_weight * step.astype(np.int64)
        + np.rint(weights.km_weight * km).astype(np.int64)
        + np.where(linked, 0, weights.link_bonus)
    )
    # Best first: by cost, then nearer, then the older period (its pk). The block's
    # students share one origin, so the tie order is one ranking of the columns and the
    # key is unique: the cut at MAX_CANDIDATES is exact, whatever the block.
    tie = np.empty(cols.size, dtype=np.int64)
    tie[np.lexsort((pe.pk[cols], km[0] if len(rows) else np.zeros(cols.size)))] = np.arange(
        cols.size
    )
    key = np.where(mask, np.minimum(cost, BIG - 1) * (cols.size + 1) + tie, np.iinfo(np.int64).max)
    k_keep = min(MAX_CANDIDATES, cols.size)
    if k_keep and k_keep < cols.size:
        top = np.argpartition(key, k_keep - 1, axis=1)[:, :k_keep]
    else:
        top = np.broadcast_to(np.arange(cols.size), (len(rows), cols.size)).copy()
    top = np.take_along_axis(top, np.argsort(np.take_along_axis(key, top, axis=1), axis=1), axis=1)
    valid = np.take_along_axis(mask, top, axis=1)
    picked = {
        "cand": cols[top],
        "cost": np.take_along_axis(cost, top, axis=1),
        "step": np.take_along_axis(step, top, axis=1),
        "interest": np.take_along_axis(interest, top, axis=1),
        "km": np.take_along_axis(km, top, axis=1),
        "linked": np.take_along_axis(linked, top, axis=1),
        "hobby": np.take_along_axis(hobby, top, axis=1),
    }
    return picked, valid


def _explain_empty(
    funnel: Funnel, ranked: Ranked, rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp]
) -> None:
    """The funnel (why no place) for these students left without any candidate: placements
    left after each rule, and the sectors of those that were full."""
    pe = funnel.pe
    steps_masks, _km = funnel.masks(rows, cols, every_step=True)
    for k, step_mask in enumerate(steps_masks):
        ranked.funnel[rows, k] = count_placements(step_mask, funnel.col_starts(cols))
    before_seats = steps_masks[STEPS.index("new")]
    counted = ranked.funnel[rows]
    full = (counted[:, STEPS.index("seats")] == 0) & (counted[:, STEPS.index("new")] > 0)
    for e in np.flatnonzero(full):
        hit = cols[before_seats[e]]
        first = hit[np.r_[True, pe.placement[hit[1:]] != pe.placement[hit[:-1]]]]
        ranked.full_sectors[int(rows[e])] = list(dict.fromkeys(pe.sector[c] for c in first))


def rank_blocks(
    funnel: Funnel, weights: Weights, progress: Callable[[int, int], None] | None = None
) -> Ranked:
    st, pe = funnel.st, funnel.pe
    n, m = st.n, pe.m
    ranked = Ranked(
        funnel=np.zeros((n, len(STEPS)), dtype=np.int32), counts=np.zeros(n, dtype=np.int64)
    )
    done_count = 0
    for members in blocks_of(funnel):
        rows = np.array(members, dtype=np.intp)
        origin_row = funnel.dist[int(funnel.s_origin[rows[0]])] if m else np.zeros(0, np.float32)
        cols = (
            np.flatnonzero(origin_row[funnel.p_q] <= st.max_km[rows].max())
            if m
            else np.zeros(0, np.intp)
        )
        picked, valid = _best_pairs(funnel, weights, rows, cols)
        ranked.counts[rows] = valid.sum(axis=1)
        ranked.block_rows.append(rows)
        ranked.block_pairs.append({k: v[valid] for k, v in picked.items()})  # row by row
        # The funnel (why no place) only for students left without any candidate.
        empty = np.flatnonzero(~valid.any(axis=1)) if valid.size else np.arange(len(rows))
        if empty.size and cols.size:
            _explain_empty(funnel, ranked, rows[empty], cols)
        done_count += len(rows)
        if progress:
            progress(done_count, n)
    if progress and done_count < n:
        progress(n, n)  # students without a postcode have no block
    return ranked
