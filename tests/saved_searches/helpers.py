"""Saved searches made through the service, and what the alerts left behind."""

from __future__ import annotations

import json

from portal.accounts import services as accounts
from portal.accounts.schemas import CurrentUser
from portal.db.raw import fetch
from portal.notifications.kinds import Frequency
from portal.saved_searches import services
from portal.saved_searches.schemas import SavedList, SavedSearchCreate, SavedSearchRead


async def current(user) -> CurrentUser:
    found = await accounts.current_user_by_id(user.id)
    assert found is not None
    return found


async def save_search(
    user,
    query: str,
    *,
    name: str = "Somaliska",
    list_name: SavedList = SavedList.needs,
    frequency: Frequency = Frequency.daily,
) -> SavedSearchRead:
    return await services.create_saved_search(
        await current(user),
        SavedSearchCreate(name=name, list_name=list_name, query=query, frequency=frequency),
    )


async def stored_searches(user) -> list[dict]:
    return await fetch('SELECT * FROM saved_search WHERE "user" = $1 ORDER BY id', user.id)


async def alerts_for(user) -> list[dict]:
    rows = await fetch(
        "SELECT * FROM notification WHERE recipient = $1 AND kind = 'saved_search' ORDER BY id",
        user.id,
    )
    for row in rows:
        if isinstance(row["params"], str):
            row["params"] = json.loads(row["params"])
    return rows


async def audit_actions(search_id: int) -> list[str]:
    rows = await fetch(
        "SELECT action FROM audit_event WHERE entity_type = 'saved_search' AND entity_id = $1 "
        "ORDER BY id",
        str(search_id),
    )
    return [row["action"] for row in rows]
