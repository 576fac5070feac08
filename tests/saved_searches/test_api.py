"""The saved-search API: save, list, change, delete; refusals store nothing; one person's
searches are invisible to everyone else."""

from __future__ import annotations

import pytest

from portal.accounts.roles import Role
from portal.saved_searches import services
from tests.factories import csrf_headers, make_user, sign_in
from tests.saved_searches.helpers import audit_actions, save_search, stored_searches

pytestmark = pytest.mark.usefixtures("db")

URL = "/api/v1/saved-searches"


async def test_saving_a_search_stores_its_canonical_filters(client):
    user = await make_user(organisation="0180")
    await sign_in(client, user)
    response = await client.post(
        URL,
        json={
            "name": "  Somaliska   barnböcker ",
            "list": "needs",
            "query": "?status=open&language=som&page=3&language=som",
            "frequency": "weekly",
        },
        headers=await csrf_headers(client),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == "Somaliska barnböcker"
    assert body["list"] == "needs"
    # The list's own order of filters, no page number, no repeated value.
    assert body["query"] == "language=som&status=open"
    assert body["url"] == "/behov?language=som&status=open"
    assert body["frequency"] == "weekly"
    assert body["alerts"] is True

    [row] = await stored_searches(user)
    assert (row["id"], row["name"], row["list_name"], row["query"], row["frequency"]) == (
        body["id"],
        "Somaliska barnböcker",
        "needs",
        "language=som&status=open",
        "weekly",
    )
    assert await audit_actions(body["id"]) == ["saved_search.create"]

    listed = await client.get(URL)
    assert listed.status_code == 200
    assert [s["id"] for s in listed.json()] == [body["id"]]
    one = await client.get(f"{URL}/{body['id']}")
    assert one.json() == body


async def test_every_list_can_be_saved_but_only_needs_and_offers_alert(client):
    user = await make_user(organisation="0180")
    await sign_in(client, user)
    headers = await csrf_headers(client)
    cases = {
        "offers": ("category=equipment&terms=free", "/erbjudanden?category=equipment&terms=free"),
        "experts": ("level=good&language=ara", "/experter?language=ara&level=good"),
        "procurements": ("phase=interest&mine=true", "/upphandlingar?phase=interest&mine=true"),
    }
    for list_name, (query, url) in cases.items():
        response = await client.post(
            URL,
            json={"name": list_name, "list": list_name, "query": query},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        assert response.json()["url"] == url
        assert response.json()["alerts"] is (list_name == "offers")
    assert len(await stored_searches(user)) == 3


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "", "list": "needs", "query": "language=som"}, "name", "Får inte vara tomt."),
        ({"name": "   ", "list": "needs", "query": ""}, "name", "Ge sökningen ett namn."),
        ({"name": "x" * 101, "list": "needs", "query": ""}, "name", "Får vara högst 100 tecken."),
        ({"name": "Katter", "list": "cats", "query": ""}, "list", "Ogiltigt val: cats."),
        (
            {"name": "Fel status", "list": "needs", "query": "status=bogus"},
            "query",
            "Filtret ”status”: Ogiltigt val: bogus.",
        ),
        (
            {"name": "Fel datum", "list": "needs", "query": "deadline_before=31/12/2030"},
            "query",
            "Filtret ”deadline_before”: Ange ett datum som ÅÅÅÅ-MM-DD.",
        ),
        (
            {"name": "Fel sida", "list": "offers", "query": "page_size=500"},
            "query",
            "Filtret ”page_size”: Får vara högst 100.",
        ),
        (
            {"name": "Okänt", "list": "offers", "query": "colour=red"},
            "query",
            "Okänt filter: colour.",
        ),
        (
            {"name": "Avstånd", "list": "needs", "query": "within_km=5000"},
            "query",
            "Filtret ”within_km”: Ange ett tal mellan 0 och 1000.",
        ),
        (
            {"name": "Fel takt", "list": "needs", "query": "", "frequency": "hourly"},
            "frequency",
            "Ogiltigt val: hourly.",
        ),
    ],
)
async def test_refusals_say_why_per_field_and_store_nothing(client, payload, field, message):
    user = await make_user(organisation="0180")
    await sign_in(client, user)
    response = await client.post(URL, json=payload, headers=await csrf_headers(client))
    assert response.status_code == 422, response.text
    assert response.json()["extra"]["fields"] == {field: message}
    assert await stored_searches(user) == []


