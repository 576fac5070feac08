"""Who hears of what: each event of the other features turned into notifications.

Each function is called by the feature's service inside the transaction of its change, after
the change is written; the person who acted is never notified of their own act.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.db.raw import fetch
from portal.notifications.kinds import Kind
from portal.notifications.services import members_of, notify

_MATCH_KINDS = {
    "accepted": Kind.match_accepted,
    "declined": Kind.match_declined,
    "completed": Kind.match_completed,
    "cancelled": Kind.match_cancelled,
}


async def _match(match_id: int) -> dict:
    rows = await fetch(
        "SELECT x.id, x.provider_type, x.proposed_by, n.title AS need_title, "
        'no.code AS need_org_code, no.name AS need_org_name, e."user" AS expert_user, '
        "po.code AS prov_org_code "
        "FROM match x JOIN need n ON n.id = x.need JOIN organisation no ON no.id = n.organisation "
        "LEFT JOIN expert_profile e ON e.id = x.expert "
        "LEFT JOIN organisation po ON po.id = x.provider_organisation WHERE x.id = $1",
        match_id,
    )
    return rows[0]


async def _provider_side(row: dict) -> list[int]:
    if row["provider_type"] == "expert":
        return [row["expert_user"]] if row["expert_user"] else []
    return await members_of(row["prov_org_code"]) if row["prov_org_code"] else []


async def _need_side(row: dict) -> list[int]:
    return [*await members_of(row["need_org_code"]), row["proposed_by"]]


async def match_proposed(match_id: int, actor_id: int) -> None:
    row = await _match(match_id)
    await notify(
        Kind.match_proposed,
        await _provider_side(row),
        link=f"/matchningar/{match_id}",
        params={"need": row["need_title"], "organisation": row["need_org_name"]},
        exclude=actor_id,
    )


async def match_moved(match_id: int, status: str, actor_id: int) -> None:
    kind = _MATCH_KINDS.get(status)
    if kind is None:
        return
    row = await _match(match_id)
    if kind in (Kind.match_accepted, Kind.match_declined):
        recipients = await _need_side(row)
    else:
        recipients = [*await _need_side(row), *await _provider_side(row)]
    await notify(
        kind,
        recipients,
        link=f"/matchningar/{match_id}",
        params={"need": row["need_title"], "organisation": row["need_org_name"]},
        exclude=actor_id,
    )


async def _offer_request(request_id: int) -> dict:
    rows = await fetch(
        "SELECT q.id, q.offer, q.quantity, q.status, q.requested_by, r.title AS offer_title, "
        "r.unit, ro.code AS offer_org_code, qo.code AS requester_code, qo.name AS requester_name "
        "FROM offer_request q JOIN resource_offer r ON r.id = q.offer "
        "JOIN organisation ro ON ro.id = r.organisation "
        "JOIN organisation qo ON qo.id = q.organisation WHERE q.id = $1",
        request_id,
    )
    return rows[0]


async def offer_requested(request_id: int, actor_id: int) -> None:
    row = await _offer_request(request_id)
    await notify(
        Kind.offer_request,
        await members_of(row["offer_org_code"]),
        link=f"/erbjudanden/{row['offer']}",
        params={
            "organisation": row["requester_name"],
            "quantity": f"{row['quantity']} {row['unit'] or ''}".strip(),
            "offer": row["offer_title"],
        },
        exclude=actor_id,
    )


async def offer_request_answered(request_id: int, actor_id: int) -> None:
    row = await _offer_request(request_id)
    await notify(
        Kind.offer_request_answered,
        [row["requested_by"]],
        link=f"/erbjudanden/{row['offer']}",
        params={"offer": row["offer_title"], "answer": row["status"]},
        exclude=actor_id,
    )


async def _followers(procurement_id: int) -> list[int]:
    """Staff of every organisation taking part (not withdrawn) and of the lead."""
    rows = await fetch(
        "SELECT o.code FROM procurement_participation p JOIN organisation o "
        "ON o.id = p.organisation WHERE p.procurement = $1 AND p.status <> 'withdrawn' "
        "UNION SELECT o.code FROM procurement x JOIN organisation o ON o.id = x.lead "
        "WHERE x.id = $1",
        procurement_id,
    )
    return await members_of(*(row["code"] for row in rows))


async def procurement_moved(procurement_id: int, phase: str, actor_id: int) -> None:
    rows = await fetch("SELECT title FROM procurement WHERE id = $1", procurement_id)
    await notify(
        Kind.procurement_phase,
        await _followers(procurement_id),
        link=f"/upphandlingar/{procurement_id}",
        params={"procurement": rows[0]["title"], "phase": phase},
        exclude=actor_id,
    )


REMINDER_DAYS = (7, 1)


async def procurement_deadlines(today: date | None = None) -> int:
    """Remind followers 7 days and 1 day before an interest deadline; each once per person,
    so the daily job may run more than once a day without repeating itself."""
    today = today or date.today()
    sent = 0
    for days in REMINDER_DAYS:
        due = today + timedelta(days=days)
        rows = await fetch(
            "SELECT id, title, interest_deadline FROM procurement WHERE phase = 'interest' "
            "AND interest_deadline = $1 ORDER BY id",
            due,
        )
        for row in rows:
            created = await notify(
                Kind.procurement_deadline,
                await _followers(row["id"]),
                link=f"/upphandlingar/{row['id']}",
                params={
                    "procurement": row["title"],
                    "days": days,
                    "date": row["interest_deadline"].isoformat(),
                },
                dedupe_key=f"deadline:{row['id']}:{row['interest_deadline']}:{days}",
            )
            sent += len(created)
    return sent
