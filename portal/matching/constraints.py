"""Hard constraints: whether a provider can meet a need at all, and if not, why not."""

from __future__ import annotations

from datetime import date

from portal.matching.criteria import DEFAULT_HORIZON_WEEKS, room
from portal.matching.schemas import (
    Constraint,
    ExpertSpec,
    Failure,
    NeedSpec,
    OfferSpec,
    Place,
    Provider,
)
from portal.search.distance import haversine_km
from portal.vocabularies.kinds import Level

LEVEL_RANK = {level.value: level.rank for level in Level}


def distance_km(a: Place | None, b: Place | None) -> float | None:
    if a is None or b is None:
        return None
    if a.municipality_code == b.municipality_code:
        return 0.0
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _available_in_time(
    available_from: date | None, available_until: date | None, deadline: date | None, today: date
) -> str | None:
    if available_until is not None and available_until < today:
        return f"until {available_until.isoformat()}"
    if deadline is not None and available_from is not None and available_from > deadline:
        return f"from {available_from.isoformat()} > {deadline.isoformat()}"
    return None


def expert_failures(
    need: NeedSpec, expert: ExpertSpec, today: date, weeks: float = DEFAULT_HORIZON_WEEKS
) -> list[Failure]:
    failures: list[Failure] = []
    if need.kind != "cataloguing":
        return [Failure(Constraint.kind, need.kind)]
    for wanted in need.required_languages:
        level = expert.languages.get(wanted.code)
        if level is None or LEVEL_RANK[level] < LEVEL_RANK[wanted.level]:
            failures.append(Failure(Constraint.language, f"{wanted.code}:{wanted.level}"))
    missing_scripts = [s for s in need.required_scripts if s not in expert.scripts]
    if missing_scripts:
        failures.append(Failure(Constraint.script, ",".join(missing_scripts)))
    missing_skills = [s for s in need.required_skills if s not in expert.skills]
    if missing_skills:
        failures.append(Failure(Constraint.skill, ",".join(missing_skills)))
    late = _available_in_time(expert.available_from, expert.available_until, need.deadline, today)
    if late:
        failures.append(Failure(Constraint.availability, late))
    if not (need.remote and expert.remote):
        # Work on site: the expert must work on site and the place be within the radius.
        if not expert.onsite:
            failures.append(Failure(Constraint.work_mode, "onsite"))
        else:
            km = distance_km(expert.place, need.place)
            if km is None or km > expert.travel_km:
                shown = "?" if km is None else f"{km:.0f}"
                failures.append(Failure(Constraint.distance, f"{shown} > {expert.travel_km:g}"))
    if room(expert.capacity_hours_per_week, expert.reserved_hours, weeks) <= 0:
        failures.append(Failure(Constraint.capacity, f"{expert.reserved_hours:g}"))
    return failures


def offer_failures(need: NeedSpec, offer: OfferSpec, today: date) -> list[Failure]:
    failures: list[Failure] = []
    if need.kind != "resource":
        return [Failure(Constraint.kind, need.kind)]
    if offer.category != need.category:
        failures.append(Failure(Constraint.category, offer.category))
    wanted = need.quantity or 1
    # A need that may be split takes what there is; one kept whole needs all of it.
    enough = offer.quantity_left >= (1 if need.splittable else wanted)
    if not enough:
        failures.append(Failure(Constraint.quantity, f"{offer.quantity_left} < {wanted}"))
    late = _available_in_time(offer.available_from, offer.available_until, need.deadline, today)
    if late:
        failures.append(Failure(Constraint.availability, late))
    if need.within_km is not None:
        km = distance_km(offer.place, need.place)
        if km is None or km > need.within_km:
            shown = "?" if km is None else f"{km:.0f}"
            failures.append(Failure(Constraint.distance, f"{shown} > {need.within_km:g}"))
    return failures


def failures(
    need: NeedSpec, provider: Provider, today: date, weeks: float = DEFAULT_HORIZON_WEEKS
) -> list[Failure]:
    if isinstance(provider, ExpertSpec):
        return expert_failures(need, provider, today, weeks)
    return offer_failures(need, provider, today)


def allowed(
    need: NeedSpec, provider: Provider, today: date, weeks: float = DEFAULT_HORIZON_WEEKS
) -> bool:
    return not failures(need, provider, today, weeks)
