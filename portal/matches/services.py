"""The match workflow: propose, accept or decline, start, complete with hours, cancel.

Accepting an expert locks the expert's profile row (``FOR UPDATE``) before it adds up the
hours already held, so concurrent accepts queue up and capacity is never exceeded; accepting
an offer locks the offer row and deducts the quantity the same way.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from portal.accounts.permissions import may_act_for
from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.matches import specs
from portal.matches.access import owned_need
from portal.matches.labels import failure_message
from portal.matches.schemas import (
    EventRead,
    MatchCreate,
    MatchFilters,
    MatchRead,
    ProviderRead,
)
from portal.matches.status import OPEN, RESERVING, TRANSITIONS, MatchStatus
from portal.matches.suggestions import provider_spec
from portal.matches.tables import Match, MatchEvent
from portal.matches.weights import current_weights
from portal.matching import suggest
from portal.matching.criteria import DEFAULT_HORIZON_WEEKS, room
from portal.needs.status import NeedStatus
from portal.needs.tables import Need
from portal.notifications import events as notification_events
from portal.offers.tables import ResourceOffer
from portal.organisations.schemas import OrganisationRef
from portal.search.query import Conditions, numbered
from portal.search.schemas import Page

_SELECT = """
SELECT x.*, n.title AS need_title, no.code AS need_org_code, no.name AS need_org_name,
       no.kind AS need_org_kind, no.county_code AS need_org_county,
       e.headline AS expert_headline, e."user" AS expert_user, r.title AS offer_title,
       po.code AS prov_org_code, po.name AS prov_org_name, po.kind AS prov_org_kind,
       po.county_code AS prov_org_county
