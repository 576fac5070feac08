"""A small SQL builder for faceted lists.

Piccolo cannot say array overlap, full-text ranking or "count per value of an unnested
array", so list queries are raw SQL built here from named conditions. Each condition belongs
to a facet, so the counts of one facet can leave out its own filter: choosing Arabic must not
hide how many needs there are in Somali.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

# Which form of each condition ``Conditions.where`` writes: the plain one, or the indexed
# one where there is one.
Form = Literal["plain", "indexed"]


@dataclass(frozen=True)
class Member:
    """A condition the bitmaps answer: the row has one of ``values`` in index facet
    ``facet``. Used as one alternative of a condition (see ``Condition.members``)."""

    facet: str
    values: Sequence[str]


@dataclass(frozen=True)
class Rows:
    """An alternative the bitmaps do not hold: the rows SQL ``sql`` (with ``{}``
    placeholders for ``values``) finds, asked once per change of the data."""

    sql: str
    values: Sequence[Any] = ()


@dataclass
class Condition:
    facet: str | None
    sql: str  # uses {} placeholders, one per value
    values: tuple[Any, ...]
    # The same condition said so that an index answers it (see Conditions.where).
    indexed: tuple[str, tuple[Any, ...]] | None = None
    # Whether it keeps few rows, so that the index is the way to find them.
    selective: bool = False
    # Its negation, when an index can answer that better than NOT (...) (see facets).
    negated: tuple[str, tuple[Any, ...]] | None = None
    # The same condition for the in-memory facet index (portal.search.bitmap_index): the
    # row passes when it passes any of these. None: only SQL can say.
    members: tuple[Member | Rows, ...] | None = None

    def form(self, form: Form) -> tuple[str, tuple[Any, ...]]:
        if form == "indexed" and self.indexed is not None:
            return self.indexed
        return self.sql, self.values


@dataclass
class Conditions:
    items: list[Condition] = field(default_factory=list)

    def add(
        self,
        sql: str,
        *values: Any,
        facet: str | None = None,
        indexed: tuple[str, tuple[Any, ...]] | None = None,
        selective: bool = False,
        negated: tuple[str, tuple[Any, ...]] | None = None,
        members: tuple[Member | Rows, ...] | None = None,
    ) -> None:
        """A condition: ``sql`` with ``{}`` placeholders for ``values``; ``facet`` names the
        facet it filters; ``indexed`` is an equivalent (sql, values) that an index answers,
        ``selective`` says it is worth finding rows by, ``negated`` is its exact opposite,
        ``members`` says it for the in-memory facet index."""
        self.items.append(Condition(facet, sql, values, indexed, selective, negated, members))

    @property
    def selective(self) -> bool:
        return any(c.selective for c in self.items)

    def where(self, *, without: str | None = None, form: Form = "plain") -> tuple[str, list[Any]]:
        """The conditions joined with AND (leaving out facet ``without``'s).

        The indexed forms suit a count with a selective condition: when one index answers
        every condition, a bitmap of it counts the rows without reading them. Rows that are
        read anyway (a page, facet values) want the plain forms, which the planner knows
        best (column statistics, the columns' own indexes, covering indexes).
        """
        chosen = [c.form(form) for c in self.items if without is None or c.facet != without]
        if not chosen:
            return "TRUE", []
        sql = " AND ".join(f"({text})" for text, _ in chosen)
        values = [v for _, vs in chosen for v in vs]
        return sql, values


def numbered(sql: str, values: list[Any]) -> str:
    """Turn ``{}`` placeholders into asyncpg's ``$1, $2, ...``."""
    parts = sql.split("{}")
    if len(parts) - 1 != len(values):
        raise ValueError("placeholder count does not match values")
    out = [parts[0]]
    for i, part in enumerate(parts[1:], start=1):
        out.append(f"${i}{part}")
    return "".join(out)


SWEDISH_DOCUMENT = "to_tsvector('swedish', {title} || ' ' || {description})"


def full_text(title: str, description: str) -> str:
    """The document expression; it must match the expression GIN index exactly."""
    return SWEDISH_DOCUMENT.format(title=title, description=description)


# Derivational endings the Swedish Snowball stemmer keeps ("katalogisering" stays whole
# while "katalogiserar" becomes "katalogiser"); cut before prefix matching, longest first.
_DERIVATIONS = ("ningarna", "ningar", "ningen", "ingarna", "ingar", "ingen", "ning", "ing")
_WORD = re.compile(r"\w+", re.UNICODE)


def swedish_prefix_query(text: str) -> str | None:
    """A ``to_tsquery('swedish', ...)`` string: every word must match, as a stemmed prefix.

    So ``katalogisering`` finds ``katalogiserar`` and the other way round.
    """
    terms = []
    for word in _WORD.findall(text.lower())[:12]:
        for ending in _DERIVATIONS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        terms.append(f"{word}:*")
    return " & ".join(terms) or None
