"""List indexes of the cataloguing exchange benchmark (bench/README.md, "What makes the lists
fast").

- A need's list keys: every list filter but the deadline as one text array ("s:open",
  "l:som", "sk:marc21", "m:0127", "o:12", ...), computed by an immutable function and indexed
  by GIN together with the stored search document, one partial index per kind. A total is
  then one bitmap of one index: every condition is answered by the index, so PostgreSQL
  counts the matching rows without reading them (the pages are all-visible once vacuumed).
- Expert lists read the profile alone: deactivated users in a small partial index, the two
  list orders over every profile (not only the visible ones), so a member, who also sees
  their own hidden profile, reads the first page in order instead of sorting all profiles,
  and a covering index for totals and facet counts.
"""

from portal.db.raw_migrations import statements_migration

ID = "2026-12-04T16:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "List keys of needs, and expert list indexes over every profile"

# The function must stay in step with portal.needs.services.KEYS and _conditions.
NEED_LIST_KEYS = """
CREATE OR REPLACE FUNCTION need_list_keys(
    status text, municipality text, remote boolean, material text, category text,
    organisation integer, languages varchar[], scripts varchar[], skills varchar[]
) RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000 AS $$
BEGIN
    RETURN array_remove(
        ARRAY['s:' || status, 'm:' || municipality, 'r:' || remote::text, 'mt:' || material,
              'c:' || category, 'o:' || organisation::text],
        NULL
    )
        || ARRAY(SELECT 'l:' || x FROM unnest(languages) AS x)
        || ARRAY(SELECT 'sc:' || x FROM unnest(scripts) AS x)
        || ARRAY(SELECT 'sk:' || x FROM unnest(skills) AS x);
END
$$
"""
_KEYS = (
    "need_list_keys(status, municipality_code, remote, material_type, category, organisation, "
    "language_codes, required_scripts, required_skills)"
)

FORWARDS = [
    NEED_LIST_KEYS,
    *(
        f"CREATE INDEX IF NOT EXISTS need_{kind}_keys ON need USING gin ({_KEYS}, search_vector) "
        f"WITH (fastupdate = off) WHERE kind = '{kind}'"
        for kind in ("cataloguing", "resource")
    ),
    # Statistics of the keys for the planner's estimates (those of a partial index's
    # expression are not used).
    f"CREATE STATISTICS IF NOT EXISTS need_list_keys ON ({_KEYS}) FROM need",
    "CREATE INDEX IF NOT EXISTS user_account_inactive ON user_account (id) WHERE NOT active",
    "CREATE INDEX IF NOT EXISTS expert_profile_updated ON expert_profile "
    "(updated_at DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS expert_profile_capacity ON expert_profile "
    "(capacity_hours_per_week DESC, id DESC)",
    "DROP INDEX IF EXISTS expert_profile_visible_updated",
    "DROP INDEX IF EXISTS expert_profile_visible_capacity",
    # Totals and facet counts of experts from the index alone.
    "CREATE INDEX IF NOT EXISTS expert_profile_list_covering ON expert_profile "
    '(municipality_code) INCLUDE ("user", visible, remote, onsite, capacity_hours_per_week, '
    "available_until, language_codes, scripts, skills, material_types)",
    "ANALYZE need",
    "ANALYZE user_account",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS expert_profile_list_covering",
    "CREATE INDEX IF NOT EXISTS expert_profile_visible_updated ON expert_profile "
    "(updated_at DESC, id DESC) WHERE visible",
    "CREATE INDEX IF NOT EXISTS expert_profile_visible_capacity ON expert_profile "
    "(capacity_hours_per_week DESC, id DESC) WHERE visible",
    "DROP INDEX IF EXISTS expert_profile_capacity",
    "DROP INDEX IF EXISTS expert_profile_updated",
    "DROP INDEX IF EXISTS user_account_inactive",
    "DROP INDEX IF EXISTS need_resource_keys",
    "DROP STATISTICS IF EXISTS need_list_keys",
    "DROP INDEX IF EXISTS need_cataloguing_keys",
    "DROP FUNCTION IF EXISTS need_list_keys",
]


async def forwards():
    return statements_migration(ID, DESCRIPTION, FORWARDS, BACKWARDS)
