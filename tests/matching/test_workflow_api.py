from __future__ import annotations

import pytest

from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.matches.tables import Match
from portal.needs.tables import Need
from portal.offers.tables import ResourceOffer
from tests.factories import csrf_headers, make_need, make_offer, make_user, sign_in
from tests.matching.helpers import botkyrka_need, expert

pytestmark = pytest.mark.usefixtures("db")


async def post(client, url, body=None):
    return await client.post(url, json=body, headers=await csrf_headers(client))


async def need_status(need_id: int) -> str:
    row = await Need.select(Need.status).where(Need.id == need_id).first()
    return row["status"]


async def propose(client, member, need, profile, **extra):
    await sign_in(client, member)
    body = {"need_id": need.id, "provider": {"type": "expert", "id": profile.id}, **extra}
    return await post(client, "/api/v1/matches", body)


async def test_the_whole_workflow_from_proposal_to_the_ledger(client):
    member, need = await botkyrka_need()
    expert_user, profile = await expert("0180")

    response = await propose(client, member, need, profile)
    assert response.status_code == 201, response.text
    match = response.json()
    assert match["status"] == "proposed"
    assert match["hours"] == 8
    assert match["score"] > 0 and match["breakdown"]
    assert match["actions"] == ["cancel"]

    # The same pair cannot be proposed twice while the first is under way.
    assert (await propose(client, member, need, profile)).status_code == 409

    # Only the expert answers.
    refused = await post(client, f"/api/v1/matches/{match['id']}/accept")
    assert refused.status_code == 403
    await sign_in(client, expert_user)
    accepted = await post(client, f"/api/v1/matches/{match['id']}/accept", {"comment": "Gärna!"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert await need_status(need.id) == "matched"

    started = await post(client, f"/api/v1/matches/{match['id']}/start")
    assert started.json()["status"] == "in_progress"
    assert await need_status(need.id) == "in_progress"

    no_hours = await post(client, f"/api/v1/matches/{match['id']}/complete", {})
    assert no_hours.status_code == 422
    assert "hours_logged" in no_hours.json()["extra"]["fields"]
    done = await post(client, f"/api/v1/matches/{match['id']}/complete", {"hours_logged": 7.5})
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "completed" and body["hours_logged"] == 7.5
    assert [e["to_status"] for e in body["events"]] == [
        "proposed",
        "accepted",
        "in_progress",
        "completed",
    ]
    assert body["events"][1]["comment"] == "Gärna!"
    assert await need_status(need.id) == "done"

    # Completed work is no longer a step to take.
    again = await post(client, f"/api/v1/matches/{match['id']}/cancel", {"reason": "x"})
    assert again.status_code == 409

    ledger = (await client.get("/api/v1/ledger")).json()
    flows = [(f["giver"]["code"], f["receiver"]["code"], f["hours"]) for f in ledger["flows"]]
    assert ("0180", "0127", 7.5) in flows
    balances = {b["organisation"]["code"]: b for b in ledger["balances"]}
    assert balances["0180"]["given"] >= 7.5 and balances["0127"]["received"] >= 7.5
    own = (await client.get("/api/v1/ledger?organisation=0127")).json()
    assert {b["organisation"]["code"] for b in own["balances"]} == {"0127"}

    actions = {
        row["action"]
        for row in await AuditEvent.select(AuditEvent.action).where(
            AuditEvent.entity_type == "match", AuditEvent.entity_id == str(match["id"])
        )
    }
    assert {"match.proposed", "match.accepted", "match.in_progress", "match.completed"} <= actions


async def test_both_sides_see_the_match_and_others_do_not(client):
    member, need = await botkyrka_need()
    expert_user, profile = await expert("0180")
    match = (await propose(client, member, need, profile)).json()
    mine = (await client.get("/api/v1/matches?mine=true")).json()
    assert [m["id"] for m in mine["items"]] == [match["id"]]
    await sign_in(client, expert_user)
    assert (await client.get(f"/api/v1/matches/{match['id']}")).json()["actions"] == [
        "accept",
        "decline",
        "cancel",
    ]
    await sign_in(client, await make_user(organisation="0138"))
    assert (await client.get(f"/api/v1/matches/{match['id']}")).status_code == 404
    assert (await client.get("/api/v1/matches?mine=true")).json()["total"] == 0


async def test_decline_needs_a_reason_and_reopens_nothing_it_did_not_change(client):
    member, need = await botkyrka_need()
    expert_user, profile = await expert("0180")
    match = (await propose(client, member, need, profile)).json()
    await sign_in(client, expert_user)
    missing = await post(client, f"/api/v1/matches/{match['id']}/decline", {})
    assert missing.status_code == 422
    empty = await post(client, f"/api/v1/matches/{match['id']}/decline", {"reason": ""})
    assert empty.status_code == 422
    declined = await post(
        client, f"/api/v1/matches/{match['id']}/decline", {"reason": "Ingen tid i vår"}
    )
    assert declined.status_code == 200
    assert declined.json()["reason"] == "Ingen tid i vår"
    assert await need_status(need.id) == "open"
    # Declined: the pair may be proposed again later.
    assert (await propose(client, member, need, profile)).status_code == 201


async def test_cancelling_accepted_work_frees_the_hours_and_reopens_the_need(client):
    member, need = await botkyrka_need(estimated_hours=20)
    expert_user, profile = await expert("0180", capacity_hours_per_week=5)
    match = (await propose(client, member, need, profile)).json()
    await sign_in(client, expert_user)
    await post(client, f"/api/v1/matches/{match['id']}/accept")
    assert await need_status(need.id) == "matched"

    # Twenty hours held: no room left, so the expert drops out of other needs' suggestions.
    other_member, other = await botkyrka_need(title="Fler tigrinska böcker")
    await sign_in(client, other_member)
    items = (await client.get(f"/api/v1/needs/{other.id}/suggestions")).json()["items"]
    assert profile.id not in [i["provider"]["id"] for i in items]

    await sign_in(client, member)
    cancelled = await post(
        client, f"/api/v1/matches/{match['id']}/cancel", {"reason": "Behovet försvann"}
    )
    assert cancelled.json()["status"] == "cancelled"
    assert await need_status(need.id) == "open"
    await sign_in(client, other_member)
    items = (await client.get(f"/api/v1/needs/{other.id}/suggestions")).json()["items"]
    assert profile.id in [i["provider"]["id"] for i in items]


async def test_accept_beyond_capacity_is_409(client):
    expert_user, profile = await expert("0180", capacity_hours_per_week=2)  # 8 hours in 4 weeks
    member, first = await botkyrka_need(estimated_hours=6)
    _, second = await botkyrka_need(estimated_hours=6)
    one = (await propose(client, member, first, profile)).json()
    await sign_in(client, (await botkyrka_need())[0])
    two = (await propose(client, await make_user(organisation="0127"), second, profile)).json()
    await sign_in(client, expert_user)
    assert (await post(client, f"/api/v1/matches/{one['id']}/accept")).status_code == 200
    refused = await post(client, f"/api/v1/matches/{two['id']}/accept")
    assert refused.status_code == 409
    assert refused.json()["extra"]["free_hours"] == 2


async def test_an_ineligible_provider_cannot_be_proposed(client):
    member, need = await botkyrka_need()
    _, wrong = await expert("0181", languages=[{"code": "som", "level": "native"}])
    before = await Match.count()
    response = await propose(client, member, need, wrong)
    assert response.status_code == 422
    assert "provider" in response.json()["extra"]["fields"]
    assert await Match.count() == before


@pytest.mark.parametrize(
    "body",
    [
        {"need_id": 1, "provider": {"type": "robot", "id": 1}},
        {"need_id": 1, "provider": {"type": "expert", "id": 1}, "hours": -3},
        {"need_id": 1, "provider": {"type": "expert", "id": 1}, "hours": 20000},
        {"need_id": 1, "provider": {"type": "expert", "id": 1}, "colour": "red"},
        {"provider": {"type": "expert", "id": 1}},
    ],
)
async def test_proposals_breaking_the_schema_are_422(client, body):
    await sign_in(client, await make_user(organisation="0127"))
    before = await Match.count()
    response = await post(client, "/api/v1/matches", body)
    assert response.status_code == 422, response.text
    assert await Match.count() == before


async def test_an_offer_match_deducts_the_quantity_on_accept_and_returns_it_on_cancel(client):
    member = await make_user(organisation="0127")
    need = await make_need(
        member,
        kind="resource",
        title="Låna läsplattor",
        category="equipment",
        quantity=3,
        required_languages=[],
        required_scripts=[],
        required_skills=[],
        wished_skills=[],
        material_type=None,
        titles_count=None,
        estimated_hours=None,
    )
    giver = await make_user(organisation="0126")
    offer = await make_offer(giver, title="Läsplattor", category="equipment", quantity=5)
    await sign_in(client, member)
    body = {"need_id": need.id, "provider": {"type": "offer", "id": offer.id}}
    match = (await post(client, "/api/v1/matches", body)).json()
    assert match["quantity"] == 3
    await sign_in(client, giver)
    assert (await post(client, f"/api/v1/matches/{match['id']}/accept")).status_code == 200
    left = (
        await ResourceOffer.select(ResourceOffer.quantity_left)
        .where(ResourceOffer.id == offer.id)
        .first()
    )
    assert left["quantity_left"] == 2
    await post(client, f"/api/v1/matches/{match['id']}/cancel", {"reason": "Fel modell"})
    left = (
        await ResourceOffer.select(ResourceOffer.quantity_left)
        .where(ResourceOffer.id == offer.id)
        .first()
    )
    assert left["quantity_left"] == 5


async def test_coordinators_see_the_county_and_members_only_their_own(client):
    member, need = await botkyrka_need()
    _, profile = await expert("0180")
    await propose(client, member, need, profile)
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    assert (await client.get("/api/v1/matches")).json()["total"] >= 1
    assert (await client.get("/api/v1/matches?mine=true")).json()["total"] == 0
