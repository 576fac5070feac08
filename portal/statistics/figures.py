"""Every figure of the statistics pages, each one SQL query over the live tables.

Counts are of the county's organisations (``county_code``). Periods are half-open day
ranges ``[start, end + 1 day)`` on the timestamps in the database's time zone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec

from portal.db.raw import fetch
from portal.statistics.periods import Period, previous

IN_COUNTY = "SELECT id FROM organisation WHERE county_code = $1"


class Count(msgspec.Struct, frozen=True):
    key: str
    value: float


class Flow(msgspec.Struct, frozen=True):
    giver: str
    receiver: str
    hours: float
    matches: int


class CapacityRow(msgspec.Struct, frozen=True):
    language: str
    experts: int
    capacity_hours: float
    used_hours: float

    @property
    def free_hours(self) -> float:
        return max(0.0, self.capacity_hours - self.used_hours)


class OfferRow(msgspec.Struct, frozen=True):
    category: str
    offered: int
    taken: int  # units handed out (accepted requests and accepted offer matches)


class PipelineRow(msgspec.Struct, frozen=True):
    phase: str
    procurements: int
    committed_sek: int  # summed annual volumes of committed participants


class Deadline(msgspec.Struct, frozen=True):
    procurement_id: int
    title: str
    kind: str  # "interest" or "tender"
    day: date


class ProposalStats(msgspec.Struct, frozen=True):
    posted: int
    proposed: int
    median_days_to_proposal: float | None
    median_days_to_acceptance: float | None

    @property
    def share_proposed(self) -> float | None:
        return self.proposed / self.posted if self.posted else None


def _bounds(period: Period) -> tuple[date, date]:
    return period.start, period.end + timedelta(days=1)


async def open_needs_by_language(county: str) -> list[Count]:
    rows = await fetch(
        "SELECT code, count(*) AS n FROM need n, unnest(n.language_codes) AS code "
        "WHERE n.status = 'open' AND n.kind = 'cataloguing' "
        "AND n.organisation IN (SELECT id FROM organisation WHERE county_code = $1) "
        "GROUP BY code ORDER BY n DESC, code",
        county,
    )
    return [Count(r["code"], r["n"]) for r in rows]


async def open_needs_by_municipality(county: str, kind: str | None = None) -> list[Count]:
    """Open needs per municipality of the county (a need's municipality is its organisation's):
    counted per municipality first, from a small index, then kept if in the county."""
    rows = await fetch(
        "SELECT c.code, c.n FROM (SELECT n.municipality_code AS code, count(*) AS n FROM need n "
        "WHERE n.status = 'open' AND n.municipality_code IS NOT NULL "
        "AND ($2::text IS NULL OR n.kind = $2) GROUP BY 1) c "
        "WHERE c.code IN (SELECT code FROM organisation WHERE kind = 'municipality' "
        "AND county_code = $1) ORDER BY c.n DESC, c.code",
        county,
        kind,
    )
    return [Count(r["code"], r["n"]) for r in rows]


async def proposal_stats(
    county: str, period: Period, municipality: str | None = None
) -> ProposalStats:
    """Needs posted in the period (drafts left out), how many got a proposal, and the median
    days from posting to the first proposal and to the first acceptance."""
    return (await _proposal_stats(county, period, period, municipality))[0]


async def proposal_stats_and_before(
    county: str, period: Period, municipality: str | None = None
) -> tuple[ProposalStats, ProposalStats]:
    """:func:`proposal_stats` of the period and of the period before, in one pass."""
    return await _proposal_stats(county, period, previous(period), municipality)


# One period's figures from ``days``, as filtered aggregates: one pass, no sort of every row.
_PERIOD_FIGURES = (
    "count(*) FILTER (WHERE period = {i}) AS posted_{i}, "
    "count(*) FILTER (WHERE period = {i} AND proposed) AS proposed_{i}, "
    "percentile_cont(0.5) WITHIN GROUP (ORDER BY to_proposal) FILTER (WHERE period = {i}) "
    "AS to_proposal_{i}, "
    "percentile_cont(0.5) WITHIN GROUP (ORDER BY to_acceptance) FILTER (WHERE period = {i}) "
    "AS to_acceptance_{i}"
)


async def _proposal_stats(
    county: str, first: Period, second: Period, municipality: str | None
) -> tuple[ProposalStats, ProposalStats]:
    """Both periods in one pass over the needs posted in their span (a need in both counts in
    ``first``). Each need carries its first proposal and first acceptance time (kept by the
    match service), so this is one index-only scan of ``need_created_covering`` (measured in
    bench/README.md)."""
    (start_1, end_1), (start_2, end_2) = _bounds(first), _bounds(second)
    rows = await fetch(
        f"""
        WITH days AS (
            SELECT CASE WHEN n.created_at >= $2 AND n.created_at < $3 THEN 1
                        WHEN n.created_at >= $4 AND n.created_at < $5 THEN 2 END AS period,
                   n.first_proposed_at IS NOT NULL AS proposed,
                   date_part('epoch', n.first_proposed_at - n.created_at) / 86400 AS to_proposal,
                   date_part('epoch', n.first_accepted_at - n.created_at) / 86400
                       AS to_acceptance
            FROM need n
            WHERE n.created_at >= least($2, $4) AND n.created_at < greatest($3, $5)
              AND n.status <> 'draft'
              AND n.organisation IN ({IN_COUNTY})
              AND ($6::text IS NULL OR n.municipality_code = $6)
        )
        SELECT {", ".join(_PERIOD_FIGURES.format(i=i) for i in (1, 2))} FROM days
        """,  # noqa: S608 - constant text
        county,
        start_1,
        end_1,
        start_2,
        end_2,
        municipality,
    )
    row = rows[0]
    first_stats, second_stats = (
        ProposalStats(
            posted=row[f"posted_{i}"],
            proposed=row[f"proposed_{i}"],
            median_days_to_proposal=_float(row[f"to_proposal_{i}"]),
            median_days_to_acceptance=_float(row[f"to_acceptance_{i}"]),
        )
        for i in (1, 2)
    )
    return first_stats, second_stats


def _float(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


async def hour_flows(county: str, period: Period) -> list[Flow]:
    """Hours of expert work completed in the period, from the expert's municipality to the
    need's (a municipality of the county, as in the hours ledger)."""
    start, end = _bounds(period)
    rows = await fetch(
        "SELECT x.giver_municipality AS giver, x.receiver_municipality AS receiver, "
        "sum(x.hours_logged) AS hours, count(*) AS n FROM match x "
        "WHERE x.status = 'completed' AND x.provider_type = 'expert' "
        "AND x.hours_logged IS NOT NULL AND x.completed_at >= $2 AND x.completed_at < $3 "
        "AND x.giver_municipality IS NOT NULL AND x.receiver_municipality IN "
        "(SELECT code FROM organisation WHERE kind = 'municipality' AND county_code = $1) "
        "GROUP BY 1, 2 ORDER BY hours DESC, giver, receiver",
        county,
        start,
        end,
    )
    return [Flow(r["giver"], r["receiver"], float(r["hours"]), r["n"]) for r in rows]


