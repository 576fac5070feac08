from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.accounts.roles import Role
from portal.offers.tables import OfferRequest, ResourceOffer
from tests.factories import csrf_headers, make_offer, make_user, offer_payload, sign_in


async def member(client, organisation):
    user = await make_user(organisation=organisation)
    await sign_in(client, user)
    return user


async def test_member_offers_a_resource(client):
    await member(client, "0182")
    response = await client.post(
        "/api/v1/offers", json=offer_payload(quantity=3), headers=await csrf_headers(client)
    )
    assert response.status_code == 201, response.text
    offer = response.json()
    assert offer["id"] > 0
    assert offer["status"] == "published"
    assert offer["quantity_left"] == 3
    assert offer["organisation"]["code"] == "0182"
    assert offer["municipality_code"] == "0182"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -4}, "quantity"),
        ({"category": "spaceship"}, "category"),
        ({"terms": "cost_sharing"}, "cost_sek"),
        ({"terms": "free", "cost_sek": 100}, "cost_sek"),
        (
            {
                "available_from": (date.today() + timedelta(days=9)).isoformat(),
                "available_until": (date.today() + timedelta(days=2)).isoformat(),
            },
            "available_until",
        ),
        ({"available_until": (date.today() - timedelta(days=1)).isoformat()}, "available_until"),
        ({"location": "0180"}, "location"),
        ({"title": "x" * 201}, "title"),
    ],
)
async def test_bad_offers_are_422_naming_the_field_and_store_nothing(client, overrides, field):
    await member(client, "0182")
    before = await ResourceOffer.count()
    response = await client.post(
        "/api/v1/offers", json=offer_payload(**overrides), headers=await csrf_headers(client)
    )
    assert response.status_code == 422, response.text
    assert field in response.json()["extra"]["fields"]
    assert await ResourceOffer.count() == before


async def test_another_municipality_cannot_edit_or_move_an_offer(client):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner)
    await member(client, "0138")
    headers = await csrf_headers(client)
    assert (
        await client.patch(f"/api/v1/offers/{offer.id}", json={"title": "Kapad"}, headers=headers)
    ).status_code == 403
    assert (
        await client.post(
            f"/api/v1/offers/{offer.id}/status", json={"to": "withdrawn"}, headers=headers
        )
    ).status_code == 403
    row = (
        await ResourceOffer.select(ResourceOffer.title, ResourceOffer.status)
        .where(ResourceOffer.id == offer.id)
        .first()
    )
    assert row == {"title": "Bokhylla på hjul", "status": "published"}


async def test_status_moves_and_409_names_the_allowed_ones(client):
    owner = await member(client, "0182")
    offer = await make_offer(owner)
    headers = await csrf_headers(client)
    refused = await client.post(
        f"/api/v1/offers/{offer.id}/status", json={"to": "draft"}, headers=headers
    )
    assert refused.status_code == 409
    assert set(refused.json()["extra"]["allowed"]) == {"reserved", "given", "withdrawn"}
    withdrawn = await client.post(
        f"/api/v1/offers/{offer.id}/status", json={"to": "withdrawn"}, headers=headers
    )
    assert withdrawn.json()["status"] == "withdrawn"


async def test_request_accept_and_deduct(client):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner, quantity=4, title="Läslampor")
    requester = await member(client, "0138")
    created = await client.post(
        f"/api/v1/offers/{offer.id}/requests",
        json={"quantity": 3, "message": "Till Tyresö bibliotek"},
        headers=await csrf_headers(client),
    )
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    assert created.json()["requested_by"] == requester.name

    # The requester cannot accept their own request.
    refused = await client.post(
        f"/api/v1/offer-requests/{request_id}/accept", headers=await csrf_headers(client)
    )
    assert refused.status_code == 403

    await sign_in(client, owner)
    incoming = await client.get("/api/v1/offer-requests/incoming")
    assert [r["id"] for r in incoming.json()] == [request_id]
    accepted = await client.post(
        f"/api/v1/offer-requests/{request_id}/accept", headers=await csrf_headers(client)
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    offer_now = await client.get(f"/api/v1/offers/{offer.id}")
    assert offer_now.json()["quantity_left"] == 1
    again = await client.post(
        f"/api/v1/offer-requests/{request_id}/decline", headers=await csrf_headers(client)
    )
    assert again.status_code == 409


async def test_requests_that_cannot_be_met_are_refused(client):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner, quantity=2)
    await member(client, "0138")
    headers = await csrf_headers(client)
    too_many = await client.post(
        f"/api/v1/offers/{offer.id}/requests", json={"quantity": 3}, headers=headers
    )
    assert too_many.status_code == 422
    assert "quantity" in too_many.json()["extra"]["fields"]
    zero = await client.post(
        f"/api/v1/offers/{offer.id}/requests", json={"quantity": 0}, headers=headers
    )
    assert zero.status_code == 422
    assert await OfferRequest.count() == 0


