"""Swedish full-text index on joint procurements: an expression index Piccolo cannot declare.

The list searches with the very same expression (portal.search.query.full_text), which is
what lets the planner use this index.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-25T11:04:02:000000"
VERSION = "1.38.0"
DESCRIPTION = "Swedish full-text index on joint procurements"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(
            "CREATE INDEX procurement_search ON procurement USING gin "
            "(to_tsvector('swedish', title || ' ' || description))"
        )

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS procurement_search")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
