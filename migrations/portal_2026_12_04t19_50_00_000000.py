"""A user's move to another organisation counts as a change for the facet index too: a
coordinator sees the hidden profiles of the experts in their county, so the profiles of a
user who moves are seen by other coordinators (portal/search/bitmap_index.py)."""

from portal.db.raw_migrations import statements_migration

ID = "2026-12-04T19:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "A user's organisation changes their profiles in the facet index"

FORWARDS = [
    "DROP TRIGGER IF EXISTS user_account_change ON user_account",
    "CREATE TRIGGER user_account_change BEFORE UPDATE OF active, organisation ON user_account "
    "FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active "
    "OR OLD.organisation IS DISTINCT FROM NEW.organisation) "
    "EXECUTE FUNCTION portal_touch_change_xid()",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS user_account_change ON user_account",
    "CREATE TRIGGER user_account_change BEFORE UPDATE OF active ON user_account "
    "FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active) "
    "EXECUTE FUNCTION portal_touch_change_xid()",
]


async def forwards():
    return statements_migration(ID, DESCRIPTION, FORWARDS, BACKWARDS)
