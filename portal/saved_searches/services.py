"""Saved searches: keep a list's filters under a name, and alert of new matching records.

A search is read and checked by the list's own filters (:mod:`portal.saved_searches.lists`),
stored as the canonical query string, and seen only by the person who saved it: anyone
else's search is "not found". :func:`alert_new_matches` is one pass of the alerts, run every
few minutes by the job queue and directly by tests: a search remembers the records it
matched at its last pass, so a record alerts when it starts to match, whether it is new or
became visible later.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime
from typing import Any

import msgspec
from pyroaring import BitMap

from portal.accounts import services as accounts
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Invalid, NotFound
from portal.i18n import gettext as _
from portal.notifications.kinds import Frequency, Kind
from portal.notifications.services import notify
from portal.saved_searches import lists
from portal.saved_searches.lists import ListSpec
from portal.saved_searches.schemas import (
    SavedList,
    SavedSearchCreate,
    SavedSearchRead,
    SavedSearchUpdate,
)

log = logging.getLogger(__name__)

MAX_PER_USER = 50
# One pass tells of at most this many records per search (newest first); the rest of a
# flood is skipped rather than sent.
ALERT_LIMIT = 300


def _to_read(row: dict[str, Any]) -> SavedSearchRead:
    spec = lists.LISTS[SavedList(row["list_name"])]
    return SavedSearchRead(
        id=row["id"],
        name=row["name"],
        list_name=spec.key,
        query=row["query"],
        url=spec.url(row["query"]),
        frequency=Frequency(row["frequency"]),
        alerts=spec.alerts,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _own_row(user: CurrentUser, search_id: int, *, lock: bool = False) -> dict[str, Any]:
    sql = 'SELECT * FROM saved_search WHERE id = $1 AND "user" = $2'
    rows = await fetch(sql + (" FOR UPDATE" if lock else ""), search_id, user.id)
    if not rows:
        raise NotFound(_("Den sparade sökningen finns inte."))
    return rows[0]


async def list_saved_searches(user: CurrentUser) -> list[SavedSearchRead]:
    rows = await fetch(
        'SELECT * FROM saved_search WHERE "user" = $1 ORDER BY lower(name), id', user.id
    )
    return [_to_read(row) for row in rows]


async def get_saved_search(user: CurrentUser, search_id: int) -> SavedSearchRead:
    return _to_read(await _own_row(user, search_id))


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        message = _("Ge sökningen ett namn.")
        raise Invalid(message, fields={"name": message})
    return cleaned


async def _name_taken(user: CurrentUser, name: str, except_id: int | None = None) -> None:
    rows = await fetch(
        'SELECT id FROM saved_search WHERE "user" = $1 AND name = $2 AND id <> $3',
        user.id,
        name,
        except_id or 0,
    )
    if rows:
        message = _("Du har redan en sparad sökning med det namnet.")
        raise Invalid(message, fields={"name": message})


async def _newest_id(spec: ListSpec) -> int:
    """The highest record id of the list so far: what a new search has already "seen"."""
    if spec.table is None:
        return 0
    rows = await fetch(f"SELECT coalesce(max(id), 0) AS n FROM {spec.table}")  # noqa: S608
    return rows[0]["n"]


async def check_query(user: CurrentUser, list_name: str, query: str) -> lists.Parsed:
    """The list's filters from ``query`` and its canonical form, or ``Invalid``."""
    spec = lists.spec_for(list_name)
    parsed = await lists.parse(spec, query)
    await lists.check_with_list(spec, user, parsed.filters)
    return parsed


