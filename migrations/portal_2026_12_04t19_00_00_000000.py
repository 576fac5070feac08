"""Change tracking for the in-memory facet index (portal/search/bitmap_index.py).

Each need and expert profile carries the id of the transaction that last wrote it
(``change_xid``), and a user the one that last changed ``active``; deleted rows leave a
tombstone, a TRUNCATE a tombstone without a row. A reader that remembers the oldest
transaction still running when it last looked (``pg_snapshot_xmin``) finds every row
committed since by ``change_xid >= horizon``, whatever order the writers commit in.
"""

from portal.db.raw_migrations import statements_migration

ID = "2026-12-04T19:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Change tracking of needs, expert profiles and users for the facet index"

_TRACKED = ("need", "expert_profile", "user_account")

FORWARDS = [
    """CREATE TABLE IF NOT EXISTS list_tombstone (
        table_name text NOT NULL,
        row_id bigint,
        change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        deleted_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX IF NOT EXISTS list_tombstone_change ON list_tombstone (change_xid)",
    """CREATE OR REPLACE FUNCTION portal_touch_change_xid() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.change_xid := pg_current_xact_id();
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE FUNCTION portal_list_tombstone() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            INSERT INTO list_tombstone (table_name, row_id) VALUES (TG_TABLE_NAME, NULL);
            RETURN NULL;
        END IF;
        INSERT INTO list_tombstone (table_name, row_id) VALUES (TG_TABLE_NAME, OLD.id);
        RETURN OLD;
    END $$""",
]
for _table in _TRACKED:
    FORWARDS += [
        f"ALTER TABLE {_table} ADD COLUMN IF NOT EXISTS change_xid xid8 NOT NULL "
        "DEFAULT pg_current_xact_id()",
        f"CREATE INDEX IF NOT EXISTS {_table}_change ON {_table} (change_xid)",
    ]
FORWARDS += [
    "CREATE TRIGGER need_change BEFORE UPDATE ON need "
    "FOR EACH ROW EXECUTE FUNCTION portal_touch_change_xid()",
    "CREATE TRIGGER expert_profile_change BEFORE UPDATE ON expert_profile "
    "FOR EACH ROW EXECUTE FUNCTION portal_touch_change_xid()",
    # A user's other columns (last sign-in, ...) do not concern the lists.
    "CREATE TRIGGER user_account_change BEFORE UPDATE OF active ON user_account "
    "FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active) "
    "EXECUTE FUNCTION portal_touch_change_xid()",
    "CREATE TRIGGER need_tombstone AFTER DELETE ON need "
    "FOR EACH ROW EXECUTE FUNCTION portal_list_tombstone()",
    "CREATE TRIGGER expert_profile_tombstone AFTER DELETE ON expert_profile "
    "FOR EACH ROW EXECUTE FUNCTION portal_list_tombstone()",
    "CREATE TRIGGER need_truncate AFTER TRUNCATE ON need "
    "FOR EACH STATEMENT EXECUTE FUNCTION portal_list_tombstone()",
    "CREATE TRIGGER expert_profile_truncate AFTER TRUNCATE ON expert_profile "
    "FOR EACH STATEMENT EXECUTE FUNCTION portal_list_tombstone()",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS need_change ON need",
    "DROP TRIGGER IF EXISTS expert_profile_change ON expert_profile",
    "DROP TRIGGER IF EXISTS user_account_change ON user_account",
    "DROP TRIGGER IF EXISTS need_tombstone ON need",
    "DROP TRIGGER IF EXISTS expert_profile_tombstone ON expert_profile",
    "DROP TRIGGER IF EXISTS need_truncate ON need",
    "DROP TRIGGER IF EXISTS expert_profile_truncate ON expert_profile",
    *(f"ALTER TABLE {table} DROP COLUMN IF EXISTS change_xid" for table in _TRACKED),
    "DROP FUNCTION IF EXISTS portal_touch_change_xid()",
    "DROP FUNCTION IF EXISTS portal_list_tombstone()",
    "DROP TABLE IF EXISTS list_tombstone",
]


async def forwards():
    return statements_migration(ID, DESCRIPTION, FORWARDS, BACKWARDS)
