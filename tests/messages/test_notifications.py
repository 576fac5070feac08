"""A new message notifies the others in the thread (never its author), with a link to it."""

from __future__ import annotations

import json

import pytest

from portal.db.raw import fetch
from tests.factories import make_user
from tests.messages.helpers import coordinator, offer_request, proposal, write
from tests.procurements.factories import make_procurement, participate

pytestmark = pytest.mark.usefixtures("db")


async def message_notifications() -> list[dict]:
    rows = await fetch(
        "SELECT recipient, link, params FROM notification WHERE kind = 'message' ORDER BY id"
    )
    for row in rows:
        if isinstance(row["params"], str):
            row["params"] = json.loads(row["params"])
    return rows


async def test_a_message_on_a_need_notifies_the_others_and_not_the_author(client):
    p = await proposal()
    colleague = await make_user(organisation="0127")  # takes part, has not written
    url = f"/api/v1/threads/need/{p.need.id}"
    link = f"/behov/{p.need.id}#messages-need-{p.need.id}"

    assert (await write(client, p.member, url, "Hej, när kan du börja?")).status_code == 201
    rows = await message_notifications()
    assert [row["recipient"] for row in rows] == [p.expert.id]
    assert rows[0]["link"] == link
    assert rows[0]["params"] == {"author": p.member.name, "thread": p.need.title}

    assert (await write(client, p.expert, url, "Nästa vecka.")).status_code == 201
    rows = (await message_notifications())[1:]
    assert [row["recipient"] for row in rows] == [p.member.id]
    assert rows[0]["params"]["author"] == p.expert.name

    # Someone who has written before hears of later messages, whoever writes them.
    regional = await coordinator()
    assert (await write(client, regional, url, "Bra, tack!")).status_code == 201
    rows = (await message_notifications())[2:]
    assert sorted(row["recipient"] for row in rows) == sorted([p.member.id, p.expert.id])
    assert all(row["link"] == link for row in rows)
    assert colleague.id not in [row["recipient"] for row in await message_notifications()]

    assert (await write(client, p.member, url, "Välkommen!")).status_code == 201
    rows = (await message_notifications())[4:]
    assert sorted(row["recipient"] for row in rows) == sorted([p.expert.id, regional.id])


async def test_a_message_on_a_match_notifies_the_other_side(client):
    p = await proposal()
    assert (
        await write(client, p.expert, f"/api/v1/threads/match/{p.match.id}", "En fråga")
    ).status_code == 201
    rows = await message_notifications()
    assert [row["recipient"] for row in rows] == [p.member.id]
    assert rows[0]["link"] == f"/matchningar/{p.match.id}#messages-match-{p.match.id}"


async def test_a_message_on_an_offer_request_notifies_the_requester(client):
    giver, asker, request = await offer_request()
    url = f"/api/v1/threads/offer_request/{request.id}"
    assert (await write(client, giver, url, "Den står i entrén.")).status_code == 201
    rows = await message_notifications()
    assert [row["recipient"] for row in rows] == [asker.id]
    assert rows[0]["link"] == (
        f"/erbjudanden/{request.offer_id}#messages-offer_request-{request.id}"
    )
    assert rows[0]["params"]["thread"] == request.offer_title


async def test_a_message_to_the_regional_library_notifies_the_coordinator_and_back(client):
    lead = await coordinator()
    procurement = await make_procurement(lead)
    solna = await make_user(organisation="0184")
    await participate(solna, procurement, "0184", "interested", 100_000, 20_000)
    url = f"/api/v1/threads/procurement/{procurement.id}"
    link = (
        f"/upphandlingar/{procurement.id}?organisation=0184#messages-procurement-{procurement.id}"
    )

    assert (await write(client, solna, url, "Behövs fullmakten nu?")).status_code == 201
    rows = await message_notifications()
    assert [row["recipient"] for row in rows] == [lead.id]
    assert rows[0]["link"] == link
    assert rows[0]["params"] == {"author": solna.name, "thread": procurement.title}

    assert (await write(client, lead, url, "Senast i maj.", organisation="0184")).status_code == 201
    rows = (await message_notifications())[1:]
    assert [row["recipient"] for row in rows] == [solna.id]
    assert rows[0]["link"] == link
