from __future__ import annotations

import pytest

from portal.accounts.roles import Role
from portal.matches import runs
from tests.factories import csrf_headers, make_user, sign_in
from tests.matching.helpers import botkyrka_need, expert

pytestmark = pytest.mark.usefixtures("db")


async def post(client, url, body=None):
    return await client.post(url, json=body, headers=await csrf_headers(client))


async def test_a_run_assigns_open_needs_within_capacity_and_becomes_proposals(client):
    _, small = await botkyrka_need(estimated_hours=8)
    _, large = await botkyrka_need(estimated_hours=16, splittable=True)
    _, one = await expert("0180", capacity_hours_per_week=3)  # 12 hours in 4 weeks
    _, two = await expert("0126", capacity_hours_per_week=2)  # 8 hours
    coordinator = await make_user(organisation="01", roles=(Role.coordinator,))
    await sign_in(client, coordinator)

    started = await post(client, "/api/v1/matching/runs", {"horizon_weeks": 4})
    assert started.status_code == 202, started.text
    run_id = started.json()["id"]
    queued = (await client.get(f"/api/v1/matching/runs/{run_id}")).json()
    assert queued["status"] == "queued" and queued["assignments"] is None
    # A second run is refused while the first waits.
    assert (await post(client, "/api/v1/matching/runs", {})).status_code == 409

    await runs.execute_run(run_id)  # what the in-process worker does

    run = (await client.get(f"/api/v1/matching/runs/{run_id}")).json()
    assert run["status"] == "done" and run["progress"] == 100
    assert run["optimal"] is True
    assert run["gap"] < 1e-6
    mine = [a for a in run["assignments"] if a["need_id"] in (small.id, large.id)]
    used: dict[int, float] = {}
    for a in mine:
        used[a["provider"]["id"]] = used.get(a["provider"]["id"], 0) + a["hours"]
    assert used.get(one.id, 0) <= 12 and used.get(two.id, 0) <= 8
    # 20 hours of capacity, 24 hours of need: every hour is used.
    assert sum(used.values()) == 20
    # The objective, recomputed from its definition over this test's needs.
    amounts = {small.id: 8, large.id: 16}
    assert {a["need_id"] for a in run["assignments"]} <= set(amounts)
    assert run["total_score"] == pytest.approx(
        sum(a["score"] * a["hours"] / amounts[a["need_id"]] for a in run["assignments"]),
        rel=1e-9,
    )

    keys = [f"{a['need_id']}:expert:{a['provider']['id']}" for a in mine]
    made = await post(client, f"/api/v1/matching/runs/{run_id}/proposals", {"chosen": keys})
    assert made.status_code == 201, made.text
    assert len(made.json()["created"]) == len(keys) and made.json()["failed"] == {}
    listed = (await client.get("/api/v1/matches?status=proposed")).json()
    assert {m["run_id"] for m in listed["items"]} == {run_id}


async def test_only_coordinators_start_runs(client):
    await sign_in(client, await make_user(organisation="0127"))
    assert (await post(client, "/api/v1/matching/runs", {})).status_code == 403
    bad = await post(client, "/api/v1/matching/runs", {"horizon_weeks": 0})
    assert bad.status_code == 422


async def test_weights_are_data_that_coordinators_change(client):
    weights = (await client.get("/api/v1/matching/weights")).json()
    assert weights["capacity_fit"] > 0 and len(weights) == 7
    await sign_in(client, await make_user(organisation="0127"))
    denied = await client.put(
        "/api/v1/matching/weights", json={"distance": 50}, headers=await csrf_headers(client)
    )
    assert denied.status_code == 403
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    bad = await client.put(
        "/api/v1/matching/weights", json={"distance": 500}, headers=await csrf_headers(client)
    )
    assert bad.status_code == 422
    changed = await client.put(
        "/api/v1/matching/weights", json={"distance": 50}, headers=await csrf_headers(client)
    )
    assert changed.status_code == 200
    assert changed.json()["distance"] == 50
