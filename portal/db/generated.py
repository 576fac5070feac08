"""Columns the database computes that Piccolo cannot declare (see the migration of
2026-12-02T20:30): stored Swedish search documents, read only by the list queries."""

from __future__ import annotations

from piccolo.table import Table

GENERATED_COLUMNS: dict[str, frozenset[str]] = {
    "need": frozenset({"search_vector"}),
    "expert_profile": frozenset({"search_vector", "headline_vector"}),
}


def declared_columns(table: type[Table], alias: str) -> str:
    """``alias.col, ...`` for the columns the table declares: what ``alias.*`` would give
    without the generated ones, which nothing reads back."""
    return ", ".join(f'{alias}."{c._meta.db_column_name}"' for c in table._meta.columns)
