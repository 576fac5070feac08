"""Migrations written as SQL statements: ``forwards`` run in order, ``backwards`` undo them.

Piccolo cannot say most of what the list indexes, triggers and generated columns need; such a
migration module keeps its ``FORWARDS`` and ``BACKWARDS`` lists (the list benchmark reads
``BACKWARDS`` to roll a copy of the database back) and returns this manager.
"""

from __future__ import annotations

from collections.abc import Sequence

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder


def statements_migration(
    migration_id: str, description: str, forwards: Sequence[str], backwards: Sequence[str]
) -> MigrationManager:
    manager = MigrationManager(
        migration_id=migration_id, app_name="portal", description=description
    )

    async def run(statements: Sequence[str]) -> None:
        engine = engine_finder()
        for statement in statements:
            await engine.run_ddl(statement)

    async def run_forwards() -> None:
        await run(forwards)

    async def run_backwards() -> None:
        await run(backwards)

    manager.add_raw(run_forwards)
    manager.add_raw_backwards(run_backwards)
    return manager
