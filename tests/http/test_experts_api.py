from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.experts.tables import ExpertProfile
from tests.factories import csrf_headers, expert_payload, make_expert, make_user, sign_in


async def signed_in(client, organisation="0180", roles=(Role.expert,)):
    user = await make_user(organisation=organisation, roles=roles)
    await sign_in(client, user)
    return user


async def put_own(client, **overrides):
    return await client.put(
        "/api/v1/experts/me", json=expert_payload(**overrides), headers=await csrf_headers(client)
    )


async def stored(profile_id: int) -> dict:
    return await ExpertProfile.select().where(ExpertProfile.id == profile_id).first()


async def test_expert_creates_then_replaces_own_profile(client):
    user = await signed_in(client)
    created = await put_own(client)
    assert created.status_code == 201, created.text
    profile = created.json()
    assert profile["id"] > 0
    assert profile["languages"] == [
        {"code": "som", "level": "native"},
        {"code": "ara", "level": "good"},
    ]
    assert profile["municipality"] == "0180"
    assert profile["municipality_name"] == "Stockholm kommun"
    assert profile["email"] == user.email
    assert profile["own"] and profile["editable"] and not profile["public_view"]

    replaced = await put_own(
        client,
        headline="Katalogiserar tigrinska",
        languages=[{"code": "tir", "level": "fluent"}],
        onsite=True,
        travel_km=30,
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["id"] == profile["id"]
    row = await stored(profile["id"])
    assert row["headline"] == "Katalogiserar tigrinska"
    assert row["language_codes"] == ["tir"]
    assert row["travel_km"] == 30
    assert await ExpertProfile.count().where(ExpertProfile.user == user.id) == 1

    audit = (
        await AuditEvent.select()
        .where(
            AuditEvent.entity_type == "expert_profile", AuditEvent.entity_id == str(profile["id"])
        )
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [row["action"] for row in audit] == [
        "expert_profile.create",
        "expert_profile.update",
    ]
    assert audit[1]["changes"]["headline"] == [profile["headline"], "Katalogiserar tigrinska"]


async def test_travel_radius_is_kept_only_for_onsite_work(client):
    await signed_in(client)
    response = await put_own(client, remote=True, onsite=False, travel_km=50)
    assert response.json()["travel_km"] == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"languages": [{"code": "xxx", "level": "good"}]}, "languages"),
        ({"languages": [{"code": "som", "level": "expert"}]}, "languages[0].level"),
        (
            {"languages": [{"code": "som", "level": "good"}, {"code": "som", "level": "basic"}]},
            "languages",
        ),
        ({"scripts": ["Klingon"]}, "scripts"),
        ({"skills": ["juggling"]}, "skills"),
        ({"material_types": ["scrolls"]}, "material_types"),
        ({"capacity_hours_per_week": 0}, "capacity_hours_per_week"),
        ({"capacity_hours_per_week": 500}, "capacity_hours_per_week"),
        (
            {
                "available_from": (date.today() + timedelta(days=10)).isoformat(),
                "available_until": date.today().isoformat(),
            },
            "available_until",
        ),
        ({"remote": False, "onsite": False}, "remote"),
        ({"travel_km": 5000, "onsite": True}, "travel_km"),
        ({"municipality": "9999"}, "municipality"),
        ({"municipality": "01"}, "municipality"),  # the region, not a municipality
        ({"headline": "x" * 201}, "headline"),
        ({"headline": ""}, "headline"),
        ({"unknown_field": 1}, "unknown_field"),
    ],
)
async def test_bad_input_is_422_naming_the_field_and_stores_nothing(client, overrides, field):
    await signed_in(client)
    before = await ExpertProfile.count()
    response = await put_own(client, **overrides)
    assert response.status_code == 422, response.text
    assert field in response.json()["extra"]["fields"], response.json()
    assert await ExpertProfile.count() == before


async def test_bad_input_leaves_an_existing_profile_as_it_was(client):
    user = await signed_in(client)
    profile = await make_expert(user)
    response = await put_own(client, headline="Ny rubrik", capacity_hours_per_week=0)
    assert response.status_code == 422
    assert (await stored(profile.id))["headline"] == profile.headline


