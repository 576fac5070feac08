"""The score: a weighted sum of named criteria, each a fraction from 0 to 1.

Criteria that do not apply to a pair (no wished skills, no language asked for, a resource
need and language levels) are left out, and the weights of the rest are scaled so that the
score still runs from 0 to 100. The breakdown gives each criterion's points; they add up to
the score.
"""

from __future__ import annotations

import math
from datetime import date

from portal.matching.constraints import LEVEL_RANK, distance_km
from portal.matching.criteria import (
    DEFAULT_HORIZON_WEEKS,
    DEFAULT_RESOURCE_RADIUS_KM,
    FULL_SLACK_DAYS,
    Criterion,
    room,
)
from portal.matching.schemas import ExpertSpec, NeedSpec, OfferSpec, Place, Provider

TOP_RANK = max(LEVEL_RANK.values())


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _slack(need: NeedSpec, available_from: date | None, today: date) -> float:
    if need.deadline is None:
        return 1.0
    start = max(today, available_from) if available_from else today
    return _clamp((need.deadline - start).days / FULL_SLACK_DAYS)


def _across(need: NeedSpec, place: Place | None) -> float:
    if need.place is None or place is None:
        return 0.5
    return 0.0 if need.place.municipality_code == place.municipality_code else 1.0


def _record(completed: int, cancelled: int) -> float:
    # Smoothed share of work completed: a newcomer starts at one half.
    return (completed + 1) / (completed + cancelled + 2)


def expert_fractions(
    need: NeedSpec, expert: ExpertSpec, today: date, weeks: float = DEFAULT_HORIZON_WEEKS
) -> dict[str, float]:
    fractions: dict[str, float] = {}
    if need.wished_skills:
        have = sum(1 for skill in need.wished_skills if skill in expert.skills)
        fractions[Criterion.wished_skills] = have / len(need.wished_skills)
    if need.required_languages:
        parts = []
        for wanted in need.required_languages:
            required = LEVEL_RANK[wanted.level]
            if required == TOP_RANK:
                parts.append(1.0)
                continue
            have = LEVEL_RANK.get(expert.languages.get(wanted.code, ""), required)
            parts.append(_clamp((have - required) / (TOP_RANK - required)))
        fractions[Criterion.language_level] = sum(parts) / len(parts)
    free = room(expert.capacity_hours_per_week, expert.reserved_hours, weeks)
    fractions[Criterion.capacity_fit] = (
        0.5 if not need.estimated_hours else _clamp(free / need.estimated_hours)
    )
    if need.remote and expert.remote:
        fractions[Criterion.distance] = 1.0
    else:
        km = distance_km(expert.place, need.place)
        radius = max(expert.travel_km, 1.0)
        fractions[Criterion.distance] = 0.0 if km is None else _clamp(1 - km / radius)
    fractions[Criterion.deadline_slack] = _slack(need, expert.available_from, today)
    fractions[Criterion.cross_municipality] = _across(need, expert.place)
    fractions[Criterion.track_record] = _record(expert.completed, expert.cancelled)
    return fractions


def offer_fractions(need: NeedSpec, offer: OfferSpec, today: date) -> dict[str, float]:
    wanted = need.quantity or 1
    km = distance_km(offer.place, need.place)
    radius = need.within_km or DEFAULT_RESOURCE_RADIUS_KM
    return {
        Criterion.capacity_fit: _clamp(offer.quantity_left / wanted),
        Criterion.distance: 0.5 if km is None else _clamp(1 - km / max(radius, 1.0)),
        Criterion.deadline_slack: _slack(need, offer.available_from, today),
        Criterion.cross_municipality: _across(need, offer.place),
        Criterion.track_record: _record(offer.completed, offer.cancelled),
    }


def fractions(
    need: NeedSpec, provider: Provider, today: date, weeks: float = DEFAULT_HORIZON_WEEKS
) -> dict[str, float]:
    if isinstance(provider, ExpertSpec):
        return expert_fractions(need, provider, today, weeks)
    return offer_fractions(need, provider, today)


def round2(value: float) -> float:
    """Half up to hundredths, by arithmetic that numpy repeats bit for bit (portal.matching.fast
    must give exactly the scores this module gives)."""
    return math.floor(value * 100 + 0.5) / 100


def breakdown(fractions_: dict[str, float], weights: dict[str, float]) -> dict[str, float]:
    """Points per criterion, scaled over the applicable criteria to a total of at most 100."""
    total_weight = 0.0
    for name in fractions_:
        total_weight += max(0.0, weights.get(name, 0.0))
    if total_weight <= 0:
        return {str(name): 0.0 for name in fractions_}
    return {
        str(name): round2(100 * max(0.0, weights.get(name, 0.0)) * value / total_weight)
        for name, value in fractions_.items()
    }


def score_of(points: dict[str, float]) -> float:
    total = 0.0
    for value in points.values():
        total += value
    return round2(total)