FROM match x
JOIN need n ON n.id = x.need
JOIN organisation no ON no.id = n.organisation
LEFT JOIN expert_profile e ON e.id = x.expert
LEFT JOIN resource_offer r ON r.id = x.offer
LEFT JOIN organisation po ON po.id = x.provider_organisation
"""

# --- who is who ---------------------------------------------------------------------------


def _need_side(user: CurrentUser, row: dict[str, Any]) -> bool:
    return may_act_for(user, row["need_org_code"], row["need_org_county"])


def _provider_side(user: CurrentUser, row: dict[str, Any]) -> bool:
    if row["provider_type"] == "expert":
        return row["expert_user"] == user.id
    return row["prov_org_code"] is not None and may_act_for(
        user, row["prov_org_code"], row["prov_org_county"]
    )


def _may_see(user: CurrentUser, row: dict[str, Any]) -> bool:
    return _need_side(user, row) or _provider_side(user, row)


def _actions(user: CurrentUser, row: dict[str, Any]) -> list[str]:
    status = MatchStatus(row["status"])
    provider, need = _provider_side(user, row), _need_side(user, row)
    actions = []
    if status == MatchStatus.proposed and provider:
        actions += ["accept", "decline"]
    if status == MatchStatus.accepted and (provider or need):
        actions.append("start")
    if status in RESERVING and (provider or need):
        actions.append("complete")
    if status in OPEN and (provider or need):
        actions.append("cancel")
    return actions


# --- reading ------------------------------------------------------------------------------


def _to_read(row: dict[str, Any], user: CurrentUser, events: list[EventRead]) -> MatchRead:
    status = MatchStatus(row["status"])
    breakdown = row["breakdown"]
    if isinstance(breakdown, str):
        breakdown = json.loads(breakdown)
    expert = row["provider_type"] == "expert"
    return MatchRead(
        id=row["id"],
        need_id=row["need"],
        need_title=row["need_title"],
        need_organisation=OrganisationRef(
            code=row["need_org_code"], name=row["need_org_name"], kind=row["need_org_kind"]
        ),
        provider=ProviderRead(
            type=row["provider_type"],
            id=row["expert"] if expert else row["offer"],
            label=row["expert_headline"] if expert else row["offer_title"],
            organisation=(
                OrganisationRef(
                    code=row["prov_org_code"],
                    name=row["prov_org_name"],
                    kind=row["prov_org_kind"],
                )
                if row["prov_org_code"]
                else None
            ),
            municipality_code=row["giver_municipality"],
        ),
        status=status,
        hours=row["hours"],
        quantity=row["quantity"],
        hours_logged=row["hours_logged"],
        score=row["score"],
        breakdown=breakdown,
        reason=row["reason"],
        run_id=row["run"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
        allowed_transitions=list(TRANSITIONS[status]),
        actions=_actions(user, row),
        events=events,
    )


async def _row(match_id: int) -> dict[str, Any]:
    rows = await fetch(_SELECT + " WHERE x.id = $1", match_id)
    if not rows:
        raise NotFound(_("Matchningen finns inte."))
    return rows[0]


async def _events(match_id: int) -> list[EventRead]:
    rows = await fetch(
        "SELECT v.*, u.name AS actor_name FROM match_event v "
        "LEFT JOIN user_account u ON u.id = v.actor WHERE v.match = $1 ORDER BY v.id",
        match_id,
    )
    return [
        EventRead(r["from_status"], r["to_status"], r["actor_name"], r["comment"], r["created_at"])
        for r in rows
    ]


async def get_match(user: CurrentUser, match_id: int) -> MatchRead:
    row = await _row(match_id)
    if not _may_see(user, row):
        raise NotFound(_("Matchningen finns inte."))
    return _to_read(row, user, await _events(match_id))


async def list_matches(user: CurrentUser, filters: MatchFilters) -> Page[MatchRead]:
    """The viewer's matches (either side); coordinators see their county's unless ``mine``."""
    own = user.organisation_code
    mine = 'e."user" = {} OR no.code = {} OR no.code LIKE {} OR po.code = {} OR po.code LIKE {}'
    mine_values = (user.id, own, f"{own}-%", own, f"{own}-%")
    conditions = Conditions()
    if filters.mine or not user.has_role(Role.coordinator, Role.admin):
        conditions.add(mine, *mine_values)
    elif not user.has_role(Role.admin):
        conditions.add(f"no.county_code = {{}} OR {mine}", user.county_code, *mine_values)
    if filters.status:
        conditions.add("x.status = ANY({})", [s.value for s in filters.status])
    if filters.need_id is not None:
        conditions.add("x.need = {}", filters.need_id)
    where, values = conditions.where()
    clause = numbered(f" WHERE {where}", values)
    count = await fetch(f"SELECT count(*) AS n FROM ({_SELECT}{clause}) AS c", *values)  # noqa: S608
    offset = (filters.page - 1) * filters.page_size
    rows = await fetch(
        f"{_SELECT}{clause} ORDER BY x.updated_at DESC, x.id DESC "
        f"LIMIT {filters.page_size} OFFSET {offset}",
        *values,
    )
    return Page(
        items=[_to_read(row, user, []) for row in rows],
        total=count[0]["n"],
        page=filters.page,
        page_size=filters.page_size,
    )


# --- changing -----------------------------------------------------------------------------


async def _event(match_id: int, before: str | None, after: str, user: CurrentUser, comment: str):
    await MatchEvent.insert(
        MatchEvent(
            match=match_id,
            from_status=before,
            to_status=after,
            actor=user.id,
            comment=comment.strip(),
        )
    )


async def _sync_need(need_id: int, user: CurrentUser) -> None:
    """Keep the need's status in step with its matches: matched once someone has accepted,
    in progress once work has begun, done when the work is completed, open again when every
    match fell through."""
    need = await Need.select(Need.status, Need.version).where(Need.id == need_id).first()
    current = NeedStatus(need["status"])
    if current not in (NeedStatus.open, NeedStatus.matched, NeedStatus.in_progress):
        return
    rows = await fetch(
        "SELECT status, count(*) AS n FROM match WHERE need = $1 GROUP BY status", need_id
    )
    counts = {row["status"]: row["n"] for row in rows}
    if counts.get(MatchStatus.in_progress):
        target = NeedStatus.in_progress
    elif counts.get(MatchStatus.accepted):
        target = NeedStatus.in_progress if current == NeedStatus.in_progress else NeedStatus.matched
    elif counts.get(MatchStatus.completed):
        target = NeedStatus.done
    else:
        target = NeedStatus.open
    if target == current:
        return
    await Need.update(
        {
            Need.status: target.value,
            Need.version: need["version"] + 1,
            Need.updated_at: datetime.now(UTC),
        }
    ).where(Need.id == need_id)
    await audit.record(
        actor_id=user.id,
        action="need.status",
        entity_type="need",
        entity_id=need_id,
        changes={"status": [current.value, target.value], "by": "match"},
    )


async def _note_firsts(match_id: int) -> None:
    """Keep the need's first proposal and first acceptance times: the earliest ``created_at``
    and ``accepted_at`` of its matches (what the dashboard's key figures count)."""
    await fetch(
        "UPDATE need n SET first_proposed_at = least(n.first_proposed_at, m.created_at), "
        "first_accepted_at = least(n.first_accepted_at, m.accepted_at) "
        "FROM match m WHERE m.id = $1 AND n.id = m.need",
        match_id,
    )


async def propose(user: CurrentUser, data: MatchCreate, run_id: int | None = None) -> MatchRead:
    need_row = await owned_need(user, data.need_id)
    if need_row["status"] not in (NeedStatus.open, NeedStatus.matched):
        raise Conflict(_("Bara öppna behov kan få förslag."))
    wanted = "expert" if need_row["kind"] == "cataloguing" else "offer"
    if data.provider.type != wanted:
        message = (
            _("Katalogiseringsbehov matchas mot experter.")
            if wanted == "expert"
            else _("Resursbehov matchas mot erbjudanden.")
        )
        raise Invalid(message, fields={"provider": message})
    provider_row, provider = await provider_spec(data.provider.type, data.provider.id)
    need = specs.need_spec(await specs.need_row(data.need_id))
    explanation = suggest.explain(need, provider, await current_weights(), date.today())
    if not explanation.eligible:
        reasons = " ".join(failure_message(f) for f in explanation.failures)
        message = _("Kan inte föreslås: %(reasons)s", reasons=reasons)
        raise Invalid(message, fields={"provider": message})
    hours = quantity = None
    if wanted == "expert":
        hours = data.hours or need_row["estimated_hours"]
        if hours is None:
            message = _("Ange hur många timmar förslaget gäller.")
            raise Invalid(message, fields={"hours": message})
        organisation = await fetch(
            "SELECT organisation FROM user_account WHERE id = $1", provider_row["user_id"]
        )
        provider_organisation = organisation[0]["organisation"]
    else:
        quantity = data.quantity or need_row["quantity"] or 1
        provider_organisation = provider_row["organisation"]
    async with atomic():
        # One proposal at a time per pair: lock the need so two clicks make one match.
        await fetch("SELECT id FROM need WHERE id = $1 FOR UPDATE", data.need_id)
        column = "expert" if wanted == "expert" else "offer"
        duplicate = await fetch(
            f"SELECT id FROM match WHERE need = $1 AND {column} = $2 "  # noqa: S608
            "AND status = ANY($3)",
            data.need_id,
            data.provider.id,
            [s.value for s in OPEN],
        )
        if duplicate:
            raise Conflict(
                _("Det finns redan ett pågående förslag till samma part."),
                match_id=duplicate[0]["id"],
            )
        match = Match(
            need=data.need_id,
            provider_type=wanted,
            expert=data.provider.id if wanted == "expert" else None,
            offer=data.provider.id if wanted == "offer" else None,
            provider_organisation=provider_organisation,
            giver_municipality=provider_row["municipality_code"],
            receiver_municipality=need_row["municipality_code"],
            hours=hours,
            quantity=quantity,
            score=explanation.score,
            breakdown=explanation.breakdown,
            status=MatchStatus.proposed.value,
            run=run_id,
            proposed_by=user.id,
        )
        await match.save()
        await _note_firsts(match.id)
        await _event(match.id, None, MatchStatus.proposed, user, data.comment)
        await audit.record(
            actor_id=user.id,
            action="match.proposed",
            entity_type="match",
            entity_id=match.id,
            organisation_code=need_row["org_code"],
            changes={
                "need": data.need_id,
                "provider": [wanted, data.provider.id],
                "hours": hours,
                "quantity": quantity,
                "score": explanation.score,
            },
        )
        await notification_events.match_proposed(match.id, user.id)
    return await get_match(user, match.id)


async def _locked(match_id: int) -> dict[str, Any]:
    await fetch("SELECT id FROM match WHERE id = $1 FOR UPDATE", match_id)
    return await _row(match_id)


def _require(user: CurrentUser, row: dict[str, Any], action: str) -> None:
    if not _may_see(user, row):
        raise NotFound(_("Matchningen finns inte."))
    if action in _actions(user, row):
        return
    status = MatchStatus(row["status"])
    if action in ("accept", "decline") and status == MatchStatus.proposed:
        raise NotAllowed(_("Bara den som fått förslaget kan svara på det."))
    allowed = ", ".join(s.value for s in TRANSITIONS[status]) or "-"
    raise Conflict(
        _(
            "Det går inte i det här läget (%(status)s). Tillåtet: %(allowed)s.",
            status=status.value,
            allowed=allowed,
        ),
        status=status.value,
        allowed=[s.value for s in TRANSITIONS[status]],
    )


async def _move(
    user: CurrentUser, row: dict[str, Any], to: MatchStatus, comment: str, **values: Any
) -> MatchRead:
    now = datetime.now(UTC)
    changes = {Match.status: to.value, Match.updated_at: now, Match.version: row["version"] + 1}
    changes.update({getattr(Match, name): value for name, value in values.items()})
    await Match.update(changes).where(Match.id == row["id"])
    await _event(row["id"], row["status"], to, user, comment)
    await audit.record(
        actor_id=user.id,
        action=f"match.{to.value}",
        entity_type="match",
        entity_id=row["id"],
        organisation_code=row["need_org_code"],
        changes={"status": [row["status"], to.value], **{k: str(v) for k, v in values.items()}},
    )
    await _sync_need(row["need"], user)
    await notification_events.match_moved(row["id"], to.value, user.id)
    return await get_match(user, row["id"])


async def _reserve(row: dict[str, Any]) -> None:
    """Hold the expert's hours or the offer's quantity; 409 when there is not enough."""
    if row["provider_type"] == "expert":
        profile = await fetch(
            "SELECT capacity_hours_per_week FROM expert_profile WHERE id = $1 FOR UPDATE",
            row["expert"],
        )
        held = await fetch(
            "SELECT coalesce(sum(hours), 0) AS held FROM match "
            "WHERE expert = $1 AND status = ANY($2)",
            row["expert"],
            [s.value for s in RESERVING],
        )
        free = room(profile[0]["capacity_hours_per_week"], held[0]["held"], DEFAULT_HORIZON_WEEKS)
        if free + 1e-9 < row["hours"]:
            raise Conflict(
                _(
                    "Experten har bara %(free)s timmar lediga de närmaste %(weeks)s veckorna.",
                    free=f"{free:g}",
                    weeks=DEFAULT_HORIZON_WEEKS,
                ),
                free_hours=free,
            )
        return
    offer = await fetch(
        "SELECT quantity_left, status, version FROM resource_offer WHERE id = $1 FOR UPDATE",
        row["offer"],
    )
    left = offer[0]["quantity_left"]
    if offer[0]["status"] != "published" or left < row["quantity"]:
        raise Conflict(_("Det finns bara %(n)s kvar.", n=left), quantity_left=left)
    await ResourceOffer.update(
        {
            ResourceOffer.quantity_left: left - row["quantity"],
            ResourceOffer.status: "reserved" if left == row["quantity"] else "published",
            ResourceOffer.version: offer[0]["version"] + 1,
            ResourceOffer.updated_at: datetime.now(UTC),
        }
    ).where(ResourceOffer.id == row["offer"])


async def _release(row: dict[str, Any]) -> None:
    """Give back an offer's quantity when accepted work is cancelled (hours free themselves:
    they are summed from the matches that still hold them)."""
    if row["provider_type"] != "offer":
        return
    offer = await fetch(
        "SELECT quantity, quantity_left, status, version FROM resource_offer "
        "WHERE id = $1 FOR UPDATE",
        row["offer"],
    )
    current = offer[0]
    if current["status"] not in ("published", "reserved"):
        return
    await ResourceOffer.update(
        {
            ResourceOffer.quantity_left: min(
                current["quantity"], current["quantity_left"] + row["quantity"]
            ),
            ResourceOffer.status: "published",
            ResourceOffer.version: current["version"] + 1,
            ResourceOffer.updated_at: datetime.now(UTC),
        }
    ).where(ResourceOffer.id == row["offer"])


async def accept(user: CurrentUser, match_id: int, comment: str = "") -> MatchRead:
    async with atomic():
        first = await _row(match_id)
        # Lock the provider before the match: every accept takes the locks in one order.
        if first["provider_type"] == "expert":
            await fetch("SELECT id FROM expert_profile WHERE id = $1 FOR UPDATE", first["expert"])
        else:
            await fetch("SELECT id FROM resource_offer WHERE id = $1 FOR UPDATE", first["offer"])
        row = await _locked(match_id)
        _require(user, row, "accept")
        await _reserve(row)
        moved = await _move(user, row, MatchStatus.accepted, comment, accepted_at=datetime.now(UTC))
        await _note_firsts(match_id)
        return moved


async def decline(user: CurrentUser, match_id: int, reason: str) -> MatchRead:
    async with atomic():
        row = await _locked(match_id)
        _require(user, row, "decline")
        return await _move(user, row, MatchStatus.declined, reason, reason=reason.strip())


async def start(user: CurrentUser, match_id: int, comment: str = "") -> MatchRead:
    async with atomic():
        row = await _locked(match_id)
        _require(user, row, "start")
        return await _move(user, row, MatchStatus.in_progress, comment)


async def complete(
    user: CurrentUser, match_id: int, hours_logged: float | None, comment: str = ""
) -> MatchRead:
    async with atomic():
        row = await _locked(match_id)
        _require(user, row, "complete")
        if row["provider_type"] == "expert" and hours_logged is None:
            message = _("Ange hur många timmar arbetet tog.")
            raise Invalid(message, fields={"hours_logged": message})
        return await _move(
            user,
            row,
            MatchStatus.completed,
            comment,
            hours_logged=hours_logged,
            completed_at=datetime.now(UTC),
        )


async def cancel(user: CurrentUser, match_id: int, reason: str) -> MatchRead:
    async with atomic():
        first = await _row(match_id)
        if first["provider_type"] == "offer":
            await fetch("SELECT id FROM resource_offer WHERE id = $1 FOR UPDATE", first["offer"])
        row = await _locked(match_id)
        _require(user, row, "cancel")
        if row["status"] in RESERVING:
            await _release(row)
        return await _move(user, row, MatchStatus.cancelled, reason, reason=reason.strip())