async def hours_given(county: str, period: Period) -> float:
    """All the hours of :func:`hour_flows`, summed."""
    start, end = _bounds(period)
    rows = await fetch(
        "SELECT coalesce(sum(x.hours_logged), 0) AS hours FROM match x "
        "WHERE x.status = 'completed' AND x.provider_type = 'expert' "
        "AND x.hours_logged IS NOT NULL AND x.completed_at >= $2 AND x.completed_at < $3 "
        "AND x.giver_municipality IS NOT NULL AND x.receiver_municipality IN "
        "(SELECT code FROM organisation WHERE kind = 'municipality' AND county_code = $1)",
        county,
        start,
        end,
    )
    return float(rows[0]["hours"])


def balances(flows: list[Flow]) -> dict[str, tuple[float, float]]:
    """Per municipality: (hours given, hours received)."""
    totals: dict[str, list[float]] = {}
    for flow in flows:
        totals.setdefault(flow.giver, [0.0, 0.0])[0] += flow.hours
        totals.setdefault(flow.receiver, [0.0, 0.0])[1] += flow.hours
    return {code: (given, received) for code, (given, received) in sorted(totals.items())}


async def capacity_by_language(county: str, today: date, weeks: int = 4) -> list[CapacityRow]:
    """Visible, available experts per language: capacity over ``weeks`` and the hours their
    accepted work holds. An expert with two languages counts in both."""
    rows = await fetch(
        "SELECT code, count(*) AS experts, sum(e.capacity_hours_per_week * $3) AS capacity, "
        "sum(coalesce(r.held, 0)) AS used FROM expert_profile e "
        "CROSS JOIN unnest(e.language_codes) AS code "
        "LEFT JOIN (SELECT expert, sum(hours) AS held FROM match "
        "WHERE status IN ('accepted', 'in_progress') AND expert IS NOT NULL GROUP BY expert) r "
        "ON r.expert = e.id "
        "WHERE e.visible AND (e.available_until IS NULL OR e.available_until >= $2) "
        "AND e.municipality_code IN (SELECT code FROM organisation WHERE county_code = $1) "
        "GROUP BY code ORDER BY capacity DESC, code",
        county,
        today,
        weeks,
    )
    return [
        CapacityRow(r["code"], r["experts"], float(r["capacity"]), float(r["used"])) for r in rows
    ]