async def test_names_are_unique_per_person_and_the_number_is_limited(client, monkeypatch):
    user = await make_user(organisation="0180")
    other = await make_user(organisation="0180")
    await save_search(user, "language=som", name="Somaliska")
    await save_search(other, "language=som", name="Somaliska")  # another person may
    await sign_in(client, user)
    headers = await csrf_headers(client)

    twin = await client.post(
        URL, json={"name": "Somaliska", "list": "needs", "query": ""}, headers=headers
    )
    assert twin.status_code == 422
    assert twin.json()["extra"]["fields"] == {
        "name": "Du har redan en sparad sökning med det namnet."
    }

    monkeypatch.setattr(services, "MAX_PER_USER", 2)
    second = await client.post(
        URL, json={"name": "Arabiska", "list": "needs", "query": "language=ara"}, headers=headers
    )
    assert second.status_code == 201
    third = await client.post(
        URL, json={"name": "Persiska", "list": "needs", "query": "language=per"}, headers=headers
    )
    assert third.status_code == 422
    assert "högst 2 sökningar" in third.json()["detail"]
    assert [r["name"] for r in await stored_searches(user)] == ["Somaliska", "Arabiska"]


async def test_changing_and_deleting(client):
    user = await make_user(organisation="0180")
    search = await save_search(user, "language=som", name="Somaliska")
    await sign_in(client, user)
    headers = await csrf_headers(client)

    changed = await client.patch(
        f"{URL}/{search.id}",
        json={"name": "Somaliska i länet", "frequency": "immediately"},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Somaliska i länet"
    assert changed.json()["frequency"] == "immediately"
    assert changed.json()["query"] == "language=som"

    refused = await client.patch(f"{URL}/{search.id}", json={"name": ""}, headers=headers)
    assert refused.status_code == 422
    [row] = await stored_searches(user)
    assert (row["name"], row["frequency"]) == ("Somaliska i länet", "immediately")

    deleted = await client.delete(f"{URL}/{search.id}", headers=headers)
    assert deleted.status_code == 204
    assert await stored_searches(user) == []
    assert await audit_actions(search.id) == [
        "saved_search.create",
        "saved_search.update",
        "saved_search.delete",
    ]
    gone = await client.get(f"{URL}/{search.id}")
    assert gone.status_code == 404


async def test_another_person_can_neither_see_change_nor_delete_my_search(client):
    owner = await make_user(organisation="0180")
    # Even a coordinator and an admin of the same county are "not found".
    for roles in ((Role.member,), (Role.coordinator, Role.member), (Role.admin,)):
        other = await make_user(organisation="0180", roles=roles)
        search = await save_search(owner, "language=som", name=f"Somaliska {roles[0]}")
        await sign_in(client, other)
        headers = await csrf_headers(client)

        assert (await client.get(URL)).json() == []
        assert (await client.get(f"{URL}/{search.id}")).status_code == 404
        patched = await client.patch(
            f"{URL}/{search.id}", json={"name": "Mitt nu"}, headers=headers
        )
        assert patched.status_code == 404
        deleted = await client.delete(f"{URL}/{search.id}", headers=headers)
        assert deleted.status_code == 404

        row = next(r for r in await stored_searches(owner) if r["id"] == search.id)
        assert row["name"] == f"Somaliska {roles[0]}"


async def test_signing_in_and_the_csrf_token_are_required(client):
    anonymous = await client.get(URL)
    assert anonymous.status_code == 401

    user = await make_user(organisation="0180")
    await sign_in(client, user)
    no_token = await client.post(URL, json={"name": "Somaliska", "list": "needs", "query": ""})
    assert no_token.status_code == 403
    assert await stored_searches(user) == []


async def test_openapi_lists_the_status_codes(client):
    schema = (await client.get("/schema/openapi.json")).json()
    collection = schema["paths"]["/api/v1/saved-searches"]
    one = schema["paths"]["/api/v1/saved-searches/{search_id}"]
    assert {"200", "401"} <= set(collection["get"]["responses"])
    assert {"201", "401", "403", "422"} <= set(collection["post"]["responses"])
    assert {"200", "401", "404", "422"} <= set(one["patch"]["responses"])
    assert {"204", "401", "404"} <= set(one["delete"]["responses"])
