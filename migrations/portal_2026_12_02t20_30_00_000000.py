"""List indexes measured in bench/README.md.

- Stored Swedish search documents (generated columns) with GIN indexes, replacing the
  expression indexes: a search no longer runs to_tsvector over every candidate row when the
  bitmap turns lossy, nor ts_rank over every match when sorting by relevance.
- Partial indexes over the needs still in play, read in list order, so the first page stops
  after twenty rows instead of stepping over every closed need with an earlier deadline.
- A covering index for the total and the facet counts, answered from the index alone.
- Partial indexes over visible expert profiles in the two list orders.

Piccolo cannot declare generated columns; portal.db.generated names them, so that the
schema test knows they are meant to be there.
"""

from portal.db.raw_migrations import statements_migration

ID = "2026-12-02T20:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Stored search documents and list indexes for needs and expert profiles"

FORWARDS = [
    "DROP INDEX IF EXISTS need_search",
    "DROP INDEX IF EXISTS expert_profile_search",
    "ALTER TABLE need ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('swedish', title || ' ' || description)) STORED",
    "CREATE INDEX IF NOT EXISTS need_search_vector ON need USING gin (search_vector)",
    "ALTER TABLE expert_profile ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('swedish', headline || ' ' || description)) STORED",
    "ALTER TABLE expert_profile ADD COLUMN IF NOT EXISTS headline_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('swedish', headline)) STORED",
    "CREATE INDEX IF NOT EXISTS expert_profile_search_vector ON expert_profile USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS expert_profile_headline_vector ON expert_profile USING gin (headline_vector)",
    "CREATE INDEX IF NOT EXISTS need_active_deadline ON need (deadline, id DESC) "
    "WHERE status IN ('open', 'matched', 'in_progress')",
    "CREATE INDEX IF NOT EXISTS need_active_newest ON need (created_at DESC, id DESC) "
    "WHERE status IN ('open', 'matched', 'in_progress')",
    "CREATE INDEX IF NOT EXISTS need_list_covering ON need (status, municipality_code) INCLUDE "
    "(kind, organisation, category, material_type, remote, deadline, "
    "language_codes, required_scripts, required_skills)",
    "CREATE INDEX IF NOT EXISTS expert_profile_visible_updated ON expert_profile "
    "(updated_at DESC, id DESC) WHERE visible",
    "CREATE INDEX IF NOT EXISTS expert_profile_visible_capacity ON expert_profile "
    "(capacity_hours_per_week DESC, id DESC) WHERE visible",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS expert_profile_visible_capacity",
    "DROP INDEX IF EXISTS expert_profile_visible_updated",
    "DROP INDEX IF EXISTS need_list_covering",
    "DROP INDEX IF EXISTS need_active_newest",
    "DROP INDEX IF EXISTS need_active_deadline",
    "ALTER TABLE expert_profile DROP COLUMN IF EXISTS headline_vector",
    "ALTER TABLE expert_profile DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE need DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX need_search ON need USING gin "
    "(to_tsvector('swedish', title || ' ' || description))",
    "CREATE INDEX expert_profile_search ON expert_profile USING gin "
    "(to_tsvector('swedish', headline || ' ' || description))",
]


async def forwards():
    return statements_migration(ID, DESCRIPTION, FORWARDS, BACKWARDS)
