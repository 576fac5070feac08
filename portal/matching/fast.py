"""The hard constraints and the score for one need against many experts at once, with numpy.

Gives exactly what :mod:`portal.matching.constraints` and :mod:`portal.matching.scoring`
give pair by pair (a property test holds the two to the same pairs and the same scores, bit
for bit): the same operations in the same order, distances looked up from one table
computed by the scalar code, and the same rounding. Region-wide runs use this; single
suggestions and explanations use the readable scalar code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from portal.matching.constraints import LEVEL_RANK, distance_km
from portal.matching.criteria import FULL_SLACK_DAYS, Criterion
from portal.matching.schemas import ExpertSpec, NeedSpec, Place
from portal.matching.scoring import TOP_RANK

_NEVER = np.iinfo(np.int64).min  # no "available from": always already available
_ALWAYS = np.iinfo(np.int64).max  # no "available until": never ends


def _clamp(values: np.ndarray) -> np.ndarray:
    return np.minimum(1.0, np.maximum(0.0, values))


def _round2(values: np.ndarray) -> np.ndarray:
    return np.floor(values * 100 + 0.5) / 100


class ExpertTable:
    """Every expert's attributes as columns, for vectorised checks.

    The columns of a language, script or skill are built the first time a need asks for it:
    one need's suggestions look at a handful of them, a region-wide run at each one once.
    """

    def __init__(self, experts: Sequence[ExpertSpec], weeks: float) -> None:
        self._experts = experts
        self._languages: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}
        self._scripts: dict[str, np.ndarray | None] = {}
        self._skills: dict[str, np.ndarray | None] = {}
        self.ids = np.array([e.id for e in experts], dtype=np.int64)
        self.free = np.array(
            [max(0.0, e.capacity_hours_per_week * weeks - e.reserved_hours) for e in experts],
            dtype=np.float64,
        )
        self.available_from = np.array(
            [e.available_from.toordinal() if e.available_from else _NEVER for e in experts],
            dtype=np.int64,
        )
        self.available_until = np.array(
            [e.available_until.toordinal() if e.available_until else _ALWAYS for e in experts],
            dtype=np.int64,
        )
        self.remote = np.array([e.remote for e in experts], dtype=bool)
        self.onsite = np.array([e.onsite for e in experts], dtype=bool)
        self.travel = np.array([float(e.travel_km) for e in experts], dtype=np.float64)
        self.completed = np.array([e.completed for e in experts], dtype=np.int64)
        self.cancelled = np.array([e.cancelled for e in experts], dtype=np.int64)
        places: dict[str, Place] = {}
        for expert in experts:
            if expert.place is not None:
                places.setdefault(expert.place.municipality_code, expert.place)
        self.place_codes = list(places)
        self.place_index = {code: k for k, code in enumerate(self.place_codes)}
        self.place = np.array(
            [self.place_index[e.place.municipality_code] if e.place else -1 for e in experts],
            dtype=np.int64,
        )
        self._places = places
        self._distances: dict[str, np.ndarray] = {}

    def language(self, code: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The positions of the experts who know ``code`` (ascending), and every expert's
        rank in it (-1 for none); None when nobody knows it."""
        if code not in self._languages:
            index = [i for i, e in enumerate(self._experts) if code in e.languages]
            if not index:
                self._languages[code] = None
            else:
                column = np.full(len(self._experts), -1, dtype=np.int64)
                column[index] = [LEVEL_RANK[self._experts[i].languages[code]] for i in index]
                self._languages[code] = (np.array(index, dtype=np.int64), column)
        return self._languages[code]

    def script(self, name: str) -> np.ndarray | None:
        """Whether each expert writes ``name``; None when nobody does."""
        if name not in self._scripts:
            self._scripts[name] = self._flags([name in e.scripts for e in self._experts])
        return self._scripts[name]

    def skill(self, name: str) -> np.ndarray | None:
        """Whether each expert has ``name``; None when nobody has."""
        if name not in self._skills:
            self._skills[name] = self._flags([name in e.skills for e in self._experts])
        return self._skills[name]

    @staticmethod
    def _flags(values: list[bool]) -> np.ndarray | None:
        column = np.array(values, dtype=bool)
        return column if column.any() else None

    def distances_to(self, place: Place | None) -> np.ndarray:
        """km from every expert's municipality to ``place``; NaN where either is unknown."""
        if place is None:
            return np.full(len(self.ids), np.nan)
        key = place.municipality_code
        if key not in self._distances:
            per_place = np.array(
                [distance_km(self._places[c], place) for c in self.place_codes] + [np.nan],
                dtype=np.float64,
            )
            # Index -1 (no place) picks the trailing NaN.
            self._distances[key] = per_place[self.place]
        return self._distances[key]


