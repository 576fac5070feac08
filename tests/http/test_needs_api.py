from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.needs.tables import Need
from tests.factories import csrf_headers, make_need, make_user, need_payload, sign_in


async def signed_in_member(client, organisation="0127", roles=(Role.member,)):
    user = await make_user(organisation=organisation, roles=roles)
    await sign_in(client, user)
    return user


async def test_member_posts_a_need_and_gets_it_back(client):
    user = await signed_in_member(client)
    response = await client.post(
        "/api/v1/needs", json=need_payload(), headers=await csrf_headers(client)
    )
    assert response.status_code == 201, response.text
    need = response.json()
    assert need["id"] > 0
    assert need["status"] == "open"
    assert need["organisation"]["code"] == "0127"
    assert need["municipality_code"] == "0127"
    assert need["required_languages"] == [{"code": "som", "level": "fluent"}]
    assert need["contact"]["email"] == user.email
    assert "cancelled" in need["allowed_transitions"]

    fetched = await client.get(f"/api/v1/needs/{need['id']}")
    assert fetched.json()["title"] == "Somaliska barnböcker att katalogisera"
    audit = await AuditEvent.select().where(
        AuditEvent.entity_type == "need", AuditEvent.entity_id == str(need["id"])
    )
    assert [row["action"] for row in audit] == ["need.create"]


async def test_visitors_see_open_needs_without_personal_data(client):
    owner = await make_user(organisation="0181")
    need = await make_need(owner)
    response = await client.get(f"/api/v1/needs/{need.id}")
    assert response.status_code == 200
    assert response.json()["contact"] is None
    assert owner.email not in response.text
    assert response.json()["allowed_transitions"] == []


async def test_drafts_are_seen_only_by_their_organisation(client):
    owner = await make_user(organisation="0181")
    draft = await make_need(owner, status="draft")
    assert (await client.get(f"/api/v1/needs/{draft.id}")).status_code == 404
    await signed_in_member(client, organisation="0127")
    assert (await client.get(f"/api/v1/needs/{draft.id}")).status_code == 404
    listed = await client.get("/api/v1/needs", params={"status": "draft"})
    assert listed.json()["total"] == 0


async def test_library_staff_see_drafts_of_their_own_library_only(client):
    owner = await make_user(organisation="0180")
    draft = await make_need(owner, status="draft")
    coordinator = await make_user(organisation="01", roles=(Role.coordinator,))
    await sign_in(client, coordinator)
    assert (await client.get(f"/api/v1/needs/{draft.id}")).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"deadline": (date.today() - timedelta(days=1)).isoformat()}, "deadline"),
        ({"estimated_hours": 0}, "estimated_hours"),
        ({"estimated_hours": 1_000_000}, "estimated_hours"),
        ({"required_languages": [{"code": "xxx", "level": "good"}]}, "required_languages"),
        (
            {"required_languages": [{"code": "som", "level": "expert"}]},
            "required_languages[0].level",
        ),
        ({"required_scripts": ["Klingon"]}, "required_scripts"),
        ({"required_skills": ["juggling"]}, "required_skills"),
        ({"title": "x" * 201}, "title"),
        ({"title": ""}, "title"),
        ({"remote": False}, "library"),
        ({"library": "0180-stadsbiblioteket-finns-inte"}, "library"),
        ({"unknown_field": 1}, "unknown_field"),
    ],
)
async def test_bad_input_is_422_naming_the_field_and_stores_nothing(client, overrides, field):
    await signed_in_member(client)
    before = await Need.count()
    response = await client.post(
        "/api/v1/needs", json=need_payload(**overrides), headers=await csrf_headers(client)
    )
    assert response.status_code == 422, response.text
    assert field in response.json()["extra"]["fields"], response.json()
    assert await Need.count() == before