async def create_saved_search(user: CurrentUser, data: SavedSearchCreate) -> SavedSearchRead:
    name = _clean_name(data.name)
    spec = lists.spec_for(data.list_name)
    parsed = await check_query(user, spec.key, data.query)
    async with atomic():
        # One at a time per person, so the limit holds against simultaneous saves.
        await fetch("SELECT id FROM user_account WHERE id = $1 FOR UPDATE", user.id)
        count = await fetch('SELECT count(*) AS n FROM saved_search WHERE "user" = $1', user.id)
        if count[0]["n"] >= MAX_PER_USER:
            message = _(
                "Du kan spara högst %(n)s sökningar. Ta bort någon du inte längre behöver.",
                n=MAX_PER_USER,
            )
            raise Invalid(message, fields={"name": message})
        await _name_taken(user, name)
        rows = await fetch(
            'INSERT INTO saved_search ("user", name, list_name, query, frequency, seen_id, '
            "checked_xid, matched) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
            user.id,
            name,
            spec.key.value,
            parsed.query,
            data.frequency.value,
            await _newest_id(spec),
            await _horizon(),  # taken before what it matches is read
            # Saving alerts on nothing that matches already.
            await _matched_now(spec, user, parsed.filters),
        )
        row = rows[0]
        await audit.record(
            actor_id=user.id,
            action="saved_search.create",
            entity_type="saved_search",
            entity_id=row["id"],
            changes={
                "name": name,
                "list": spec.key.value,
                "query": parsed.query,
                "frequency": data.frequency.value,
            },
        )
    return _to_read(row)


async def update_saved_search(
    user: CurrentUser, search_id: int, data: SavedSearchUpdate
) -> SavedSearchRead:
    async with atomic():
        row = await _own_row(user, search_id, lock=True)
        values: dict[str, Any] = {}
        if data.name is not msgspec.UNSET:
            name = _clean_name(data.name)
            if name != row["name"]:
                await _name_taken(user, name, except_id=search_id)
                values["name"] = name
        if data.frequency is not msgspec.UNSET and data.frequency.value != row["frequency"]:
            values["frequency"] = data.frequency.value
        if not values:
            return _to_read(row)
        changes = audit.diff(row, values)
        if row["frequency"] == Frequency.never and "frequency" in values:
            # Alerts that were switched off start again from now, not from the backlog.
            spec = lists.LISTS[SavedList(row["list_name"])]
            values["seen_id"] = max(row["seen_id"], await _newest_id(spec))
            with contextlib.suppress(Invalid):  # a query the list no longer takes
                parsed = await lists.parse(spec, row["query"])
                values["checked_xid"] = await _horizon()
                values["matched"] = await _matched_now(spec, user, parsed.filters)
        assignments = ", ".join(f"{column} = ${n}" for n, column in enumerate(values, start=3))
        rows = await fetch(
            f"UPDATE saved_search SET {assignments}, updated_at = now() "  # noqa: S608
            'WHERE id = $1 AND "user" = $2 RETURNING *',
            search_id,
            user.id,
            *values.values(),
        )
        await audit.record(
            actor_id=user.id,
            action="saved_search.update",
            entity_type="saved_search",
            entity_id=search_id,
            changes=changes,
        )
    return _to_read(rows[0])


async def delete_saved_search(user: CurrentUser, search_id: int) -> None:
    async with atomic():
        row = await _own_row(user, search_id, lock=True)
        await fetch("DELETE FROM saved_search WHERE id = $1", search_id)
        await audit.record(
            actor_id=user.id,
            action="saved_search.delete",
            entity_type="saved_search",
            entity_id=search_id,
            changes={"name": row["name"], "list": row["list_name"], "query": row["query"]},
        )


# --- alerts --------------------------------------------------------------------------------


async def _horizon() -> int:
    """The oldest transaction still running: whatever a later read does not see was
    written by it or a later one (see portal/search/bitmap_index.py)."""
    rows = await fetch("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS h")
    return rows[0]["h"]


async def _changed_since(spec: ListSpec, xid: int, memo: dict[tuple[str, int], bool]) -> bool:
    """Whether any record of the list was written or deleted by a transaction at or after
    ``xid``; asked once per pass for each ``xid``."""
    key = (spec.key.value, xid)
    if key not in memo:
        rows = await fetch(
            f"SELECT EXISTS (SELECT FROM {spec.table} WHERE change_xid >= $1::text::xid8) "  # noqa: S608
            "OR EXISTS (SELECT FROM list_tombstone WHERE table_name = $2 "
            "AND change_xid >= $1::text::xid8) AS changed",
            str(xid),
            spec.table,
        )
        memo[key] = rows[0]["changed"]
    return memo[key]


async def _matched_now(spec: ListSpec, user: CurrentUser, filters: Any) -> bytes | None:
    """The ids of every record the search matches now, as ``saved_search.matched`` keeps
    them; None for lists that do not alert."""
    if spec.ids is None:
        return None
    return BitMap(await spec.ids(user, filters)).serialize()