async def offers_by_category(
    county: str, period: Period, municipality: str | None = None
) -> list[OfferRow]:
    """Offers published in the period, and units taken in the period (accepted requests and
    accepted offer matches), per category."""
    start, end = _bounds(period)
    rows = await fetch(
        f"""
        WITH offers AS (
            SELECT r.id, r.category, r.created_at FROM resource_offer r
            WHERE r.organisation IN ({IN_COUNTY}) AND r.status <> 'draft'
              AND ($4::text IS NULL OR r.municipality_code = $4)
        ), taken AS (
            SELECT q.offer, q.quantity FROM offer_request q
            WHERE q.status = 'accepted' AND q.decided_at >= $2 AND q.decided_at < $3
            UNION ALL
            SELECT m.offer, m.quantity FROM match m
            WHERE m.provider_type = 'offer' AND m.accepted_at >= $2 AND m.accepted_at < $3
              AND m.status IN ('accepted', 'in_progress', 'completed')
        )
        SELECT o.category,
               count(*) FILTER (WHERE o.created_at >= $2 AND o.created_at < $3) AS offered,
               coalesce(sum(t.units), 0) AS taken
        FROM offers o
        LEFT JOIN (SELECT offer, sum(quantity) AS units FROM taken GROUP BY offer) t
          ON t.offer = o.id
        GROUP BY o.category ORDER BY o.category
        """,  # noqa: S608 - constant text
        county,
        start,
        end,
        municipality,
    )
    return [
        OfferRow(r["category"], r["offered"], int(r["taken"]))
        for r in rows
        if r["offered"] or r["taken"]
    ]


async def pipeline(county: str) -> list[PipelineRow]:
    rows = await fetch(
        "SELECT p.phase, count(DISTINCT p.id) AS n, "
        "coalesce(sum(v.annual_volume_sek) FILTER (WHERE pa.status = 'committed'), 0) AS sek "
        "FROM procurement p JOIN organisation o ON o.id = p.lead "
        "LEFT JOIN procurement_participation pa ON pa.procurement = p.id "
        "LEFT JOIN procurement_volume v ON v.participation = pa.id "
        "WHERE o.county_code = $1 GROUP BY p.phase",
        county,
    )
    return [PipelineRow(r["phase"], r["n"], int(r["sek"])) for r in rows]


async def deadlines(county: str, today: date, days: int = 30) -> list[Deadline]:
    rows = await fetch(
        "SELECT p.id, p.title, d.kind, d.day FROM procurement p "
        "JOIN organisation o ON o.id = p.lead "
        "CROSS JOIN LATERAL (VALUES ('interest', p.interest_deadline), "
        "('tender', p.tender_deadline)) AS d(kind, day) "
        "WHERE o.county_code = $1 AND p.phase NOT IN ('closed', 'cancelled') "
        "AND d.day >= $2 AND d.day <= $3 ORDER BY d.day, p.id, d.kind",
        county,
        today,
        today + timedelta(days=days),
    )
    return [Deadline(r["id"], r["title"], r["kind"], r["day"]) for r in rows]


# --- one municipality ---------------------------------------------------------------------


async def needs_by_status(municipality: str) -> list[Count]:
    rows = await fetch(
        "SELECT status, count(*) AS n FROM need WHERE municipality_code = $1 "
        "GROUP BY status ORDER BY status",
        municipality,
    )
    return [Count(r["status"], r["n"]) for r in rows]


class Joined(msgspec.Struct, frozen=True):
    procurement_id: int
    title: str
    phase: str
    status: str
    committed_sek: int


async def procurements_joined(municipality: str) -> list[Joined]:
    """Procurements the municipality (or one of its libraries) takes part in."""
    rows = await fetch(
        "SELECT p.id, p.title, p.phase, pa.status, "
        "coalesce(sum(v.annual_volume_sek) FILTER (WHERE pa.status = 'committed'), 0) AS sek "
        "FROM procurement_participation pa JOIN procurement p ON p.id = pa.procurement "
        "JOIN organisation o ON o.id = pa.organisation "
        "LEFT JOIN procurement_volume v ON v.participation = pa.id "
        "WHERE o.code = $1 OR o.municipality_code = $1 "
        "GROUP BY p.id, p.title, p.phase, pa.status ORDER BY p.title, p.id",
        municipality,
    )
    return [Joined(r["id"], r["title"], r["phase"], r["status"], int(r["sek"])) for r in rows]
