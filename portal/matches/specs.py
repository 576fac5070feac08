"""Rows to the plain values portal.matching works on, read in as few queries as possible."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import msgspec

from portal.db.raw import fetch
from portal.matching.schemas import ExpertSpec, LanguageNeed, NeedSpec, OfferSpec, Place
from portal.vocabularies.kinds import Level

# Per expert: hours held by accepted work, and the record of finished work.
_EXPERT_RECORD = """
SELECT expert,
       coalesce(sum(hours) FILTER (WHERE status IN ('accepted', 'in_progress')), 0) AS reserved,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status = 'cancelled' AND accepted_at IS NOT NULL) AS cancelled
FROM match WHERE provider_type = 'expert' GROUP BY expert
"""
_OFFER_RECORD = """
SELECT provider_organisation,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status = 'cancelled' AND accepted_at IS NOT NULL) AS cancelled
FROM match WHERE provider_type = 'offer' GROUP BY provider_organisation
"""

EXPERT_SQL = f"""
SELECT e.id, e."user" AS user_id, e.languages, e.scripts, e.skills, e.capacity_hours_per_week,
       e.available_from, e.available_until, e.remote, e.onsite, e.travel_km,
       e.municipality_code, e.headline, e.visible, m.latitude, m.longitude,
       coalesce(r.reserved, 0) AS reserved, coalesce(r.completed, 0) AS completed,
       coalesce(r.cancelled, 0) AS cancelled
FROM expert_profile e
JOIN organisation m ON m.code = e.municipality_code
LEFT JOIN ({_EXPERT_RECORD}) r ON r.expert = e.id
"""  # noqa: S608 - constant text

OFFER_SQL = f"""
SELECT r.id, r.category, r.quantity_left, r.available_from, r.available_until, r.title,
       r.status, r.version,
       r.organisation, r.municipality_code, m.latitude, m.longitude,
       coalesce(t.completed, 0) AS completed, coalesce(t.cancelled, 0) AS cancelled
FROM resource_offer r
LEFT JOIN organisation m ON m.kind = 'municipality' AND m.code = r.municipality_code
LEFT JOIN ({_OFFER_RECORD}) t ON t.provider_organisation = r.organisation
"""  # noqa: S608 - constant text

NEED_SQL = """
SELECT n.id, n.kind, n.organisation, n.municipality_code, n.required_languages,
       n.required_scripts, n.required_skills, n.wished_skills, n.estimated_hours, n.deadline,
       n.remote, n.splittable, n.category, n.quantity, n.within_km, n.status,
       m.latitude, m.longitude
FROM need n
LEFT JOIN organisation m ON m.kind = 'municipality' AND m.code = n.municipality_code
"""


def _place(row: dict[str, Any]) -> Place | None:
    if row["municipality_code"] is None or row["latitude"] is None:
        return None
    return Place(row["municipality_code"], row["latitude"], row["longitude"])


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str) else value


def need_spec(row: dict[str, Any]) -> NeedSpec:
    return NeedSpec(
        id=row["id"],
        kind=row["kind"],
        place=_place(row),
        required_languages=tuple(
            LanguageNeed(item["code"], item["level"]) for item in _json(row["required_languages"])
        ),
        required_scripts=tuple(row["required_scripts"]),
        required_skills=tuple(row["required_skills"]),
        wished_skills=tuple(row["wished_skills"]),
        estimated_hours=row["estimated_hours"],
        deadline=row["deadline"],
        remote=row["remote"],
        splittable=row["splittable"],
        category=row["category"],
        quantity=row["quantity"],
        within_km=row["within_km"],
    )


def expert_spec(row: dict[str, Any]) -> ExpertSpec:
    return ExpertSpec(
        id=row["id"],
        languages={item["code"]: item["level"] for item in _json(row["languages"])},
        scripts=frozenset(row["scripts"]),
        skills=frozenset(row["skills"]),
        capacity_hours_per_week=row["capacity_hours_per_week"],
        reserved_hours=float(row["reserved"]),
        available_from=row["available_from"],
        available_until=row["available_until"],
        remote=row["remote"],
        onsite=row["onsite"],
        travel_km=float(row["travel_km"]),
        place=_place(row),
        completed=row["completed"],
        cancelled=row["cancelled"],
    )


def offer_spec(row: dict[str, Any]) -> OfferSpec:
    return OfferSpec(
        id=row["id"],
        category=row["category"],
        quantity_left=row["quantity_left"],
        available_from=row["available_from"],
        available_until=row["available_until"],
        place=_place(row),
        completed=row["completed"],
        cancelled=row["cancelled"],
    )


async def need_row(need_id: int) -> dict[str, Any] | None:
    rows = await fetch(NEED_SQL + " WHERE n.id = $1", need_id)
    return rows[0] if rows else None


async def open_need_rows(county_code: str) -> list[dict[str, Any]]:
    return await fetch(
        NEED_SQL + " JOIN organisation o ON o.id = n.organisation "
        "WHERE n.status = 'open' AND o.county_code = $1 ORDER BY n.id",
        county_code,
    )


async def candidate_expert_rows(need: NeedSpec, today: date) -> list[dict[str, Any]]:
    """Experts that may pass the hard constraints; the exact checks run in portal.matching.

    The array conditions use the GIN indexes and each required language is asked for at one
    of the levels that suffice; distance and capacity are left to the pure code, which also
    explains each exclusion.
    """
    values: list[Any] = [
        today,
        [w.code for w in need.required_languages],
        list(need.required_scripts),
        list(need.required_skills),
    ]
    levels = []
    for wanted in need.required_languages:
        alternatives = []
        for level in Level:
            if level.rank >= Level(wanted.level).rank:
                values.append(json.dumps([{"code": wanted.code, "level": level.value}]))
                alternatives.append(f"e.languages @> ${len(values)}::jsonb")
        levels.append(" AND (" + " OR ".join(alternatives) + ")")
    return await fetch(
        EXPERT_SQL + " WHERE e.visible AND e.capacity_hours_per_week > 0 "
        "AND (e.available_until IS NULL OR e.available_until >= $1) "
        "AND e.language_codes @> $2::varchar[] AND e.scripts @> $3::varchar[] "
        "AND e.skills @> $4::varchar[]" + "".join(levels),
        *values,
    )


async def all_expert_rows(today: date) -> list[dict[str, Any]]:
    return await fetch(
        EXPERT_SQL + " WHERE e.visible AND e.capacity_hours_per_week > 0 "
        "AND (e.available_until IS NULL OR e.available_until >= $1) ORDER BY e.id",
        today,
    )


async def expert_row(profile_id: int) -> dict[str, Any] | None:
    rows = await fetch(EXPERT_SQL + " WHERE e.id = $1", profile_id)
    return rows[0] if rows else None


async def candidate_offer_rows(need: NeedSpec, organisation_id: int) -> list[dict[str, Any]]:
    return await fetch(
        OFFER_SQL + " WHERE r.status = 'published' AND r.category = $1 AND r.quantity_left > 0 "
        "AND r.organisation <> $2",
        need.category,
        organisation_id,
    )


async def all_offer_rows() -> list[dict[str, Any]]:
    return await fetch(
        OFFER_SQL + " WHERE r.status = 'published' AND r.quantity_left > 0 ORDER BY r.id"
    )


async def offer_row(offer_id: int) -> dict[str, Any] | None:
    rows = await fetch(OFFER_SQL + " WHERE r.id = $1", offer_id)
    return rows[0] if rows else None