async def test_onsite_need_names_a_library_of_its_municipality(client):
    from tests.factories import make_library

    library = await make_library("0127", "onsite-test")
    await signed_in_member(client, organisation="0127")
    response = await client.post(
        "/api/v1/needs",
        json=need_payload(remote=False, library=library),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 201, response.text
    assert response.json()["library"] == library
    elsewhere = await make_library("0180", "elsewhere")
    refused = await client.post(
        "/api/v1/needs",
        json=need_payload(remote=False, library=elsewhere),
        headers=await csrf_headers(client),
    )
    assert refused.status_code == 422


async def test_visitor_cannot_post(client):
    response = await client.post("/api/v1/needs", json=need_payload())
    assert response.status_code in (401, 403)


async def test_expert_without_membership_cannot_post(client):
    await signed_in_member(client, roles=(Role.expert,))
    response = await client.post(
        "/api/v1/needs", json=need_payload(), headers=await csrf_headers(client)
    )
    assert response.status_code == 403


async def test_member_of_another_municipality_cannot_change_a_need(client):
    owner = await make_user(organisation="0181")
    need = await make_need(owner)
    await signed_in_member(client, organisation="0127")
    headers = await csrf_headers(client)
    patched = await client.patch(
        f"/api/v1/needs/{need.id}", json={"title": "Kapad"}, headers=headers
    )
    assert patched.status_code == 403
    moved = await client.post(
        f"/api/v1/needs/{need.id}/status", json={"to": "cancelled"}, headers=headers
    )
    assert moved.status_code == 403
    row = await Need.select(Need.title, Need.status).where(Need.id == need.id).first()
    assert row == {"title": need.title, "status": "open"}


async def test_coordinator_of_the_county_may_change_any_need(client):
    owner = await make_user(organisation="0181")
    need = await make_need(owner)
    coordinator = await make_user(organisation="01", roles=(Role.coordinator,))
    await sign_in(client, coordinator)
    response = await client.patch(
        f"/api/v1/needs/{need.id}",
        json={"estimated_hours": 20, "required_skills": ["marc21", "rda"]},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 200, response.text
    assert response.json()["estimated_hours"] == 20
    assert response.json()["required_skills"] == ["marc21", "rda"]
    assert response.json()["version"] == need.version + 1


async def test_patch_with_a_stale_version_is_a_409_with_the_current_state(client):
    user = await signed_in_member(client)
    need = await make_need(user)
    headers = await csrf_headers(client)
    first = await client.patch(
        f"/api/v1/needs/{need.id}",
        json={"title": "Ny titel", "version": need.version},
        headers=headers,
    )
    assert first.status_code == 200
    stale = await client.patch(
        f"/api/v1/needs/{need.id}",
        json={"title": "Annan titel", "version": need.version},
        headers=headers,
    )
    assert stale.status_code == 409
    assert stale.json()["extra"]["current"]["title"] == "Ny titel"


async def test_disallowed_transition_is_a_409_naming_the_allowed_ones(client):
    user = await signed_in_member(client)
    need = await make_need(user)
    headers = await csrf_headers(client)
    response = await client.post(
        f"/api/v1/needs/{need.id}/status", json={"to": "done"}, headers=headers
    )
    assert response.status_code == 409
    assert set(response.json()["extra"]["allowed"]) == {"draft", "matched", "cancelled"}
    assert "matched" in response.json()["detail"]
    ok = await client.post(
        f"/api/v1/needs/{need.id}/status",
        json={"to": "cancelled", "comment": "Löst lokalt"},
        headers=headers,
    )
    assert ok.status_code == 200
    assert ok.json()["status"] == "cancelled"
    assert ok.json()["allowed_transitions"] == []


async def test_list_filters_by_language_with_facet_counts(client):
    owner = await make_user(organisation="0127")
    other = await make_user(organisation="0184")
    await make_need(owner)  # Somali
    await make_need(
        owner,
        title="Arabiska romaner",
        required_languages=[{"code": "ara", "level": "good"}],
        required_scripts=["Arab"],
    )
    await make_need(
        other,
        title="Arabiska och somaliska",
        required_languages=[{"code": "ara", "level": "good"}, {"code": "som", "level": "basic"}],
    )

    response = await client.get("/api/v1/needs", params={"language": "som", "facets": "true"})
    body = response.json()
    assert body["total"] == 2
    assert {item["title"] for item in body["items"]} == {
        "Somaliska barnböcker att katalogisera",
        "Arabiska och somaliska",
    }
    languages = {
        v["value"]: v for v in next(f for f in body["facets"] if f["name"] == "language")["values"]
    }
    # The language facet ignores its own filter, so Arabic still shows its count.
    assert languages["ara"]["count"] == 2 and not languages["ara"]["selected"]
    assert languages["som"]["count"] == 2 and languages["som"]["selected"]
    assert languages["som"]["label"] == "Somaliska"
    municipalities = {
        v["value"]: v["count"]
        for v in next(f for f in body["facets"] if f["name"] == "municipality")["values"]
    }
    assert municipalities == {"0127": 1, "0184": 1}

    both = await client.get("/api/v1/needs", params=[("language", "som"), ("language", "ara")])
    assert both.json()["total"] == 3
    narrowed = await client.get(
        "/api/v1/needs", params=[("language", "ara"), ("municipality", "0184")]
    )
    assert narrowed.json()["total"] == 1


async def test_swedish_full_text_search_stems(client):
    owner = await make_user()
    await make_need(
        owner,
        title="Biblioteket katalogiserar persiska romaner",
        required_languages=[{"code": "per", "level": "good"}],
    )
    await make_need(
        owner,
        title="Ljudböcker på polska",
        description="Inget om det andra.",
        required_languages=[{"code": "pol", "level": "good"}],
    )
    response = await client.get("/api/v1/needs", params={"q": "katalogisering"})
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == ["Biblioteket katalogiserar persiska romaner"]
    relevance = await client.get("/api/v1/needs", params={"q": "romaner", "sort": "relevance"})
    assert relevance.json()["total"] == 1


async def test_pagination(client):
    owner = await make_user()
    for n in range(5):
        await make_need(owner, title=f"Behov {n}")
    first = await client.get("/api/v1/needs", params={"page_size": 2, "sort": "newest"})
    assert first.json()["total"] == 5
    assert first.json()["page_size"] == 2
    assert [i["title"] for i in first.json()["items"]] == ["Behov 4", "Behov 3"]
    last = await client.get("/api/v1/needs", params={"page_size": 2, "page": 3, "sort": "newest"})
    assert [i["title"] for i in last.json()["items"]] == ["Behov 0"]


async def test_bad_filter_values_are_400(client):
    response = await client.get("/api/v1/needs", params={"status": "sleeping"})
    assert response.status_code == 400
    response = await client.get("/api/v1/needs", params={"page_size": 1000})
    assert response.status_code == 400


async def test_resource_needs_name_a_category_and_quantity(client):
    await signed_in_member(client, organisation="0138")
    headers = await csrf_headers(client)
    payload = {
        "kind": "resource",
        "title": "Bokvagnar till nya filialen",
        "description": "Vi öppnar ett meröppet bibliotek och behöver vagnar.",
        "category": "equipment",
        "quantity": 4,
        "unit": "st",
    }
    created = await client.post("/api/v1/needs", json=payload, headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["kind"], body["category"], body["quantity"]) == ("resource", "equipment", 4)

    missing = await client.post(
        "/api/v1/needs", json={**payload, "category": None}, headers=headers
    )
    assert missing.status_code == 422
    assert "category" in missing.json()["extra"]["fields"]
    mixed = await client.post(
        "/api/v1/needs",
        json={**payload, "required_languages": [{"code": "som", "level": "good"}]},
        headers=headers,
    )
    assert mixed.status_code == 422
    wrong_kind = await client.post(
        "/api/v1/needs", json=need_payload(category="equipment"), headers=headers
    )
    assert wrong_kind.status_code == 422

    listed = await client.get("/api/v1/needs", params={"kind": "resource", "facets": "true"})
    assert [i["title"] for i in listed.json()["items"]] == ["Bokvagnar till nya filialen"]
    categories = next(f for f in listed.json()["facets"] if f["name"] == "category")
    assert categories["values"][0]["value"] == "equipment"
    cataloguing = await client.get("/api/v1/needs")
    assert cataloguing.json()["total"] == 0


async def test_resource_needs_sorted_by_distance(client):
    for code, title in (("0188", "Behov i Norrtälje"), ("0182", "Behov i Nacka")):
        owner = await make_user(organisation=code)
        await make_need(
            owner,
            kind="resource",
            title=title,
            category="space",
            quantity=1,
            required_languages=[],
            required_scripts=[],
            required_skills=[],
            wished_skills=[],
            material_type=None,
            titles_count=None,
        )
    await signed_in_member(client, organisation="0138")
    response = await client.get("/api/v1/needs", params={"kind": "resource", "sort": "distance"})
    titles = [i["title"] for i in response.json()["items"]]
    assert titles == ["Behov i Nacka", "Behov i Norrtälje"]
    near = await client.get(
        "/api/v1/needs", params={"kind": "resource", "near": "0138", "within_km": 20}
    )
    assert [i["title"] for i in near.json()["items"]] == ["Behov i Nacka"]
