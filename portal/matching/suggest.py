"""Ranked suggestions for one need, and the explanation for any one provider."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from portal.matching import constraints, fast, scoring
from portal.matching.criteria import DEFAULT_HORIZON_WEEKS
from portal.matching.schemas import (
    ExpertSpec,
    Explanation,
    NeedSpec,
    Provider,
    ProviderRef,
    Suggestion,
)


def ref(provider: Provider) -> ProviderRef:
    kind = "expert" if isinstance(provider, ExpertSpec) else "offer"
    return ProviderRef(type=kind, id=provider.id)


def explain(
    need: NeedSpec,
    provider: Provider,
    weights: dict[str, float],
    today: date,
    weeks: float = DEFAULT_HORIZON_WEEKS,
) -> Explanation:
    failed = constraints.failures(need, provider, today, weeks)
    if failed:
        return Explanation(ref(provider), eligible=False, score=None, breakdown={}, failures=failed)
    points = scoring.breakdown(scoring.fractions(need, provider, today, weeks), weights)
    return Explanation(
        ref(provider), eligible=True, score=scoring.score_of(points), breakdown=points, failures=[]
    )


def suggest(
    need: NeedSpec,
    providers: Iterable[Provider],
    weights: dict[str, float],
    today: date,
    limit: int = 10,
    weeks: float = DEFAULT_HORIZON_WEEKS,
) -> list[Suggestion]:
    """The best ``limit`` providers that meet every hard constraint, best first.

    Ties go to the lower provider id, so the same input always gives the same list.
    """
    found: list[Suggestion] = []
    for provider in providers:
        if not constraints.allowed(need, provider, today, weeks):
            continue
        points = scoring.breakdown(scoring.fractions(need, provider, today, weeks), weights)
        found.append(Suggestion(ref(provider), scoring.score_of(points), points))
    found.sort(key=lambda s: (-s.score, s.provider.type, s.provider.id))
    return found[:limit]


def suggest_experts(
    need: NeedSpec,
    experts: Sequence[ExpertSpec],
    weights: dict[str, float],
    today: date,
    limit: int = 10,
    weeks: float = DEFAULT_HORIZON_WEEKS,
) -> list[Suggestion]:
    """:func:`suggest` for many experts: ranked column-wise, then the best ``limit`` scored
    again one by one for their breakdowns (the two agree exactly, see portal.matching.fast)."""
    if not experts:
        return []
    ids, scores = fast.score_need(need, fast.ExpertTable(experts, weeks), weights, today)
    order = np.lexsort((ids, -scores))[:limit]
    by_id = {expert.id: expert for expert in experts}
    return suggest(need, [by_id[int(ids[k])] for k in order], weights, today, limit, weeks)
