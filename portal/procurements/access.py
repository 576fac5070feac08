"""Who sees and does what with a joint procurement: the rules in one place.

- Visitors see the public part (title, description, phase, dates, lead, lots) of every
  procurement past the idea phase.
- Signed-in users of the lead's county see participants, volumes and totals too.
- Ideas are seen only by the coordinators of the county (and admins).
- Coordinators of the lead's county (and admins) create, edit and move procurements.
"""

from __future__ import annotations

from typing import Any

from portal.accounts.permissions import may_coordinate
from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.errors import NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.procurements.phases import Phase


def may_see(row: dict[str, Any], viewer: CurrentUser | None) -> bool:
    if row["phase"] != Phase.idea:
        return True
    return viewer is not None and may_coordinate(viewer, row["county_code"])


def may_see_participants(viewer: CurrentUser | None, county_code: str) -> bool:
    return viewer is not None and (viewer.has_role(Role.admin) or viewer.county_code == county_code)


def not_found() -> NotFound:
    return NotFound(_("Upphandlingen finns inte."))


def require_visible(row: dict[str, Any] | None, viewer: CurrentUser | None) -> dict[str, Any]:
    if row is None or not may_see(row, viewer):
        raise not_found()
    return row


def require_coordinator(row: dict[str, Any], user: CurrentUser) -> None:
    """Refuse anyone but the county's coordinators; hide ideas from those who cannot see them."""
    if may_coordinate(user, row["county_code"]):
        return
    if not may_see(row, user):
        raise not_found()
    raise NotAllowed(_("Bara regionens samordnare kan ändra upphandlingen."))


def require_participant_viewer(row: dict[str, Any], viewer: CurrentUser | None) -> None:
    require_visible(row, viewer)
    if not may_see_participants(viewer, row["county_code"]):
        raise NotAllowed(_("Logga in för att se deltagarna."))
