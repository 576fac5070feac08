"""Counts per facet value, computed in SQL with the facet's own filter left out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from portal.db.raw import fetch
from portal.search.query import Conditions, numbered
from portal.search.schemas import Facet, FacetValue


async def count_values(
    *,
    source: str,
    expression: str,
    is_array: bool,
    facet: str,
    conditions: Conditions,
    labels: Mapping[str, str],
    selected: Sequence[str],
    limit: int = 60,
) -> Facet:
    """Count rows of ``source`` per value of ``expression`` (unnested when an array)."""
    where, values = conditions.where(without=facet)
    if is_array:
        source = f"{source} CROSS JOIN LATERAL unnest({expression}) AS facet(value)"
        expression = "facet.value"
    sql = (
        f"SELECT ({expression})::text AS value, count(*) AS n FROM {source} "  # noqa: S608
        f"WHERE {where} AND ({expression}) IS NOT NULL "
        f"GROUP BY 1 ORDER BY n DESC, 1 LIMIT {int(limit)}"
    )
    rows = await fetch(numbered(sql, values), *values)
    counted = {row["value"]: row["n"] for row in rows}
    # Keep chosen values visible even when their count dropped to zero.
    for value in selected:
        counted.setdefault(value, 0)
    return Facet(
        name=facet,
        values=[
            FacetValue(value=v, label=labels.get(v, v), count=n, selected=v in selected)
            for v, n in counted.items()
        ],
    )
