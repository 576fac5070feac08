"""Counts per facet value, computed in SQL with the facet's own filter left out.

:func:`count_facets` counts every facet of a list, and the list's total, in one statement;
:func:`count_values` counts one facet per statement (the lists of offers and procurements,
which are small, still use it).

For each facet the count is the usual one of faceted search: rows that pass every filter
*except the facet's own*, per value. So a row that passes every filter counts in every facet
(and in the total); a row that fails exactly one facet's filter counts in that facet only;
a row that fails two counts nowhere. The statement reads those parts apart: the rows that
pass everything once, grouped by every facet in one pass (GROUPING SETS), and for each facet
with a filter the rows that fail only that one, grouped by that facet alone. Each part is a
plain filtered scan that can use the indexes, and no row is grouped where it cannot count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from portal.db.raw import fetch
from portal.search.query import Conditions, numbered
from portal.search.schemas import Facet, FacetValue

# Values with equal counts in code-point order, as the in-memory facet index sorts them
# (UTF-8 bytes sort like code points), whatever the database's collation.
BY_CODE_POINT = 'COLLATE "C"'


@dataclass(frozen=True)
class FacetSpec:
    """A facet: its name (the ``facet`` of its conditions), the SQL expression of a row's
    value(s) (an array when ``is_array``; no placeholders), labels and the chosen values."""

    name: str
    expression: str
    is_array: bool
    labels: Mapping[str, str]
    selected: Sequence[str]
    # Facets of one group are grouped together (one hash per row instead of one per facet),
    # which pays when their combinations are few: by default every scalar facet together,
    # each array facet alone.
    group: str | None = None
    # The facet's name in the in-memory index when it differs (portal.search.bitmap_index).
    key: str | None = None


@dataclass(frozen=True)
class FacetCounts:
    facets: list[Facet]
    total: int  # rows passing every filter: the list's total


def facet_of(spec: FacetSpec, counted: dict[str, int]) -> Facet:
    """The facet of ``spec`` with its values counted (most first)."""
    return _facet(spec.name, counted, spec.labels, list(spec.selected))


def _facet(name: str, counted: dict[str, int], spec_labels: Mapping[str, str], selected) -> Facet:
    # Keep chosen values visible even when their count dropped to zero.
    for value in selected:
        counted.setdefault(value, 0)
    return Facet(
        name=name,
        values=[
            FacetValue(value=v, label=spec_labels.get(v, v), count=n, selected=v in selected)
            for v, n in counted.items()
        ],
    )


def split_by_facet(
    conditions: Conditions, counted: set[str]
) -> tuple[Conditions, dict[str, Conditions]]:
    """The conditions that filter every facet, and each ``counted`` facet's conditions
    together. (Conditions of a facet that is not counted filter like any other.)"""
    fixed = Conditions()
    by_facet: dict[str, Conditions] = {}
    for condition in conditions.items:
        if condition.facet is None or condition.facet not in counted:
            fixed.items.append(condition)
        else:
            by_facet.setdefault(condition.facet, Conditions()).items.append(condition)
    return fixed, by_facet


def _as_text_array(expression: str, is_array: bool) -> str:
    return f"({expression})::text[]" if is_array else f"ARRAY[({expression})::text]"


def _sets(specs: Sequence[FacetSpec]) -> list[list[int]]:
    """The grouping sets: indexes of ``specs`` grouped together."""
    sets: dict[str, list[int]] = {}
    for i, spec in enumerate(specs):
        key = spec.group or ("" if not spec.is_array else f"#{i}")
        sets.setdefault(key, []).append(i)
    return list(sets.values())


def _negation(conditions: Conditions) -> tuple[str, list]:
    """Rows failing ``conditions``: the exact negated form of a single condition that has
    one (an index can answer it), else NOT (...), a NULL counting as failing."""
    if len(conditions.items) == 1 and conditions.items[0].negated is not None:
        sql, values = conditions.items[0].negated
        return sql, list(values)
    sql, values = conditions.where()
    return f"NOT COALESCE(({sql}), false)", values


def facets_sql(
    source: str, specs: Sequence[FacetSpec], conditions: Conditions, *, limit: int = 60
) -> tuple[str, list]:
    """The one statement behind :func:`count_facets` (with ``{}`` placeholders) and its
    values. It answers rows (facet, value, n): facet ``-1`` is the total, then the values
    of facet ``i`` (the index in ``specs``) by count, most first, at most ``limit``."""
    fixed, by_facet = split_by_facet(conditions, {spec.name for spec in specs})
    values: list = []

    def where(*parts: tuple[str, list]) -> str:
        for _, part_values in parts:
            values.extend(part_values)
        return " AND ".join(f"({sql})" for sql, _ in parts)

    # The rows that pass every filter: every facet in one pass, and the total (the empty
    # grouping set). OFFSET 0 keeps each value expression evaluated once per row.
    keys = [f"e{i}" for i in range(len(specs))]
    columns = ", ".join(f"({spec.expression}) AS e{i}" for i, spec in enumerate(specs))
    everything = where(fixed.where(), *(c.where() for c in by_facet.values()))
    sets = _sets(specs)
    grouping_sets = ", ".join("(" + ", ".join(keys[i] for i in members) + ")" for members in sets)
    passing = (
        f"SELECT GROUPING({', '.join(keys)}) AS g, {', '.join(keys)}, count(*) AS n "  # noqa: S608
        f"FROM (SELECT {columns} FROM {source} WHERE {everything} OFFSET 0) AS r "
        f"GROUP BY GROUPING SETS ({grouping_sets}, ())"
    )

    def mask(members: Sequence[int]) -> int:
        # GROUPING(...) sets the bit of every key *not* grouped in the row's set.
        full = (1 << len(keys)) - 1
        for i in members:
            full ^= 1 << (len(keys) - 1 - i)
        return full

    set_of = {i: members for members in sets for i in members}
    parts = [
        f"SELECT {i}, {_as_text_array(f'e{i}', spec.is_array)}, n "  # noqa: S608
        f"FROM passing WHERE g = {mask(set_of[i])}"
        for i, spec in enumerate(specs)
    ]
    parts.append(f"SELECT -1, NULL::text[], n FROM passing WHERE g = {mask([])}")  # noqa: S608
    # For each facet with a filter, the rows that fail only that one.
    for i, spec in enumerate(specs):
        if spec.name not in by_facet:
            continue
        others = [c.where(form="selective") for name, c in by_facet.items() if name != spec.name]
        part_where = where(fixed.where(form="selective"), *others, _negation(by_facet[spec.name]))
        parts.append(
            f"SELECT {i}, {_as_text_array('e', spec.is_array)}, count(*) "  # noqa: S608
            f"FROM (SELECT ({spec.expression}) AS e FROM {source} WHERE {part_where} "
            "OFFSET 0) AS r GROUP BY e"
        )
    sql = (
        f"WITH passing AS MATERIALIZED ({passing}), "  # noqa: S608
        f"p (facet, vals, n) AS ({' UNION ALL '.join(parts)}), "
        "f AS (SELECT facet, x.value, sum(n)::bigint AS n "
        "FROM p CROSS JOIN LATERAL unnest(vals) AS x(value) "
        "WHERE facet >= 0 AND x.value IS NOT NULL GROUP BY facet, x.value "
        "UNION ALL SELECT facet, NULL, n FROM p WHERE facet = -1) "
        "SELECT facet, value, n FROM (SELECT facet, value, n, row_number() OVER "
        f"(PARTITION BY facet ORDER BY n DESC, value {BY_CODE_POINT}) AS rank FROM f) AS ranked "
        f"WHERE rank <= {int(limit)} ORDER BY facet, n DESC, value {BY_CODE_POINT}"
    )
    return sql, values


async def count_facets(
    *, source: str, specs: Sequence[FacetSpec], conditions: Conditions, limit: int = 60
) -> FacetCounts:
    """Count every facet of ``specs`` over ``source`` under ``conditions``, in one statement,
    and the total of rows passing every condition."""
    sql, values = facets_sql(source, specs, conditions, limit=limit)
    rows = await fetch(numbered(sql, values), *values)
    counted: list[dict[str, int]] = [{} for _ in specs]
    total = 0
    for row in rows:
        if row["facet"] < 0:
            total = row["n"]
        else:
            counted[row["facet"]][row["value"]] = row["n"]
    return FacetCounts(
        facets=[
            _facet(spec.name, counted[i], spec.labels, list(spec.selected))
            for i, spec in enumerate(specs)
        ],
        total=total,
    )


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
        f"GROUP BY 1 ORDER BY n DESC, ({expression})::text {BY_CODE_POINT} LIMIT {int(limit)}"
    )
    rows = await fetch(numbered(sql, values), *values)
    return _facet(facet, {row["value"]: row["n"] for row in rows}, labels, list(selected))
