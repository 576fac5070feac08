"""The job queue's own schema (procrastinate) and the notification indexes.

procrastinate keeps its jobs in PostgreSQL, so the portal needs no other server. Its schema
is applied from the installed package (pinned to one minor version in pyproject.toml): a
procrastinate upgrade that brings schema changes gets a migration of its own here.
"""

from importlib.resources import files

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T14:27:39:000000"
VERSION = "1.38.0"
DESCRIPTION = "Job queue schema and notification indexes"

INDEXES = [
    # The unread count in every page header.
    "CREATE INDEX IF NOT EXISTS notification_unread ON notification (recipient) "
    "WHERE read_at IS NULL",
    # The list, newest first.
    "CREATE INDEX IF NOT EXISTS notification_recipient_newest ON notification "
    "(recipient, created_at DESC, id DESC)",
    # What the daily and weekly digests still have to send.
    "CREATE INDEX IF NOT EXISTS notification_digest_due ON notification "
    "(mail_frequency, recipient) WHERE mailed_at IS NULL AND mail_frequency IN ('daily', 'weekly')",
    "CREATE INDEX IF NOT EXISTS outbound_mail_open ON outbound_mail (status, created_at) "
    "WHERE status IN ('pending', 'kept', 'failed')",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def run_forwards():
        engine = engine_finder()
        rows = await engine.run_ddl(
            "SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present"
        )
        if not rows[0]["present"]:
            # Many statements with $$-quoted bodies: only the simple query protocol
            # (execute without arguments) runs them as one script.
            schema = files("procrastinate.sql").joinpath("schema.sql").read_text()
            transaction = engine.current_transaction.get()
            if transaction is not None:
                await transaction.connection.execute(schema)
            else:
                connection = await engine.get_new_connection()
                try:
                    await connection.execute(schema)
                finally:
                    await connection.close()
        for statement in INDEXES:
            await engine.run_ddl(statement)

    async def run_backwards():
        engine = engine_finder()
        for statement in INDEXES:
            name = statement.split(" ON ")[0].rsplit(" ", 1)[-1]
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run_forwards)
    manager.add_raw_backwards(run_backwards)
    return manager
