"""Step 3 of the candidate pipeline: what the rules of ``STEPS`` and the cost compare, prepared
once for all students × periods: school links this year (R-MATCH-6) and schools' own
placements as a mask per school, distances between the distinct origins and placement
postcodes, interests as steps per (student, sector), hobby words as masks over periods and
the periods each student already reacted to. ``Funnel.masks`` applies the rules to a block."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from stageplein.geo.distance import haversine_matrix_km
from stageplein.matching.candidates.periods import Periods
from stageplein.matching.candidates.students import Students
from stageplein.matching.candidates.types import INTERESTS_COUNTED
from stageplein.placements.models import Placement, SchoolLink


class Funnel:
    def __init__(self, students: Students, periods: Periods, school_year: int) -> None:
        self.st = students
        self.pe = periods
        self._links(school_year)
        self._distances()
        self._interests_and_hobbies()
        self._reacted()

    def _links(self, school_year: int) -> None:
        """School links this year (R-MATCH-6) and schools' own placements, per school."""
        st, pe, m = self.st, self.pe, self.pe.m
        schools = sorted({s.school_id for s in st.rows})
        school_row = {school_id: k for k, school_id in enumerate(schools)}
        self.s_school = np.array([school_row[s.school_id] for s in st.rows], dtype=np.int32)
        link_mask = np.zeros((len(schools), m), dtype=bool)
        if m and schools:
            for school_id, provider_id, placement_id in SchoolLink.objects.filter(
                school_id__in=schools, school_year=school_year
            ).values_list("school_id", "provider_id", "placement_id"):
                row = link_mask[school_row[school_id]]
                if placement_id is None:
                    row |= pe.provider == provider_id
                else:
                    row |= pe.placement == placement_id
        own_ok = np.ones((len(schools), m), dtype=bool)
        if m and (pe.own_school >= 0).any():
            for k, school_id in enumerate(schools):
                own_ok[k] = (pe.own_school < 0) | (pe.own_school == school_id)
        self.link_mask = link_mask
        self.own_ok = own_ok

    def _distances(self) -> None:
        """Distances between the distinct origins and the distinct placement postcodes."""
        st, pe = self.st, self.pe
        known = st.known
        o_keys = {(float(a), float(b)) for a, b in zip(st.lat[known], st.lon[known], strict=True)}
        origins = sorted(o_keys)
        o_index = {o: k for k, o in enumerate(origins)}
        self.s_origin = np.array(
            [
                o_index[(float(a), float(b))] if ok else -1
                for a, b, ok in zip(st.lat, st.lon, known, strict=True)
            ],
            dtype=np.int64,
        )
        q_keys = sorted({(float(a), float(b)) for a, b in zip(pe.lat, pe.lon, strict=True)})
        q_index = {q: k for k, q in enumerate(q_keys)}
        self.p_q = np.array(
            [q_index[(float(a), float(b))] for a, b in zip(pe.lat, pe.lon, strict=True)],
            dtype=np.int64,
        )
        if origins and q_keys:
            self.dist = haversine_matrix_km(
                np.array([o[0] for o in origins]),
                np.array([o[1] for o in origins]),
                np.array([q[0] for q in q_keys]),
                np.array([q[1] for q in q_keys]),
            ).astype(np.float32)
        else:
            self.dist = np.zeros((len(origins), len(q_keys)), dtype=np.float32)

    def _interests_and_hobbies(self) -> None:
        """Interests as steps per (student, sector) and the placements' text for hobbies."""
        st, pe, m = self.st, self.pe, self.pe.m
        sector_codes = sorted(set(pe.sector))
        sector_index = {code: k for k, code in enumerate(sector_codes)}
        self.p_sector_idx = np.array([sector_index[c] for c in pe.sector], dtype=np.int64)
        placement_text: dict[int, str] = {}
        if m and any(f.hobbies for f in st.facts):
            placement_text = dict(
                Placement.objects.filter(pk__in=set(pe.placement.tolist())).values_list(
                    "pk", "search_text"
                )
            )
        self.period_text = [placement_text.get(int(pk), "") for pk in pe.placement]
        self._word_masks: dict[str, npt.NDArray[np.bool_]] = {}
        s_interest = np.full((st.n, len(sector_codes)), -1, dtype=np.int16)  # position, -1: none
        for i, f in enumerate(st.facts):
            for pos, code in enumerate(f.interests[:INTERESTS_COUNTED]):
                sector_col = sector_index.get(code)
                if sector_col is not None and s_interest[i, sector_col] < 0:
                    s_interest[i, sector_col] = pos
        self.s_interest = s_interest

    def _reacted(self) -> None:
        """Per student: the columns of the placements they already reacted to."""
        st, pe = self.st, self.pe
        self.reacted_cols: dict[int, npt.NDArray[np.intp]] = {}
        if st.reacted and pe.m:
            by_placement: dict[int, list[int]] = defaultdict(list)
            for col, placement_pk in enumerate(pe.placement.tolist()):
                by_placement[placement_pk].append(col)
            for i, f in enumerate(st.facts):
                done = st.reacted.get(f.pk)
                if done:
                    found = [c for pk in done for c in by_placement.get(pk, [])]
                    self.reacted_cols[i] = np.array(found, dtype=np.intp)

    def word_mask(self, word: str) -> npt.NDArray[np.bool_]:
        """The periods whose placement's text contains the hobby word (computed once)."""
        if word not in self._word_masks:
            self._word_masks[word] = np.fromiter(
                (word in t for t in self.period_text), dtype=bool, count=self.pe.m
            )
        return self._word_masks[word]

    def col_starts(self, cols: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        """Where each placement's run of periods begins among these (sorted) columns."""
        placement = self.pe.placement[cols]
        return np.flatnonzero(np.r_[True, placement[1:] != placement[:-1]])

    def usable_days(self, rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp]):
        """R-PLAN-5: per student and period, the days the student could go: from the day they
        would start (never before the round), inside their window, outside the school holidays
        of their holiday region. A period that ends just after the round, or lies in the
        summer holiday, has (almost) none."""
        st, pe = self.st, self.pe
        first = np.maximum(pe.from_day[cols][None, :], st.win_start[rows, None])
        last = np.minimum(pe.end[cols][None, :], st.win_end[rows, None])
        usable = np.maximum(0, last - first + 1)
        if not pe.holidays or not usable.size:
            return usable
        regions = st.holiday[rows]
        lo, hi = int(first.min()), int(last.max())
        # A block is one postcode area, nearly always one holiday region: no row selection
        # then, and holidays outside the block's dates are skipped (per-call overhead, not
        # array size, is what a national round's thousands of blocks pay for).
        for region in np.unique(regions).tolist():
            hit = regions == region
            if hit.all():
                hit = None
            f = first if hit is None else first[hit]
            t = last if hit is None else last[hit]
            for h_region, h_first, h_last in pe.holidays:
                if h_region != region or h_last < lo or h_first > hi:
                    continue
                in_holiday = np.maximum(0, np.minimum(t, h_last) - np.maximum(f, h_first) + 1)
                if hit is None:
                    usable -= in_holiday
                else:
                    usable[hit] -= in_holiday
        return usable

    def masks(self, rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp], every_step: bool):
        """The rules of STEPS for these students over these periods, one after the other:
        the last mask only, or (``every_step``) the mask after each rule."""
        st, pe = self.st, self.pe
        found = []
        km = self.dist[self.s_origin[rows]][:, self.p_q[cols]]
        mask = km <= st.max_km[rows, None]
        mask[st.blocked[rows]] = False  # no new reaction possible: nothing counts
        found.append(mask.copy() if every_step else None)
        mask &= pe.levels[cols][:, st.level[rows]].T & self.own_ok[self.s_school[rows]][:, cols]
        found.append(mask.copy() if every_step else None)
        age = (
            pe.day_y[cols][None, :]
            - st.birth_y[rows, None]
            - (pe.day_md[cols][None, :] < st.birth_md[rows, None])
        )
        mask &= age >= pe.min_age[cols][None, :]
        found.append(mask.copy() if every_step else None)
        # Two weeks, what is left of a shorter window, or half of a shorter period (a
        # week-long project that touches the first holiday Saturday still fits).
        period_days = pe.end[cols] - pe.from_day[cols] + 1
        need = np.minimum(st.win_need[rows, None], ((period_days + 1) // 2)[None, :])
        mask &= self.usable_days(rows, cols) >= np.maximum(1, need)
        found.append(mask.copy() if every_step else None)
        mask &= (st.needs[rows, None] & ~pe.offers[cols][None, :]) == 0
        found.append(mask.copy() if every_step else None)
        if self.reacted_cols:
            position = np.full(pe.m, -1, dtype=np.intp)
            position[cols] = np.arange(len(cols))
            for r, i in enumerate(rows.tolist()):
                done = self.reacted_cols.get(i)
                if done is not None:
                    hit = position[done]
                    mask[r, hit[hit >= 0]] = False
        found.append(mask.copy() if every_step else None)
        mask &= (pe.free[cols] > 0)[None, :]
        found.append(mask.copy() if every_step else None)
        mask &= pe.intake_ok[cols][None, :]
        found.append(mask)
        return (found if every_step else mask), km
