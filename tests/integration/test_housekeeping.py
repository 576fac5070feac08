"""The hourly upkeep job: offers past their last day expire without anyone asking."""

from __future__ import annotations

from datetime import date, timedelta

from portal.db.raw import fetch
from portal.jobs import tasks
from portal.offers.tables import ResourceOffer
from tests.factories import make_need, make_offer, make_user


async def test_the_job_expires_offers_past_their_last_day(db):
    owner = await make_user(organisation="0182")
    past = await make_offer(owner, available_until=(date.today() + timedelta(days=3)).isoformat())
    current = await make_offer(owner)
    # The last day passed while nobody looked (the form refuses past dates, so set it here).
    await fetch(
        "UPDATE resource_offer SET available_until = $1 WHERE id = $2",
        date.today() - timedelta(days=1),
        past.id,
    )
    done = await tasks.housekeeping(timestamp=0)  # what the worker runs every hour
    assert done == {"offers_expired": 1, "tombstones_dropped": 0}
    statuses = {
        r["id"]: r["status"]
        for r in await ResourceOffer.select(ResourceOffer.id, ResourceOffer.status)
    }
    assert statuses[past.id] == "expired"
    assert statuses[current.id] == "published"


async def test_the_job_drops_tombstones_older_than_a_day(db):
    # Deleted needs leave tombstones for the facet index (portal/search/bitmap_index.py).
    owner = await make_user(organisation="0182")
    old, recent = await make_need(owner), await make_need(owner)
    await fetch("DELETE FROM need WHERE id = ANY($1)", [old.id, recent.id])
    await fetch(
        "UPDATE list_tombstone SET deleted_at = now() - interval '25 hours' WHERE row_id = $1",
        old.id,
    )
    done = await tasks.housekeeping(timestamp=0)
    assert done["tombstones_dropped"] == 1
    kept = await fetch("SELECT row_id FROM list_tombstone WHERE table_name = 'need'")
    assert [row["row_id"] for row in kept] == [recent.id]
