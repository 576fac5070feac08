"""The index a private thread is read by: one subject (and, on procurements, one
organisation's line), oldest first. Piccolo cannot declare an index over several columns."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T14:39:28:000000"
VERSION = "1.38.0"
DESCRIPTION = "Index of private message threads"

INDEX = (
    "CREATE INDEX IF NOT EXISTS thread_message_thread ON thread_message "
    "(subject_type, subject_id, organisation, created_at, id)"
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(INDEX)

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS thread_message_thread")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
