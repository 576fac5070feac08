"""Two simultaneous edits of one participation with the same version: one wins, one gets 409.

The requests must really run side by side on two database connections, so this test does
not use the rolled-back test transaction: it builds a database of its own on the test
server (migrated and seeded like the main one), points the engine at it, and drops it after.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from portal.db.engine import DB, configure
from portal.db.migrate import migrate
from portal.procurements.phases import Phase
from portal.procurements.tables import Participation
from tests.databases import ServerHandle
from tests.factories import csrf_headers, make_user, sign_in
from tests.procurements.factories import make_procurement, participate


@pytest.fixture
async def own_database(pg_server: ServerHandle, database_url: str) -> AsyncIterator[str]:
    from portal.seeding.reference import seed_reference

    assert DB.current_transaction.get() is None
    url = await pg_server.fresh_database("portal_concurrency")
    configure(url)
    try:
        await migrate()
        await seed_reference()
        yield url
    finally:
        configure(database_url)
        await pg_server.drop_database(url)


async def test_simultaneous_updates_with_the_same_version_lose_nothing(app, own_database):
    procurement = await make_procurement(phase=Phase.interest)
    member = await make_user(organisation="0184")
    first = await participate(member, procurement, "0184", "interested", 100_000, 10_000)
    assert first.version == 1

    transport = httpx.ASGITransport(app=app, client=("10.255.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, member)
        headers = await csrf_headers(client)
        url = f"/api/v1/procurements/{procurement.id}/participations/0184"
        lots = [lot.id for lot in procurement.lots]

        def body(amount: int) -> dict:
            return {
                "status": "committed",
                "volumes": [{"lot_id": lots[0], "annual_volume_sek": amount}],
                "version": 1,
            }

        responses = await asyncio.gather(
            client.put(url, json=body(200_000), headers=headers),
            client.put(url, json=body(300_000), headers=headers),
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 409], [r.text for r in responses]
    winner = next(r for r in responses if r.status_code == 200).json()
    loser = next(r for r in responses if r.status_code == 409).json()
    # The loser is told what is stored now, which is exactly what the winner wrote.
    assert loser["extra"]["current"]["version"] == 2
    assert loser["extra"]["current"]["volumes"] == winner["volumes"]
    stored = await Participation.select(Participation.version, Participation.status).where(
        Participation.procurement == procurement.id
    )
    assert stored == [{"version": 2, "status": "committed"}]
