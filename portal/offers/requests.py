"""Requests for offers: one organisation asks, the offering organisation accepts or declines.

Accepting locks the offer row (``FOR UPDATE``) before it looks at what is left, so concurrent
acceptances queue up and the offer is never over-allocated; the table's check constraint
(``quantity_left >= 0``) is the last line of defence.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from portal.accounts.permissions import may_act_for
from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.notifications import events as notification_events
from portal.offers import services as offers
from portal.offers.kinds import REQUESTABLE, OfferStatus, RequestStatus
from portal.offers.schemas import RequestCreate, RequestRead
from portal.offers.tables import OfferRequest, ResourceOffer
from portal.organisations.schemas import OrganisationRef
from portal.organisations.tables import Organisation

_SELECT = """
SELECT q.*, r.title AS offer_title, r.organisation AS offer_organisation,
       ro.code AS offer_org_code, ro.county_code AS offer_org_county,
       o.code AS org_code, o.name AS org_name, o.kind AS org_kind, o.county_code AS org_county,
       u.name AS requester_name
FROM offer_request q
JOIN resource_offer r ON r.id = q.offer
JOIN organisation ro ON ro.id = r.organisation
JOIN organisation o ON o.id = q.organisation
JOIN user_account u ON u.id = q.requested_by
"""


def _to_read(row: dict[str, Any], viewer: CurrentUser) -> RequestRead:
    involved = may_act_for(viewer, row["org_code"], row["org_county"]) or may_act_for(
        viewer, row["offer_org_code"], row["offer_org_county"]
    )
    return RequestRead(
        id=row["id"],
        offer_id=row["offer"],
        offer_title=row["offer_title"],
        organisation=OrganisationRef(
            code=row["org_code"], name=row["org_name"], kind=row["org_kind"]
        ),
        quantity=row["quantity"],
        message=row["message"] if involved else "",
        status=row["status"],
        created_at=row["created_at"],
        decided_at=row["decided_at"],
        requested_by=row["requester_name"] if involved else None,
    )


async def _request_row(request_id: int) -> dict[str, Any]:
    rows = await fetch(_SELECT + " WHERE q.id = $1", request_id)
    if not rows:
        raise NotFound(_("Förfrågan finns inte."))
    return rows[0]


async def create_request(user: CurrentUser, offer_id: int, data: RequestCreate) -> RequestRead:
    if not user.has_role(Role.member, Role.coordinator, Role.admin):
        raise NotAllowed(_("Bara medlemmar i en organisation kan begära resurser."))
    requester_code = data.organisation or user.organisation_code
    requester = await Organisation.select().where(Organisation.code == requester_code).first()
    if requester is None:
        message = _("Organisationen finns inte.")
        raise Invalid(message, fields={"organisation": message})
    if not may_act_for(user, requester["code"], requester["county_code"]):
        raise NotAllowed(_("Du kan bara begära resurser för din egen organisation."))
    async with atomic():
        offer = await offers.visible_row(user, offer_id)
        if offer["organisation"] == requester["id"] or offer["org_code"].startswith(
            f"{requester['code']}-"
        ):
            raise Conflict(_("Du kan inte begära din egen organisations erbjudande."))
        if offer["status"] not in REQUESTABLE:
            raise Conflict(_("Erbjudandet går inte att begära längre."))
        if data.quantity > offer["quantity_left"]:
            message = _("Det finns bara %(n)s kvar.", n=offer["quantity_left"])
            raise Invalid(message, fields={"quantity": message})
        request = OfferRequest(
            offer=offer_id,
            organisation=requester["id"],
            requested_by=user.id,
            quantity=data.quantity,
            message=data.message.strip(),
        )
        await request.save()
        await audit.record(
            actor_id=user.id,
            action="offer_request.create",
            entity_type="offer_request",
            entity_id=request.id,
            organisation_code=requester["code"],
            changes={"offer": offer_id, "quantity": data.quantity},
        )
        await notification_events.offer_requested(request.id, user.id)
    return _to_read(await _request_row(request.id), user)


async def _decide(user: CurrentUser, request_id: int, accept: bool) -> RequestRead:
    async with atomic():
        first = await _request_row(request_id)
        # Lock the offer first, then the request: every decision takes the locks in one order.
        await fetch("SELECT id FROM resource_offer WHERE id = $1 FOR UPDATE", first["offer"])
        await fetch("SELECT id FROM offer_request WHERE id = $1 FOR UPDATE", request_id)
        row = await _request_row(request_id)
        if not may_act_for(user, row["offer_org_code"], row["offer_org_county"]):
            raise NotAllowed(_("Bara den organisation som erbjuder resursen kan svara."))
        if row["status"] != RequestStatus.pending:
            raise Conflict(_("Förfrågan är redan besvarad."))
        now = datetime.now(UTC)
        if accept:
            offer = await offers.offer_row(row["offer"])
            if offer["status"] not in REQUESTABLE:
                raise Conflict(_("Erbjudandet går inte att dela ut längre."))
            if offer["quantity_left"] < row["quantity"]:
                raise Conflict(
                    _("Det finns bara %(n)s kvar.", n=offer["quantity_left"]),
                    quantity_left=offer["quantity_left"],
                )
            left = offer["quantity_left"] - row["quantity"]
            await ResourceOffer.update(
                {
                    ResourceOffer.quantity_left: left,
                    # Nothing left to give: reserved until it is handed over.
                    ResourceOffer.status: (
                        OfferStatus.reserved.value if left == 0 else offer["status"]
                    ),
                    ResourceOffer.updated_at: now,
                    ResourceOffer.version: offer["version"] + 1,
                }
            ).where(ResourceOffer.id == row["offer"])
        status = RequestStatus.accepted if accept else RequestStatus.declined
        await OfferRequest.update(
            {
                OfferRequest.status: status.value,
                OfferRequest.decided_by: user.id,
                OfferRequest.decided_at: now,
            }
        ).where(OfferRequest.id == request_id)
        await audit.record(
            actor_id=user.id,
            action=f"offer_request.{status.value}",
            entity_type="offer_request",
            entity_id=request_id,
            organisation_code=row["offer_org_code"],
            changes={"status": [row["status"], status.value], "quantity": row["quantity"]},
        )
        await notification_events.offer_request_answered(request_id, user.id)
    return _to_read(await _request_row(request_id), user)


async def accept_request(user: CurrentUser, request_id: int) -> RequestRead:
    return await _decide(user, request_id, accept=True)


async def decline_request(user: CurrentUser, request_id: int) -> RequestRead:
    return await _decide(user, request_id, accept=False)


async def cancel_request(user: CurrentUser, request_id: int) -> RequestRead:
    """The requesting organisation takes back a request that has not been answered."""
    async with atomic():
        await fetch("SELECT id FROM offer_request WHERE id = $1 FOR UPDATE", request_id)
        row = await _request_row(request_id)
        if not may_act_for(user, row["org_code"], row["org_county"]):
            raise NotAllowed(_("Bara den organisation som frågade kan ta tillbaka förfrågan."))
        if row["status"] != RequestStatus.pending:
            raise Conflict(_("Förfrågan är redan besvarad."))
        await OfferRequest.update({OfferRequest.status: RequestStatus.cancelled.value}).where(
            OfferRequest.id == request_id
        )
        await audit.record(
            actor_id=user.id,
            action="offer_request.cancelled",
            entity_type="offer_request",
            entity_id=request_id,
            organisation_code=row["org_code"],
        )
    return _to_read(await _request_row(request_id), user)


async def requests_for_offer(user: CurrentUser, offer_id: int) -> list[RequestRead]:
    offer = await offers.visible_row(user, offer_id)
    if not may_act_for(user, offer["org_code"], offer["org_county"]):
        raise NotAllowed(_("Bara den organisation som erbjuder resursen ser förfrågningarna."))
    rows = await fetch(_SELECT + " WHERE q.offer = $1 ORDER BY q.created_at DESC", offer_id)
    return [_to_read(row, user) for row in rows]


async def incoming_requests(user: CurrentUser) -> list[RequestRead]:
    """Requests on offers of the user's organisation (and its libraries)."""
    own = user.organisation_code
    rows = await fetch(
        _SELECT + " WHERE ro.code = $1 OR ro.code LIKE $2 ORDER BY q.status = 'pending' DESC, "
        "q.created_at DESC LIMIT 200",
        own,
        f"{own}-%",
    )
    return [_to_read(row, user) for row in rows]


async def outgoing_requests(user: CurrentUser) -> list[RequestRead]:
    own = user.organisation_code
    rows = await fetch(
        _SELECT + " WHERE o.code = $1 OR o.code LIKE $2 ORDER BY q.created_at DESC LIMIT 200",
        own,
        f"{own}-%",
    )
    return [_to_read(row, user) for row in rows]