def score_need(
    need: NeedSpec, table: ExpertTable, weights: dict[str, float], today: date
) -> tuple[np.ndarray, np.ndarray]:
    """The experts (ids) that meet every hard constraint of a cataloguing need, and their
    scores, in the table's order."""
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
    if need.kind != "cataloguing":
        return empty
    languages = {}
    for wanted in need.required_languages:
        known = table.language(wanted.code)
        if known is None:
            return empty
        languages[wanted.code] = known
    if languages:
        candidates = min((index for index, _ in languages.values()), key=len)
    else:
        candidates = np.arange(len(table.ids))
    ok = np.ones(len(candidates), dtype=bool)
    for wanted in need.required_languages:
        ok &= languages[wanted.code][1][candidates] >= LEVEL_RANK[wanted.level]
    for script in need.required_scripts:
        column = table.script(script)
        if column is None:
            return empty
        ok &= column[candidates]
    for skill in need.required_skills:
        column = table.skill(skill)
        if column is None:
            return empty
        ok &= column[candidates]
    today_ord = today.toordinal()
    ok &= table.available_until[candidates] >= today_ord
    if need.deadline is not None:
        ok &= table.available_from[candidates] <= need.deadline.toordinal()
    km_all = table.distances_to(need.place)
    km = km_all[candidates]
    travel = table.travel[candidates]
    remote = table.remote[candidates]
    onsite = table.onsite[candidates]
    within = ~np.isnan(km) & (km <= travel)
    ok &= (need.remote & remote) | (onsite & within)
    ok &= table.free[candidates] > 0
    chosen = candidates[ok]
    if len(chosen) == 0:
        return empty

    fractions: list[tuple[str, np.ndarray]] = []
    if need.wished_skills:
        have = np.zeros(len(chosen), dtype=np.int64)
        for skill in need.wished_skills:
            column = table.skill(skill)
            if column is not None:
                have = have + column[chosen]
        fractions.append((Criterion.wished_skills, have / len(need.wished_skills)))
    if need.required_languages:
        total = np.zeros(len(chosen), dtype=np.float64)
        for wanted in need.required_languages:
            required = LEVEL_RANK[wanted.level]
            if required == TOP_RANK:
                part = np.ones(len(chosen), dtype=np.float64)
            else:
                have = languages[wanted.code][1][chosen]
                part = _clamp((have - required) / (TOP_RANK - required))
            total = total + part
        fractions.append((Criterion.language_level, total / len(need.required_languages)))
    if need.estimated_hours:
        capacity = _clamp(table.free[chosen] / need.estimated_hours)
    else:
        capacity = np.full(len(chosen), 0.5)
    fractions.append((Criterion.capacity_fit, capacity))
    chosen_km = km_all[chosen]
    radius = np.maximum(table.travel[chosen], 1.0)
    by_distance = np.where(np.isnan(chosen_km), 0.0, _clamp(1 - chosen_km / radius))
    distance = np.where(need.remote & table.remote[chosen], 1.0, by_distance)
    fractions.append((Criterion.distance, distance))
    if need.deadline is None:
        slack = np.ones(len(chosen), dtype=np.float64)
    else:
        start = np.maximum(today_ord, table.available_from[chosen])
        slack = _clamp((need.deadline.toordinal() - start) / FULL_SLACK_DAYS)
    fractions.append((Criterion.deadline_slack, slack))
    if need.place is None:
        across = np.full(len(chosen), 0.5)
    else:
        own = table.place_index.get(need.place.municipality_code, -2)
        places = table.place[chosen]
        across = np.where(places == -1, 0.5, np.where(places == own, 0.0, 1.0))
    fractions.append((Criterion.cross_municipality, across))
    completed, cancelled = table.completed[chosen], table.cancelled[chosen]
    fractions.append((Criterion.track_record, (completed + 1) / (completed + cancelled + 2)))

    total_weight = 0.0
    for name, _values in fractions:
        total_weight += max(0.0, weights.get(name, 0.0))
    score = np.zeros(len(chosen), dtype=np.float64)
    if total_weight > 0:
        for name, values in fractions:
            weight = max(0.0, weights.get(name, 0.0))
            score = score + _round2(100 * weight * values / total_weight)
    return table.ids[chosen], _round2(score)
