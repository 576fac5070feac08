"""Who may see and act on a need's matching: the one place those rules are written."""

from __future__ import annotations

from typing import Any

from portal.accounts.permissions import may_act_for
from portal.accounts.schemas import CurrentUser
from portal.db.raw import fetch
from portal.errors import NotAllowed, NotAuthenticated, NotFound
from portal.i18n import gettext as _

NEED_OWNER_SQL = """
SELECT n.id, n.title, n.kind, n.status, n.organisation, n.estimated_hours, n.quantity,
       n.municipality_code, o.code AS org_code, o.name AS org_name, o.kind AS org_kind,
       o.county_code AS org_county
FROM need n JOIN organisation o ON o.id = n.organisation WHERE n.id = $1
"""


async def owned_need(user: CurrentUser | None, need_id: int) -> dict[str, Any]:
    """The need, if ``user`` may act for its organisation (members, or the county's
    coordinators); suggestions and proposals are theirs to see and make."""
    rows = await fetch(NEED_OWNER_SQL, need_id)
    if not rows:
        raise NotFound(_("Behovet finns inte."))
    row = rows[0]
    if user is None:
        raise NotAuthenticated(_("Logga in för att se förslagen."))
    if not may_act_for(user, row["org_code"], row["org_county"]):
        raise NotAllowed(_("Bara behovets organisation och regionens samordnare ser förslagen."))
    return row