async def test_a_user_without_the_expert_role_gets_403(client):
    await signed_in(client, roles=(Role.member,))
    response = await put_own(client)
    assert response.status_code == 403
    assert await ExpertProfile.count() == 0


async def test_visitor_cannot_save(client):
    response = await client.put("/api/v1/experts/me", json=expert_payload())
    assert response.status_code in (401, 403)


async def test_visitors_see_the_public_form_without_personal_data(client):
    expert = await make_user(roles=(Role.expert,), name="Amina Yusuf")
    profile = await make_expert(expert)
    response = await client.get(f"/api/v1/experts/{profile.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["public_view"] is True
    assert body["name"] is None and body["email"] is None
    assert body["description"] is None and body["organisation"] is None
    assert body["headline"] == profile.headline
    assert body["languages"][0] == {"code": "som", "level": "native"}
    assert body["capacity_hours_per_week"] == 8
    assert expert.email not in response.text
    assert "Amina" not in response.text
    assert "Tio år" not in response.text

    listed = await client.get("/api/v1/experts")
    assert listed.json()["total"] == 1
    assert expert.email not in listed.text and "Tio år" not in listed.text


async def test_signed_in_users_see_the_full_profile(client):
    expert = await make_user(roles=(Role.expert,), name="Amina Yusuf")
    profile = await make_expert(expert)
    await signed_in(client, organisation="0127", roles=(Role.member,))
    body = (await client.get(f"/api/v1/experts/{profile.id}")).json()
    assert body["public_view"] is False
    assert body["name"] == "Amina Yusuf"
    assert body["email"] == expert.email
    assert body["description"].startswith("Tio år")
    assert body["organisation"]["code"] == "0180"
    assert body["editable"] is False


async def test_visitors_do_not_find_profiles_by_their_description(client):
    expert = await make_user(roles=(Role.expert,))
    await make_expert(expert, description="Hemlig uppgift om Bergsjöskolan.")
    response = await client.get("/api/v1/experts", params={"q": "Bergsjöskolan"})
    assert response.json()["total"] == 0
    await signed_in(client, roles=(Role.member,))
    response = await client.get("/api/v1/experts", params={"q": "Bergsjöskolan"})
    assert response.json()["total"] == 1


async def test_hidden_profiles_are_seen_by_their_owner_and_coordinators_only(client):
    owner = await make_user(organisation="0180", roles=(Role.expert,))
    hidden = await make_expert(owner, visible=False)
    url = f"/api/v1/experts/{hidden.id}"

    assert (await client.get(url)).status_code == 404
    assert (await client.get("/api/v1/experts")).json()["total"] == 0

    await signed_in(client, organisation="0127", roles=(Role.member, Role.expert))
    assert (await client.get(url)).status_code == 404
    assert (await client.get("/api/v1/experts")).json()["total"] == 0

    await sign_in(client, owner)
    response = await client.get(url)
    assert response.status_code == 200
    assert response.json()["visible"] is False
    assert (await client.get("/api/v1/experts")).json()["total"] == 1

    await signed_in(client, organisation="01", roles=(Role.coordinator,))
    assert (await client.get(url)).status_code == 200
    assert (await client.get("/api/v1/experts")).json()["total"] == 1


async def test_coordinator_of_the_county_may_replace_a_profile(client):
    owner = await make_user(organisation="0180", roles=(Role.expert,))
    profile = await make_expert(owner)
    coordinator = await signed_in(client, organisation="01", roles=(Role.coordinator,))
    response = await client.put(
        f"/api/v1/experts/{profile.id}",
        json=expert_payload(headline="Rättad rubrik", capacity_hours_per_week=4),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 200, response.text
    assert response.json()["headline"] == "Rättad rubrik"
    assert response.json()["editable"] is True and response.json()["own"] is False
    row = await stored(profile.id)
    assert row["capacity_hours_per_week"] == 4
    assert row["user"] == owner.id
    event = await (
        AuditEvent.select()
        .where(AuditEvent.entity_type == "expert_profile", AuditEvent.entity_id == str(profile.id))
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    assert event["action"] == "expert_profile.update"
    assert event["actor"] == coordinator.id


async def test_owner_may_replace_by_id_too(client):
    owner = await signed_in(client)
    profile = await make_expert(owner)
    response = await client.put(
        f"/api/v1/experts/{profile.id}",
        json=expert_payload(headline="Via id"),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 200
    assert response.json()["headline"] == "Via id"


@pytest.mark.parametrize(
    "roles", [(Role.member,), (Role.expert,), (Role.member, Role.expert)], ids=str
)
async def test_others_cannot_change_a_profile(client, roles):
    owner = await make_user(organisation="0180", roles=(Role.expert,))
    profile = await make_expert(owner)
    await signed_in(client, organisation="0127", roles=roles)
    response = await client.put(
        f"/api/v1/experts/{profile.id}",
        json=expert_payload(headline="Kapad"),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 403
    # Their own PUT /me touches only their own profile, never someone else's.
    if Role.expert in roles:
        own = await put_own(client, headline="Min egen")
        assert own.status_code == 201
        assert own.json()["id"] != profile.id
    assert (await stored(profile.id))["headline"] == profile.headline


async def test_others_get_404_for_a_hidden_profile_and_nothing_changes(client):
    owner = await make_user(organisation="0180", roles=(Role.expert,))
    profile = await make_expert(owner, visible=False)
    await signed_in(client, organisation="0127", roles=(Role.member, Role.expert))
    response = await client.put(
        f"/api/v1/experts/{profile.id}",
        json=expert_payload(headline="Kapad"),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 404
    assert (await stored(profile.id))["headline"] == profile.headline


async def test_coordinator_of_another_county_cannot_change_a_profile(client):
    from portal.organisations.tables import Organisation

    await Organisation(
        code="03", name="Region Uppsala", kind="region", county_code="03", municipality_code=None
    ).save()
    owner = await make_user(organisation="0180", roles=(Role.expert,))
    profile = await make_expert(owner)
    await signed_in(client, organisation="03", roles=(Role.coordinator,))
    response = await client.put(
        f"/api/v1/experts/{profile.id}",
        json=expert_payload(headline="Kapad"),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 403
    assert (await stored(profile.id))["headline"] == profile.headline


async def test_list_filters_with_facet_counts(client):
    a = await make_user(organisation="0180", roles=(Role.expert,))
    b = await make_user(organisation="0127", roles=(Role.expert,))
    c = await make_user(organisation="0127", roles=(Role.expert,))
    await make_expert(a)  # Somali native, Arabic good; Stockholm; remote
    await make_expert(
        b,
        headline="Arabisk och persisk skönlitteratur",
        languages=[{"code": "ara", "level": "native"}, {"code": "per", "level": "fluent"}],
        scripts=["Arab"],
        municipality="0127",
        remote=False,
        onsite=True,
        travel_km=20,
    )
    await make_expert(
        c,
        headline="Polska ljudböcker",
        languages=[{"code": "pol", "level": "basic"}],
        scripts=["Latn"],
        skills=["rda"],
        material_types=["audiobooks"],
        municipality="0127",
        onsite=True,
    )

    response = await client.get("/api/v1/experts", params={"language": "ara", "facets": "true"})
    body = response.json()
    assert body["total"] == 2
    assert body["page"] == 1 and body["page_size"] == 20
    facets = {f["name"]: {v["value"]: v for v in f["values"]} for f in body["facets"]}
    # The language facet ignores its own filter, so Polish still shows its count.
    assert facets["language"]["pol"]["count"] == 1
    assert not facets["language"]["pol"]["selected"]
    assert facets["language"]["ara"]["count"] == 2 and facets["language"]["ara"]["selected"]
    assert facets["language"]["ara"]["label"] == "Arabiska"
    # Other facets follow the language filter.
    assert {v: f["count"] for v, f in facets["municipality"].items()} == {"0180": 1, "0127": 1}
    assert {v: f["count"] for v, f in facets["mode"].items()} == {"remote": 1, "onsite": 1}

    fluent = await client.get(
        "/api/v1/experts", params={"language": "ara", "level": "fluent", "facets": "true"}
    )
    assert [i["headline"] for i in fluent.json()["items"]] == ["Arabisk och persisk skönlitteratur"]
    language = next(f for f in fluent.json()["facets"] if f["name"] == "language")
    counts = {v["value"]: v["count"] for v in language["values"]}
    assert counts["som"] == 1 and counts["ara"] == 1 and "pol" not in counts

    async def total(params) -> int:
        return (await client.get("/api/v1/experts", params=params)).json()["total"]

    assert await total([("language", "som"), ("language", "pol")]) == 2
    assert await total({"script": "Arab"}) == 2
    assert await total({"skill": "rda"}) == 1
    assert await total({"material_type": "audiobooks"}) == 1
    assert await total({"municipality": "0127"}) == 2
    assert await total({"mode": "onsite"}) == 2
    assert await total({"mode": "remote"}) == 2
    assert await total([("mode", "remote"), ("mode", "onsite")]) == 3
    assert await total([("language", "ara"), ("municipality", "0127")]) == 1


async def test_available_filter(client):
    soon = (date.today() + timedelta(days=30)).isoformat()
    past = (date.today() - timedelta(days=30)).isoformat()
    a = await make_user(roles=(Role.expert,))
    b = await make_user(roles=(Role.expert,))
    c = await make_user(roles=(Role.expert,))
    await make_expert(a, headline="Nu")
    await make_expert(b, headline="Senare", available_from=soon)
    await make_expert(
        c,
        headline="Slutat",
        available_from=(date.today() - timedelta(days=60)).isoformat(),
        available_until=past,
    )
    response = await client.get("/api/v1/experts", params={"available": "true"})
    assert {i["headline"] for i in response.json()["items"]} == {"Nu", "Senare"}
    assert (await client.get("/api/v1/experts")).json()["total"] == 3


async def test_swedish_full_text_search_stems(client):
    a = await make_user(roles=(Role.expert,))
    b = await make_user(roles=(Role.expert,))
    await make_expert(a, headline="Katalogiserar persiska romaner", description="")
    await make_expert(b, headline="Ljudböcker på polska", description="Inget om det andra.")
    response = await client.get("/api/v1/experts", params={"q": "katalogisering"})
    assert [i["headline"] for i in response.json()["items"]] == ["Katalogiserar persiska romaner"]
    relevance = await client.get("/api/v1/experts", params={"q": "romaner", "sort": "relevance"})
    assert relevance.json()["total"] == 1


async def test_sorting_and_pagination(client):
    for hours in (2, 10, 5):
        user = await make_user(roles=(Role.expert,))
        await make_expert(user, headline=f"{hours} timmar", capacity_hours_per_week=hours)
    first = await client.get(
        "/api/v1/experts", params={"sort": "capacity", "page_size": 2, "page": 1}
    )
    assert [i["headline"] for i in first.json()["items"]] == ["10 timmar", "5 timmar"]
    assert first.json()["total"] == 3
    second = await client.get(
        "/api/v1/experts", params={"sort": "capacity", "page_size": 2, "page": 2}
    )
    assert [i["headline"] for i in second.json()["items"]] == ["2 timmar"]
    newest = await client.get("/api/v1/experts", params={"sort": "newest"})
    assert newest.json()["items"][0]["headline"] == "5 timmar"


async def test_bad_filter_values_are_400(client):
    assert (await client.get("/api/v1/experts", params={"level": "expert"})).status_code == 400
    assert (await client.get("/api/v1/experts", params={"page_size": 1000})).status_code == 400
    assert (await client.get("/api/v1/experts", params={"mode": "flying"})).status_code == 400


async def test_unknown_profile_is_404(client):
    assert (await client.get("/api/v1/experts/999999")).status_code == 404


async def test_openapi_documents_the_expert_routes(client):
    schema = (await client.get("/schema/openapi.json")).json()
    me = schema["paths"]["/api/v1/experts/me"]["put"]["responses"]
    assert {"200", "201", "401", "403", "422"} <= set(me)
    by_id = schema["paths"]["/api/v1/experts/{profile_id}"]
    assert {"200", "404"} <= set(by_id["get"]["responses"])
    assert {"200", "401", "403", "404", "422"} <= set(by_id["put"]["responses"])
