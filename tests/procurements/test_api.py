"""The JSON API of joint procurements: create, read, patch, phases, visibility, lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.procurements.phases import Phase
from portal.procurements.tables import PhaseChange, Procurement, ProcurementLot
from tests.factories import csrf_headers, make_user, sign_in
from tests.procurements.factories import (
    make_coordinator,
    make_procurement,
    participate,
    procurement_payload,
)


async def signed_in(client, organisation="01", roles=(Role.coordinator, Role.member)):
    user = await make_user(organisation=organisation, roles=roles)
    await sign_in(client, user)
    return user


async def test_coordinator_creates_a_procurement_with_lots(client):
    await signed_in(client)
    response = await client.post(
        "/api/v1/procurements", json=procurement_payload(), headers=await csrf_headers(client)
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] > 0
    assert body["phase"] == "idea"
    assert body["lead"]["code"] == "01"
    assert [lot["title"] for lot in body["lots"]] == [
        "E-böcker för vuxna",
        "E-böcker för barn och unga",
    ]
    assert all(isinstance(lot["id"], int) for lot in body["lots"])
    assert body["allowed_transitions"] == ["interest", "cancelled"]
    audit = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.entity_type == "procurement", AuditEvent.entity_id == str(body["id"])
    )
    assert [row["action"] for row in audit] == ["procurement.create"]
    timeline = await client.get(f"/api/v1/procurements/{body['id']}/timeline")
    assert [(t["from_phase"], t["to_phase"]) for t in timeline.json()] == [(None, "idea")]


async def test_without_lots_the_whole_procurement_is_one_lot(client):
    await signed_in(client)
    response = await client.post(
        "/api/v1/procurements",
        json=procurement_payload(lots=[], title="Bibliotekssystem"),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 201, response.text
    assert [lot["title"] for lot in response.json()["lots"]] == ["Bibliotekssystem"]


async def test_members_and_visitors_cannot_create(client):
    assert (await client.post("/api/v1/procurements", json=procurement_payload())).status_code in (
        401,
        403,
    )
    await signed_in(client, organisation="0184", roles=(Role.member,))
    response = await client.post(
        "/api/v1/procurements", json=procurement_payload(), headers=await csrf_headers(client)
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {
                "interest_deadline": (date.today() + timedelta(days=200)).isoformat(),
                "tender_publication": None,
            },
            "tender_deadline",
        ),
        ({"contract_start": "2029-01-01", "contract_end": "2028-12-31"}, "contract_end"),
        ({"contract_start": "2029-01-01", "contract_end": "2029-01-01"}, "contract_end"),
        ({"cpv_codes": ["99999999-9"]}, "cpv_codes"),
        ({"cpv_codes": ["22113000"]}, "cpv_codes[0]"),
        ({"lots": [{"title": "Ett", "cpv_code": "12345678-1"}]}, "lots[0].cpv_code"),
        ({"lots": [{"title": ""}]}, "lots[0].title"),
        ({"category": "weapons"}, "category"),
        ({"extension_years": 11}, "extension_years"),
        ({"title": ""}, "title"),
        ({"lead": "9999"}, "lead"),
        ({"surprise": True}, "surprise"),
    ],
)
async def test_bad_input_is_422_naming_the_field_and_stores_nothing(client, overrides, field):
    await signed_in(client)
    before = await Procurement.count()
    response = await client.post(
        "/api/v1/procurements",
        json=procurement_payload(**overrides),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 422, response.text
    assert field in response.json()["extra"]["fields"], response.json()
    assert await Procurement.count() == before


async def test_ideas_are_for_coordinators_and_the_rest_is_public(client):
    idea = await make_procurement(phase=Phase.idea)
    public = await make_procurement(phase=Phase.interest, title="RFID-utrustning")
    assert (await client.get(f"/api/v1/procurements/{idea.id}")).status_code == 404
    seen = await client.get(f"/api/v1/procurements/{public.id}")
    assert seen.status_code == 200
    assert seen.json()["participant_count"] is None
    assert seen.json()["allowed_transitions"] == []
    listed = await client.get("/api/v1/procurements")
    ids = {item["id"] for item in listed.json()["items"]}
    assert public.id in ids and idea.id not in ids
    assert (await client.get(f"/api/v1/procurements/{public.id}/participations")).status_code in (
        401,
        403,
    )

    await signed_in(client, organisation="0184", roles=(Role.member,))
    assert (await client.get(f"/api/v1/procurements/{idea.id}")).status_code == 404
    assert (await client.get(f"/api/v1/procurements/{public.id}")).json()["participant_count"] == 0


async def test_coordinator_sees_ideas(client):
    idea = await make_procurement(phase=Phase.idea)
    await signed_in(client)
    assert (await client.get(f"/api/v1/procurements/{idea.id}")).status_code == 200
    listed = await client.get("/api/v1/procurements", params={"phase": "idea"})
    assert idea.id in {item["id"] for item in listed.json()["items"]}


async def test_phases_move_with_a_comment_and_a_timeline(client):
    procurement = await make_procurement(phase=Phase.idea)
    await signed_in(client)
    headers = await csrf_headers(client)
    url = f"/api/v1/procurements/{procurement.id}/transition"
    skipped = await client.post(url, json={"to": "tendering", "comment": "Hoppa"}, headers=headers)
    assert skipped.status_code == 409
    assert skipped.json()["extra"]["allowed"] == ["interest", "cancelled"]
    assert "interest" in skipped.json()["detail"]
    silent = await client.post(url, json={"to": "interest"}, headers=headers)
    assert silent.status_code == 422
    assert "comment" in silent.json()["extra"]["fields"]
    moved = await client.post(
        url, json={"to": "interest", "comment": "Styrgruppen sa ja"}, headers=headers
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["phase"] == "interest"
    assert moved.json()["version"] == procurement.version + 1
    timeline = (await client.get(f"/api/v1/procurements/{procurement.id}/timeline")).json()
    assert [t["to_phase"] for t in timeline] == ["idea", "interest"]
    assert timeline[-1]["comment"] == "Styrgruppen sa ja"
    assert timeline[-1]["actor"]
    audit = (
        await AuditEvent.select(AuditEvent.changes)
        .where(
            AuditEvent.action == "procurement.phase", AuditEvent.entity_id == str(procurement.id)
        )
        .output(load_json=True)
    )
    assert audit[-1]["changes"]["phase"] == ["idea", "interest"]


async def test_cancelled_from_any_phase_before_closed_and_nothing_after(client):
    procurement = await make_procurement(phase=Phase.contract_active)
    await signed_in(client)
    headers = await csrf_headers(client)
    url = f"/api/v1/procurements/{procurement.id}/transition"
    ok = await client.post(url, json={"to": "cancelled", "comment": "Avbruten"}, headers=headers)
    assert ok.status_code == 200
    again = await client.post(url, json={"to": "closed", "comment": "Nej"}, headers=headers)
    assert again.status_code == 409
    assert again.json()["extra"]["allowed"] == []


async def test_only_coordinators_move_a_procurement(client):
    procurement = await make_procurement(phase=Phase.interest)
    await signed_in(client, organisation="0184", roles=(Role.member,))
    response = await client.post(
        f"/api/v1/procurements/{procurement.id}/transition",
        json={"to": "preparation", "comment": "Jag vill"},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 403
    row = await Procurement.select(Procurement.phase).where(Procurement.id == procurement.id)
    assert row[0]["phase"] == "interest"
    assert await PhaseChange.count().where(PhaseChange.procurement == procurement.id) == 2


async def test_coordinator_of_another_county_cannot_move(client):
    from portal.organisations.tables import Organisation

    await Organisation(
        code="03", name="Region Uppsala", kind="region", county_code="03", municipality_code=None
    ).save()
    procurement = await make_procurement(phase=Phase.interest)
    await signed_in(client, organisation="03")
    response = await client.post(
        f"/api/v1/procurements/{procurement.id}/transition",
        json={"to": "preparation", "comment": "Fel län"},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 403


async def test_patch_changes_fields_and_lots_with_a_version_check(client):
    procurement = await make_procurement(phase=Phase.interest)
    await signed_in(client)
    headers = await csrf_headers(client)
    url = f"/api/v1/procurements/{procurement.id}"
    first, second = procurement.lots
    response = await client.patch(
        url,
        json={
            "title": "E-medier 2028",
            "lots": [
                {"id": second.id, "title": "Barn och unga"},
                {"title": "E-ljudböcker", "cpv_code": "79980000-7"},
            ],
            "version": procurement.version,
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == "E-medier 2028"
    assert [(lot["title"], lot["position"]) for lot in body["lots"]] == [
        ("Barn och unga", 1),
        ("E-ljudböcker", 2),
    ]
    assert body["lots"][0]["id"] == second.id
    assert not await ProcurementLot.exists().where(ProcurementLot.id == first.id)

    stale = await client.patch(
        url, json={"title": "Annan", "version": procurement.version}, headers=headers
    )
    assert stale.status_code == 409
    assert stale.json()["extra"]["current"]["title"] == "E-medier 2028"

    order = await client.patch(url, json={"contract_end": "2027-01-01"}, headers=headers)
    assert order.status_code == 422
    assert "contract_end" in order.json()["extra"]["fields"]


async def test_a_lot_with_volumes_cannot_be_removed(client):
    procurement = await make_procurement(phase=Phase.interest)
    member = await make_user(organisation="0184")
    await participate(member, procurement, "0184", "interested", 100_000, 0)
    await signed_in(client)
    response = await client.patch(
        f"/api/v1/procurements/{procurement.id}",
        json={"lots": [{"id": procurement.lots[1].id, "title": "Bara barn"}]},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 409
    assert procurement.lots[0].title in response.json()["detail"]


async def test_list_filters_facets_and_swedish_search(client):
    coordinator = await make_coordinator()
    ebooks = await make_procurement(coordinator)
    system = await make_procurement(
        coordinator,
        title="Nytt bibliotekssystem för länet",
        description="Upphandling av ett gemensamt bibliotekssystem.",
        category="library_system",
        cpv_codes=["48161000-4"],
        lots=[],
        interest_deadline=(date.today() + timedelta(days=200)).isoformat(),
        tender_publication=None,
        tender_deadline=None,
    )
    member = await make_user(organisation="0183")
    await participate(member, system, "0183", "interested", 10_000)

    by_category = await client.get(
        "/api/v1/procurements", params={"category": "library_system", "facets": "true"}
    )
    body = by_category.json()
    assert [item["id"] for item in body["items"]] == [system.id]
    categories = {
        v["value"]: v["count"]
        for v in next(f for f in body["facets"] if f["name"] == "category")["values"]
    }
    assert categories["e_media"] >= 1 and categories["library_system"] >= 1
    cpv = next(f for f in body["facets"] if f["name"] == "cpv")
    assert any(v["label"] == "Bibliotekssystem" for v in cpv["values"])

    by_cpv = await client.get("/api/v1/procurements", params={"cpv": "48161000-4"})
    assert {item["id"] for item in by_cpv.json()["items"]} == {system.id}
    soon = await client.get("/api/v1/procurements", params={"deadline_within": "45"})
    ids = {item["id"] for item in soon.json()["items"]}
    assert ebooks.id in ids and system.id not in ids
    searched = await client.get("/api/v1/procurements", params={"q": "bibliotekssystem"})
    assert [item["id"] for item in searched.json()["items"]] == [system.id]

    await sign_in(client, member)
    mine = await client.get("/api/v1/procurements", params={"mine": "true"})
    assert [item["id"] for item in mine.json()["items"]] == [system.id]
    bad = await client.get("/api/v1/procurements", params={"deadline_within": "soon"})
    assert bad.status_code == 400


async def test_openapi_documents_the_procurement_routes(client):
    spec = (await client.get("/schema/openapi.json")).json()
    transition = spec["paths"]["/api/v1/procurements/{procurement_id}/transition"]["post"]
    assert {"403", "409", "422"} <= set(transition["responses"])
    put = spec["paths"]["/api/v1/procurements/{procurement_id}/participations/{organisation_code}"][
        "put"
    ]
    assert {"403", "409", "422"} <= set(put["responses"])
