"""Swedish full-text indexes: expression indexes Piccolo cannot declare on a column.

The lists search with the very same expressions (portal.search.query.full_text), which is
what lets the planner use these indexes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-25T10:40:23:000000"
VERSION = "1.38.0"
DESCRIPTION = "Swedish full-text indexes on needs and expert profiles"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE INDEX need_search ON need USING gin "
            "(to_tsvector('swedish', title || ' ' || description))"
        )
        await engine.run_ddl(
            "CREATE INDEX expert_profile_search ON expert_profile USING gin "
            "(to_tsvector('swedish', headline || ' ' || description))"
        )

    async def drop_indexes():
        engine = engine_finder()
        await engine.run_ddl("DROP INDEX IF EXISTS need_search")
        await engine.run_ddl("DROP INDEX IF EXISTS expert_profile_search")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
