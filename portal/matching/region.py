"""Building the region-wide problem: every open need against every provider that can meet it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import msgspec

from portal.matching import constraints, scoring
from portal.matching.assignment import Arc, Demand, Problem, Supply
from portal.matching.criteria import room
from portal.matching.fast import ExpertTable, score_need
from portal.matching.schemas import ExpertSpec, NeedSpec, OfferSpec

HOUR_UNIT = 0.25  # experts' time is assigned in quarter hours
ITEM_UNIT = 1.0


class Built(msgspec.Struct, frozen=True):
    problem: Problem
    skipped: dict[int, str]  # need id -> why it is not in the problem


def expert_problem(
    needs: Sequence[NeedSpec],
    experts: Sequence[ExpertSpec],
    weights: dict[str, float],
    today: date,
    weeks: float,
    time_limit_s: float = 10.0,
    workers: int = 1,
) -> Built:
    """Every cataloguing need with an estimate against every expert who meets its hard
    constraints (checked and scored column-wise by :mod:`portal.matching.fast`)."""
    table = ExpertTable(experts, weeks)
    demands, arcs, skipped = [], [], {}
    for need in needs:
        if need.kind != "cataloguing":
            continue
        if not need.estimated_hours:
            skipped[need.id] = "no_estimated_hours"
            continue
        demands.append(Demand(need.id, need.estimated_hours, need.splittable))
        ids, scores = score_need(need, table, weights, today)
        arcs.extend(
            Arc(need.id, provider, score)
            for provider, score in zip(ids.tolist(), scores.tolist(), strict=True)
        )
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
