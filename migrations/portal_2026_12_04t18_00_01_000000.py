"""Each need's first proposal and first acceptance, from its matches; the covering index of
needs by creation time carries them instead of the id.

``first_proposed_at`` is the earliest ``created_at`` of the need's matches (a match is made
by a proposal) and ``first_accepted_at`` the earliest ``accepted_at``, whatever became of
the match later: the definitions the dashboard's key figures used when they read the
matches. From now on the match service keeps them. The key figures of a period are then one
index-only scan of ``need_created_covering`` (measured in bench/README.md, ## Dashboard).
"""

from portal.db.raw_migrations import statements_migration

ID = "2026-12-04T18:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Backfill each need's first proposal and acceptance; key figures from one index"

FORWARDS = [
    "UPDATE need n SET first_proposed_at = f.proposed_at, first_accepted_at = f.accepted_at "
    "FROM (SELECT need, min(created_at) AS proposed_at, min(accepted_at) AS accepted_at "
    "FROM match GROUP BY need) f "
    "WHERE f.need = n.id AND (n.first_proposed_at IS DISTINCT FROM f.proposed_at "
    "OR n.first_accepted_at IS DISTINCT FROM f.accepted_at)",
    "DROP INDEX IF EXISTS need_created_covering",
    "CREATE INDEX need_created_covering ON need (created_at) "
    "INCLUDE (status, organisation, municipality_code, first_proposed_at, first_accepted_at)",
    "ANALYZE need",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS need_created_covering",
    "CREATE INDEX need_created_covering ON need (created_at) "
    "INCLUDE (id, status, organisation, municipality_code)",
]


async def forwards():
    return statements_migration(ID, DESCRIPTION, FORWARDS, BACKWARDS)
