"""Deadline feeds: every public procurement, and one per organisation behind a secret URL.

An organisation's feed holds the procurements it takes part in (not withdrawn) and those
open for interest in its county. Its token is random, stored per organisation, shown to the
organisation's members, and replaced by any of them when it may have leaked.
"""

from __future__ import annotations

import secrets
from typing import Any

from portal.accounts.permissions import may_act_for
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.organisations.tables import Organisation
from portal.procurements.phases import Phase
from portal.procurements.schemas import FeedRead, ProcurementRead
from portal.procurements.services import SELECT, lots_of, to_read
from portal.procurements.tables import CalendarFeed

# Closed and cancelled procurements have nothing left to remember.
_IN_CALENDAR = [p.value for p in Phase if p not in (Phase.idea, Phase.closed, Phase.cancelled)]


_FOR_ORGANISATION = (
    "p.phase = ANY($1) AND (p.phase = 'interest' AND o.county_code = $2"
    " OR EXISTS (SELECT 1 FROM procurement_participation pp"
    " WHERE pp.procurement = p.id AND pp.organisation = $3 AND pp.status <> 'withdrawn'))"
)


async def _read(rows: list[dict[str, Any]]) -> list[ProcurementRead]:
    lots = await lots_of([r["id"] for r in rows])
    return [to_read(r, lots[r["id"]], None) for r in rows]


async def public_procurements() -> list[ProcurementRead]:
    rows = await fetch(SELECT + " WHERE p.phase = ANY($1) ORDER BY p.id", _IN_CALENDAR)
    return await _read(rows)


async def organisation_procurements(organisation: dict[str, Any]) -> list[ProcurementRead]:
    rows = await fetch(
        f"{SELECT} WHERE {_FOR_ORGANISATION} ORDER BY p.id",
        _IN_CALENDAR,
        organisation["county_code"],
        organisation["id"],
    )
    return await _read(rows)


async def organisation_for_token(token: str) -> dict[str, Any]:
    feed = (
        await CalendarFeed.select(CalendarFeed.organisation)
        .where(CalendarFeed.token == token)
        .first()
    )
    if feed is None or not token:
        raise NotFound(_("Kalendern finns inte."))
    organisation = (
        await Organisation.select().where(Organisation.id == feed["organisation"]).first()
    )
    assert organisation is not None
    return organisation


def _url(base_url: str, token: str) -> str:
    return f"{base_url}/procurements/deadlines/{token}.ics"


async def _own_organisation(user: CurrentUser, code: str) -> dict[str, Any]:
    organisation = await Organisation.select().where(Organisation.code == code).first()
    if organisation is None:
        raise NotFound(_("Organisationen finns inte."))
    if not may_act_for(user, organisation["code"], organisation["county_code"]):
        raise NotAllowed(_("Bara organisationens medlemmar ser dess kalenderlänk."))
    return organisation


async def feed(user: CurrentUser, code: str, base_url: str) -> FeedRead:
    """The organisation's secret feed URL, created on first use."""
    organisation = await _own_organisation(user, code)
    async with atomic():
        found = (
            await CalendarFeed.select(CalendarFeed.token)
            .where(CalendarFeed.organisation == organisation["id"])
            .first()
        )
        if found is None:
            token = secrets.token_urlsafe(32)
            await CalendarFeed(organisation=organisation["id"], token=token).save()
            await audit.record(
                actor_id=user.id,
                action="procurement.feed.create",
                entity_type="organisation",
                entity_id=organisation["code"],
                organisation_code=organisation["code"],
            )
        else:
            token = found["token"]
    return FeedRead(organisation=organisation["code"], url=_url(base_url, token))


async def regenerate(user: CurrentUser, code: str, base_url: str) -> FeedRead:
    """A new token; the old URL stops working at once."""
    organisation = await _own_organisation(user, code)
    token = secrets.token_urlsafe(32)
    async with atomic():
        await CalendarFeed.delete().where(CalendarFeed.organisation == organisation["id"])
        await CalendarFeed(organisation=organisation["id"], token=token).save()
        await audit.record(
            actor_id=user.id,
            action="procurement.feed.regenerate",
            entity_type="organisation",
            entity_id=organisation["code"],
            organisation_code=organisation["code"],
        )
    return FeedRead(organisation=organisation["code"], url=_url(base_url, token))
