from __future__ import annotations

from portal.accounts.roles import Role
from tests.factories import csrf_headers, csrf_token, make_user, sign_in


async def test_anyone_reads_a_vocabulary(client):
    response = await client.get("/api/v1/vocabularies/language")
    assert response.status_code == 200
    somali = next(term for term in response.json() if term["code"] == "som")
    assert somali["name"] == "Somaliska"
    english = await client.get("/api/v1/vocabularies/language", headers={"accept-language": "en"})
    assert next(t for t in english.json() if t["code"] == "som")["name"] == "Somali"
    assert (await client.get("/api/v1/vocabularies/planets")).status_code == 400


async def test_only_admins_add_terms(client):
    member = await make_user(roles=(Role.coordinator,), organisation="01")
    await sign_in(client, member)
    refused = await client.post(
        "/api/v1/vocabularies/skill",
        json={"code": "bibframe", "name_sv": "BIBFRAME", "name_en": "BIBFRAME"},
        headers=await csrf_headers(client),
    )
    assert refused.status_code == 403


async def test_admin_adds_a_term_and_bad_codes_are_422(client):
    admin = await make_user(roles=(Role.admin,), organisation="01")
    await sign_in(client, admin)
    headers = await csrf_headers(client)
    created = await client.post(
        "/api/v1/vocabularies/skill",
        json={"code": "bibframe", "name_sv": "BIBFRAME", "name_en": "BIBFRAME"},
        headers=headers,
    )
    assert created.status_code == 201
    duplicate = await client.post(
        "/api/v1/vocabularies/skill",
        json={"code": "bibframe", "name_sv": "X", "name_en": "X"},
        headers=headers,
    )
    assert duplicate.status_code == 422
    assert "code" in duplicate.json()["extra"]["fields"]
    bad = await client.post(
        "/api/v1/vocabularies/skill",
        json={"code": "has space", "name_sv": "X", "name_en": "X"},
        headers=headers,
    )
    assert bad.status_code == 422
    retired = await client.patch(
        "/api/v1/vocabularies/skill/bibframe", json={"active": False}, headers=headers
    )
    assert retired.json()["active"] is False


async def test_admin_page_lists_terms_and_deactivates_one(client):
    admin = await make_user(roles=(Role.admin,), organisation="01")
    await sign_in(client, admin)
    page = await client.get("/admin/vokabular/skill")
    assert page.status_code == 200
    assert "Barnämnesord" in page.text
    response = await client.post(
        "/admin/vokabular/skill/games",
        data={"active": "false", "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303
    after = await client.get("/api/v1/vocabularies/skill")
    assert "games" not in {term["code"] for term in after.json()}


async def test_admin_page_is_closed_to_others(client):
    member = await make_user()
    await sign_in(client, member)
    assert (await client.get("/admin/vokabular/skill")).status_code == 403
