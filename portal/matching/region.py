"""Building the region-wide problem: every open need against every provider that can meet it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import msgspec

from portal.matching import constraints, scoring
from portal.matching.assignment import Arc, Demand, Problem, Supply
from portal.matching.criteria import room
from portal.matching.schemas import ExpertSpec, NeedSpec, OfferSpec

HOUR_UNIT = 0.25  # experts' time is assigned in quarter hours
ITEM_UNIT = 1.0


class Built(msgspec.Struct, frozen=True):
    problem: Problem
    skipped: dict[int, str]  # need id -> why it is not in the problem


def _candidates(need: NeedSpec, experts: Sequence[ExpertSpec], by_language) -> Sequence[int]:
    """Indexes of experts worth checking: those who know the rarest required language."""
    if not need.required_languages:
        return range(len(experts))
    return min((by_language.get(w.code, ()) for w in need.required_languages), key=len)


def expert_problem(
    needs: Sequence[NeedSpec],
    experts: Sequence[ExpertSpec],
    weights: dict[str, float],
    today: date,
    weeks: float,
    time_limit_s: float = 10.0,
    workers: int = 1,
) -> Built:
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, expert in enumerate(experts):
        for code in expert.languages:
            by_language[code].append(index)
    demands, arcs, skipped = [], [], {}
    for need in needs:
        if need.kind != "cataloguing":
            continue
        if not need.estimated_hours:
            skipped[need.id] = "no_estimated_hours"
            continue
        demands.append(Demand(need.id, need.estimated_hours, need.splittable))
        for index in _candidates(need, experts, by_language):
            expert = experts[index]
            if constraints.expert_failures(need, expert, today, weeks):
                continue
            points = scoring.breakdown(
                scoring.expert_fractions(need, expert, today, weeks), weights
            )
            arcs.append(Arc(need.id, expert.id, scoring.score_of(points)))
    supplies = [
        Supply(e.id, room(e.capacity_hours_per_week, e.reserved_hours, weeks)) for e in experts
    ]
    problem = Problem(
        demands=demands,
        supplies=supplies,
        arcs=arcs,
        unit=HOUR_UNIT,
        time_limit_s=time_limit_s,
        workers=workers,
    )
    return Built(problem, skipped)


def offer_problem(
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    weights: dict[str, float],
    today: date,
    time_limit_s: float = 10.0,
    workers: int = 1,
) -> Built:
    by_category: dict[str, list[OfferSpec]] = defaultdict(list)
    for offer in offers:
        by_category[offer.category].append(offer)
    demands, arcs = [], []
    for need in needs:
        if need.kind != "resource":
            continue
        demands.append(Demand(need.id, float(need.quantity or 1), need.splittable))
        for offer in by_category.get(need.category or "", ()):
            if constraints.offer_failures(need, offer, today):
                continue
            points = scoring.breakdown(scoring.offer_fractions(need, offer, today), weights)
            arcs.append(Arc(need.id, offer.id, scoring.score_of(points)))
    supplies = [Supply(o.id, float(o.quantity_left)) for o in offers]
    problem = Problem(
        demands=demands,
        supplies=supplies,
        arcs=arcs,
        unit=ITEM_UNIT,
        time_limit_s=time_limit_s,
        workers=workers,
    )
    return Built(problem, {})
