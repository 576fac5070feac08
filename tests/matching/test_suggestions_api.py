from __future__ import annotations

import pytest

from portal.accounts.roles import Role
from tests.factories import make_user, sign_in
from tests.matching.helpers import botkyrka_need, expert

pytestmark = pytest.mark.usefixtures("db")


async def test_suggestions_rank_eligible_experts_with_breakdowns(client):
    member, need = await botkyrka_need()
    _, best = await expert("0180")
    _, second = await expert("0126", skills=["marc21"])  # lacks the wished Libris XL
    _, excluded = await expert("0181", languages=[{"code": "tir", "level": "good"}])
    await sign_in(client, member)

    response = await client.get(f"/api/v1/needs/{need.id}/suggestions?limit=5")

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    ids = [item["provider"]["id"] for item in items]
    assert ids[:2] == [best.id, second.id]
    assert excluded.id not in ids
    top = items[0]
    assert top["provider"]["type"] == "expert"
    assert 0 < top["score"] <= 100
    assert abs(sum(top["breakdown"].values()) - top["score"]) < 0.011
    assert top["breakdown"]["wished_skills"] > items[1]["breakdown"].get("wished_skills", 0)


async def test_explaining_an_excluded_expert_names_the_failed_constraint(client):
    member, need = await botkyrka_need()
    _, excluded = await expert("0181", languages=[{"code": "tir", "level": "good"}])
    await sign_in(client, member)

    response = await client.get(f"/api/v1/needs/{need.id}/suggestions/expert/{excluded.id}")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["eligible"] is False
    assert [f["constraint"] for f in body["failures"]] == ["language"]
    assert "tir" in body["failures"][0]["detail"]
    assert body["failures"][0]["message"]


async def test_ties_are_broken_by_the_lower_id(client):
    member, need = await botkyrka_need()
    first = [await expert("0180") for _ in range(3)]
    await sign_in(client, member)
    items = (await client.get(f"/api/v1/needs/{need.id}/suggestions")).json()["items"]
    assert [i["provider"]["id"] for i in items] == sorted(p.id for _, p in first)
    assert len({i["score"] for i in items}) == 1


async def test_suggestions_are_for_the_need_owner_and_coordinators(client):
    _, need = await botkyrka_need()
    await expert("0180")
    assert (await client.get(f"/api/v1/needs/{need.id}/suggestions")).status_code == 401
    await sign_in(client, await make_user(organisation="0138"))
    assert (await client.get(f"/api/v1/needs/{need.id}/suggestions")).status_code == 403
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    response = await client.get(f"/api/v1/needs/{need.id}/suggestions")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


async def test_limit_is_validated(client):
    member, need = await botkyrka_need()
    await sign_in(client, member)
    response = await client.get(f"/api/v1/needs/{need.id}/suggestions?limit=0")
    assert response.status_code == 400


async def test_resource_need_is_matched_to_offers_of_its_category(client):
    from tests.factories import make_offer

    member = await make_user(organisation="0127")
    from tests.factories import make_need

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
    fits = await make_offer(giver, title="Läsplattor", category="equipment", quantity=5)
    await make_offer(giver, title="Lokal", category="space", quantity=5)
    too_few = await make_offer(giver, title="En läsplatta", category="equipment", quantity=1)
    await sign_in(client, member)
    items = (await client.get(f"/api/v1/needs/{need.id}/suggestions")).json()["items"]
    assert items[0]["provider"] == {"type": "offer", "id": fits.id}
    # A splittable need takes what there is, ranked below the offer that covers it all.
    assert [i["provider"]["id"] for i in items] == [fits.id, too_few.id]