async def test_no_request_on_ones_own_or_a_withdrawn_offer(client):
    owner = await member(client, "0182")
    offer = await make_offer(owner)
    own = await client.post(
        f"/api/v1/offers/{offer.id}/requests",
        json={"quantity": 1},
        headers=await csrf_headers(client),
    )
    assert own.status_code == 409
    await client.post(
        f"/api/v1/offers/{offer.id}/status",
        json={"to": "withdrawn"},
        headers=await csrf_headers(client),
    )
    await member(client, "0138")
    withdrawn = await client.post(
        f"/api/v1/offers/{offer.id}/requests",
        json={"quantity": 1},
        headers=await csrf_headers(client),
    )
    assert withdrawn.status_code == 404  # withdrawn offers are no longer shown to others


async def test_list_sorted_by_distance_and_near_filter(client):
    nacka = await make_user(organisation="0182")
    norrtalje = await make_user(organisation="0188")
    sodertalje = await make_user(organisation="0181")
    await make_offer(nacka, title="Hylla i Nacka")
    await make_offer(norrtalje, title="Hylla i Norrtälje")
    await make_offer(sodertalje, title="Hylla i Södertälje")
    await member(client, "0138")  # Tyresö
    nearest = await client.get("/api/v1/offers", params={"sort": "distance"})
    items = nearest.json()["items"]
    assert [i["title"] for i in items] == [
        "Hylla i Nacka",
        "Hylla i Södertälje",
        "Hylla i Norrtälje",
    ]
    assert items[0]["distance_km"] < items[1]["distance_km"] < items[2]["distance_km"]
    near = await client.get("/api/v1/offers", params={"near": "0138", "within_km": 20})
    assert [i["title"] for i in near.json()["items"]] == ["Hylla i Nacka"]
    unknown = await client.get("/api/v1/offers", params={"near": "9999"})
    assert unknown.status_code == 422


async def test_list_facets_and_search(client):
    nacka = await make_user(organisation="0182")
    await make_offer(
        nacka, title="Depå med arabiska barnböcker", category="collection", quantity=200
    )
    await make_offer(nacka, title="Upphandlingskunskap om e-medier", category="competence")
    response = await client.get(
        "/api/v1/offers", params={"category": "collection", "facets": "true"}
    )
    body = response.json()
    assert [i["title"] for i in body["items"]] == ["Depå med arabiska barnböcker"]
    categories = {
        v["value"]: v["count"]
        for v in next(f for f in body["facets"] if f["name"] == "category")["values"]
    }
    assert categories == {"collection": 1, "competence": 1}
    found = await client.get("/api/v1/offers", params={"q": "upphandling"})
    assert [i["title"] for i in found.json()["items"]] == ["Upphandlingskunskap om e-medier"]


async def test_expired_offers_leave_the_lists(client):
    from portal.offers import services

    owner = await make_user(organisation="0182")
    offer = await make_offer(owner, available_until=(date.today() + timedelta(days=1)).isoformat())
    assert (await client.get("/api/v1/offers")).json()["total"] == 1
    expired = await services.expire_due_offers(today=date.today() + timedelta(days=2))
    assert expired == 1
    row = (
        await ResourceOffer.select(ResourceOffer.status).where(ResourceOffer.id == offer.id).first()
    )
    assert row["status"] == "expired"
    assert (await client.get("/api/v1/offers")).json()["total"] == 0


async def test_coordinator_may_answer_for_any_organisation_in_the_county(client):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner)
    requester = await make_user(organisation="0138")
    await sign_in(client, requester)
    created = await client.post(
        f"/api/v1/offers/{offer.id}/requests",
        json={"quantity": 1},
        headers=await csrf_headers(client),
    )
    coordinator = await make_user(organisation="01", roles=(Role.coordinator,))
    await sign_in(client, coordinator)
    declined = await client.post(
        f"/api/v1/offer-requests/{created.json()['id']}/decline",
        headers=await csrf_headers(client),
    )
    assert declined.json()["status"] == "declined"
