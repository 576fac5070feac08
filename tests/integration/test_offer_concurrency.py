"""Twenty acceptances at once against five units: exactly five units are granted."""

from __future__ import annotations

import asyncio

from portal.accounts import services as accounts
from portal.errors import Conflict
from portal.offers import requests
from portal.offers.schemas import RequestCreate
from portal.offers.tables import OfferRequest, ResourceOffer
from tests.factories import make_offer, make_user


async def test_concurrent_acceptances_never_over_allocate(committed_database):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner, quantity=5, title="Fem läsplattor")
    request_ids = []
    for n in range(20):
        asker = await make_user(organisation=["0138", "0136", "0126", "0180"][n % 4])
        current = await accounts.current_user_by_id(asker.id)
        created = await requests.create_request(current, offer.id, RequestCreate(quantity=1))
        request_ids.append(created.id)
    owner_now = await accounts.current_user_by_id(owner.id)

    async def accept(request_id: int) -> str:
        try:
            await requests.accept_request(owner_now, request_id)
        except Conflict:
            return "refused"
        return "accepted"

    outcomes = await asyncio.gather(*(accept(i) for i in request_ids))
    assert outcomes.count("accepted") == 5
    assert outcomes.count("refused") == 15
    row = (
        await ResourceOffer.select(ResourceOffer.quantity_left, ResourceOffer.status)
        .where(ResourceOffer.id == offer.id)
        .first()
    )
    assert row == {"quantity_left": 0, "status": "reserved"}
    granted = await OfferRequest.count().where(OfferRequest.status == "accepted")
    assert granted == 5
