"""Query changes tried in the benchmark without editing ``portal/``.

A patch rewrites the SQL text the services send through ``portal.db.raw.fetch`` (the
benchmark wraps that function anyway, to time it). With ``--compare`` the benchmark checks
that the patched statements give exactly the answers of the current ones (items, totals,
facet counts) in every case it times, and times both side by side.

The two patches measured so far are now part of the portal (migration 2026-12-02T20:30 and
the need list service), so their rewrites no longer find anything to change:

- ``search-column``: search and rank on stored ``tsvector`` columns instead of computing
  ``to_tsvector('swedish', ...)`` over the text of every candidate row.
- ``no-org-join``: totals and facet counts read ``need`` alone, with the organisation
  conditions as ``n.organisation IN (SELECT id FROM organisation WHERE ...)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rewrite = Callable[[str], str]

_NEED_DOCUMENT = "to_tsvector('swedish', n.title || ' ' || n.description)"
_EXPERT_DOCUMENT = "to_tsvector('swedish', e.headline || ' ' || e.description)"
_EXPERT_HEADLINE = "to_tsvector('swedish', e.headline)"


def search_column(sql: str) -> str:
    return (
        sql.replace(_NEED_DOCUMENT, "n.search_vector")
        .replace(_EXPERT_DOCUMENT, "e.search_vector")
        .replace(_EXPERT_HEADLINE, "e.headline_vector")
    )


_NEED_JOIN = "FROM need n JOIN organisation o ON o.id = n.organisation"
_IN_ORGANISATIONS = "n.organisation IN (SELECT id FROM organisation WHERE {})"
_ORGANISATION_RULES = [
    (
        re.compile(r"o\.code = (\$\d+) OR o\.code LIKE (\$\d+)"),
        _IN_ORGANISATIONS.format(r"code = \1 OR code LIKE \2"),
    ),
    (re.compile(r"o\.county_code = (\$\d+)"), _IN_ORGANISATIONS.format(r"county_code = \1")),
    (re.compile(r"\(o\.code = (\$\d+)\)"), "(" + _IN_ORGANISATIONS.format(r"code = \1") + ")"),
]
_COUNTING = re.compile(r"^\s*SELECT (count\(\*\)|\(.*?\)::text AS value, count\(\*\))")
_USES_O = re.compile(r"\bo\.")


def no_org_join(sql: str) -> str:
    if _NEED_JOIN not in sql:
        return sql
    for pattern, replacement in _ORGANISATION_RULES:
        sql = pattern.sub(replacement, sql)
    if _COUNTING.match(sql):
        alone = sql.replace(_NEED_JOIN, "FROM need n")
        if not _USES_O.search(alone):
            sql = alone
    return sql


PATCHES: dict[str, Rewrite] = {"search-column": search_column, "no-org-join": no_org_join}


def rewriter(names: list[str]) -> Rewrite | None:
    """One function applying the named patches in order, or None for none."""
    if not names:
        return None
    chosen = [PATCHES[name] for name in names]

    def rewrite(sql: str) -> str:
        for patch in chosen:
            sql = patch(sql)
        return sql

    return rewrite
