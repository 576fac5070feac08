"""Id sets of the facet index read from indexes alone: the ids of an organisation's needs
and of needs due by a date were read from the heap, one scattered page per need (118 ms
for one municipality's needs with a cold cache); with the id in the index, an index-only
scan answers them (bench/README.md)."""

from portal.db.raw_migrations import statements_migration

ID = "2026-12-04T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Covering indexes for the facet index's id sets of needs"

FORWARDS = [
    "CREATE INDEX IF NOT EXISTS need_organisation_ids ON need (organisation) INCLUDE (id)",
    "CREATE INDEX IF NOT EXISTS need_deadline_ids ON need (deadline) INCLUDE (id)",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS need_organisation_ids",
    "DROP INDEX IF EXISTS need_deadline_ids",
]


async def forwards():
    return statements_migration(ID, DESCRIPTION, FORWARDS, BACKWARDS)