async def _titles(spec: ListSpec, ids: list[int]) -> dict[int, str]:
    rows = await fetch(f"SELECT id, title FROM {spec.table} WHERE id = ANY($1)", ids)  # noqa: S608
    return {row["id"]: row["title"] for row in rows}


async def _alert_one(
    search_id: int, now: datetime, horizon: int, memo: dict[tuple[str, int], bool]
) -> int:
    # A pass running beside this one (another worker) leaves this search to it.
    rows = await fetch(
        "SELECT * FROM saved_search WHERE id = $1 AND frequency <> 'never' FOR UPDATE SKIP LOCKED",
        search_id,
    )
    if not rows:
        return 0
    row = rows[0]
    spec = lists.LISTS[SavedList(row["list_name"])]
    user = await accounts.current_user_by_id(row["user"])
    if user is None:  # deactivated: nothing to tell, nothing to move
        return 0
    assert spec.ids is not None
    if (
        spec.tracked
        and row["matched"] is not None
        and row["checked_xid"] is not None
        and not await _changed_since(spec, row["checked_xid"], memo)
    ):
        # Nothing of the list was written since the search last read what it matches.
        await fetch("UPDATE saved_search SET checked_at = $2 WHERE id = $1", row["id"], now)
        return 0
    try:
        parsed = await lists.parse(spec, row["query"])
        matching = BitMap(await spec.ids(user, parsed.filters))
    except Invalid as error:
        # A search the list no longer takes (a vocabulary or rule changed): skipped, kept.
        log.warning("saved search %s skipped: %s", row["id"], error.message)
        return 0
    if row["matched"] is not None:
        before = BitMap.deserialize(row["matched"])
    else:  # saved before searches kept their matches: what existed when it was saved
        before = BitMap([record_id for record_id in matching if record_id <= row["seen_id"]])
    # New records, and older ones that match now and did not then (a draft opened, a need
    # edited, an offer published); newest first, at most ALERT_LIMIT.
    fresh = sorted(matching - before, reverse=True)[:ALERT_LIMIT]
    titles = await _titles(spec, fresh)
    created: list[int] = []
    for record_id in reversed(fresh):  # oldest first, so the newest is the newest notice
        created += await notify(
            Kind.saved_search,
            [user.id],
            link=spec.record_url(record_id),
            params={"search": row["name"], "title": titles[record_id]},
            dedupe_key=f"saved_search:{row['id']}:{spec.key.value}:{record_id}",
            frequency=Frequency(row["frequency"]),
        )
    seen = max(row["seen_id"], matching.max() if matching else 0)
    await fetch(
        "UPDATE saved_search SET seen_id = GREATEST(seen_id, $2), matched = $3, "
        "checked_at = $4, checked_xid = $5 WHERE id = $1",
        row["id"],
        seen,
        matching.serialize(),
        now,
        horizon,
    )
    if created:
        await audit.record(
            actor_id=None,
            actor_kind="system",
            action="saved_search.alert",
            entity_type="saved_search",
            entity_id=row["id"],
            changes={"records": list(reversed(fresh)), "seen_id": [row["seen_id"], seen]},
        )
    return len(created)


async def alert_new_matches(now: datetime | None = None) -> int:
    """One pass: every search that alerts (of a list whose records alert, frequency not
    ``never``) is run as its owner, so the owner's visibility applies, and each record that
    matches it now and did not at its last pass (or when it was saved) becomes a
    notification at the search's own frequency, once. A search of a list nobody wrote to
    since its last pass is not read again.
    Returns the number of notifications created; running again creates none."""
    now = now or datetime.now(UTC)
    # Taken before any search is read: a record written after it is seen by the next pass.
    horizon = await _horizon()
    memo: dict[tuple[str, int], bool] = {}  # whether a list changed since a transaction
    alerting = [key.value for key, spec in lists.LISTS.items() if spec.alerts]
    rows = await fetch(
        'SELECT s.id FROM saved_search s JOIN user_account u ON u.id = s."user" '
        "WHERE u.active AND s.frequency <> 'never' AND s.list_name = ANY($1) ORDER BY s.id",
        alerting,
    )
    total = 0
    for row in rows:
        try:
            async with atomic():
                total += await _alert_one(row["id"], now, horizon, memo)
        except Exception:
            # One broken search must not stop everyone else's alerts.
            log.exception("saved search %s failed", row["id"])
    return total
