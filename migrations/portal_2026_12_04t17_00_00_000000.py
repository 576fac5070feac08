"""Expert totals from a narrow index (visible, user): the anti-join with the deactivated
users reads it alone, where a seq scan read every profile. The covering index for facet
counts gets the visibility as its first key, so the visible profiles are one range of it.
"""

from portal.db.raw_migrations import statements_migration

ID = "2026-12-04T17:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Expert totals from a narrow index; facet covering index keyed by visibility"

_INCLUDED = (
    "capacity_hours_per_week, available_until, language_codes, scripts, skills, material_types"
)

FORWARDS = [
    'CREATE INDEX IF NOT EXISTS expert_profile_visible_user ON expert_profile (visible, "user")',
    "DROP INDEX IF EXISTS expert_profile_list_covering",
    "CREATE INDEX expert_profile_list_covering ON expert_profile (visible, municipality_code) "
    f'INCLUDE ("user", remote, onsite, {_INCLUDED})',
    "ANALYZE expert_profile",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS expert_profile_list_covering",
    "CREATE INDEX expert_profile_list_covering ON expert_profile (municipality_code) "
    f'INCLUDE ("user", visible, remote, onsite, {_INCLUDED})',
    "DROP INDEX IF EXISTS expert_profile_visible_user",
]


async def forwards():
    return statements_migration(ID, DESCRIPTION, FORWARDS, BACKWARDS)
