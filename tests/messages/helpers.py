"""People and records with a private thread each, for the message tests."""

from __future__ import annotations

from dataclasses import dataclass

from portal.accounts.roles import Role
from portal.matches import services as matches
from portal.matches.schemas import MatchCreate, ProviderIn
from portal.messages.tables import ThreadMessage
from portal.offers import requests
from portal.offers.schemas import RequestCreate
from tests.factories import csrf_headers, make_offer, make_user, sign_in
from tests.matching.helpers import botkyrka_need, current, expert
from tests.procurements.factories import make_coordinator


@dataclass
class Proposal:
    member: object  # Botkyrka, posted the need
    expert: object  # Stockholm, proposed for it
    need: object
    match: object


async def proposal() -> Proposal:
    """A Botkyrka need for Tigrinya cataloguing, and a Stockholm expert proposed for it."""
    member, need = await botkyrka_need()
    expert_user, profile = await expert("0180")
    match = await matches.propose(
        await current(member),
        MatchCreate(need_id=need.id, provider=ProviderIn(type="expert", id=profile.id)),
    )
    return Proposal(member=member, expert=expert_user, need=need, match=match)


async def offer_request():
    """Stockholm offers a book trolley; Solna asks for it. Returns (giver, asker, request)."""
    giver = await make_user(organisation="0180", email="giver.stockholm@example.test")
    asker = await make_user(organisation="0184", email="asker.solna@example.test")
    offer = await make_offer(giver)
    request = await requests.create_request(
        await current(asker), offer.id, RequestCreate(quantity=1, message="Vi hämtar gärna.")
    )
    return giver, asker, request


async def outsider(organisation: str = "0186", **kwargs):
    """A member of another municipality (Lidingö by default)."""
    return await make_user(organisation=organisation, **kwargs)


async def coordinator(**kwargs):
    return await make_coordinator(**kwargs)


async def expert_user(organisation: str = "0180"):
    return await make_user(organisation=organisation, roles=(Role.expert,))


async def stored(subject_type: str, subject_id: int) -> int:
    return await ThreadMessage.count().where(
        ThreadMessage.subject_type == subject_type, ThreadMessage.subject_id == subject_id
    )


async def write(client, user, url: str, body: str, **params):
    await sign_in(client, user)
    return await client.post(
        url, json={"body": body}, params=params, headers=await csrf_headers(client)
    )


async def read(client, user, url: str, **params):
    await sign_in(client, user)
    return await client.get(url, params=params)
