"""Statistics indexes measured in bench/README.md (## Dashboard).

Each one lets a dashboard query read a narrow index alone (an index-only scan) instead of the
wide rows of its table:

- completed expert work by completion time, with the municipalities and the hours logged:
  the hour flows of a period;
- the needs by creation time, with status, organisation and municipality: the needs posted
  in a period and the period before;
- the hours that accepted and in-progress work holds, by expert: the experts' booked time;
- the open needs by municipality, and the open cataloguing needs with their languages: open
  needs per municipality and per language;
- the visible experts with their capacity, availability and languages: time per language.
"""

from portal.db.raw_migrations import statements_migration

ID = "2026-12-04T15:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Covering indexes for the statistics dashboard"

FORWARDS = [
    "CREATE INDEX IF NOT EXISTS match_completed_hours ON match (completed_at) "
    "INCLUDE (giver_municipality, receiver_municipality, hours_logged) "
    "WHERE status = 'completed' AND provider_type = 'expert' AND hours_logged IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS need_created_covering ON need (created_at) "
    "INCLUDE (id, status, organisation, municipality_code)",
    "CREATE INDEX IF NOT EXISTS match_reserved_hours ON match (expert) INCLUDE (hours) "
    "WHERE status IN ('accepted', 'in_progress')",
    "CREATE INDEX IF NOT EXISTS need_open_municipality ON need (municipality_code) "
    "INCLUDE (kind) WHERE status = 'open'",
    "CREATE INDEX IF NOT EXISTS need_open_languages ON need (organisation) "
    "INCLUDE (language_codes) WHERE status = 'open' AND kind = 'cataloguing'",
    "CREATE INDEX IF NOT EXISTS expert_profile_visible_languages ON expert_profile "
    "(municipality_code) INCLUDE (id, capacity_hours_per_week, available_until, language_codes) "
    "WHERE visible",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS expert_profile_visible_languages",
    "DROP INDEX IF EXISTS need_open_languages",
    "DROP INDEX IF EXISTS need_open_municipality",
    "DROP INDEX IF EXISTS match_reserved_hours",
    "DROP INDEX IF EXISTS need_created_covering",
    "DROP INDEX IF EXISTS match_completed_hours",
]


async def forwards():
    return statements_migration(ID, DESCRIPTION, FORWARDS, BACKWARDS)
