"""Columns the database computes that Piccolo cannot declare (see the migration of
2026-12-02T20:30): stored Swedish search documents, read only by the list queries, and
the change tracking of the facet index."""

from __future__ import annotations

from piccolo.table import Table

GENERATED_COLUMNS: dict[str, frozenset[str]] = {
    # change_xid: the transaction that last wrote the row, for the facet index (migration
    # 2026-12-04T19:00, portal/search/bitmap_index.py).
    "need": frozenset({"search_vector", "change_xid"}),
    "expert_profile": frozenset({"search_vector", "headline_vector", "change_xid"}),
    "user_account": frozenset({"change_xid"}),
}


def declared_columns(table: type[Table], alias: str) -> str:
    """``alias.col, ...`` for the columns the table declares: what ``alias.*`` would give
    without the generated ones, which nothing reads back."""
    return ", ".join(f'{alias}."{c._meta.db_column_name}"' for c in table._meta.columns)
