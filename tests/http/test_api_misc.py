from __future__ import annotations

import httpx

from portal.db.engine import DB


async def test_organisations_api_lists_and_filters(client):
    response = await client.get(
        "/api/v1/organisations", params={"kind": "municipality", "per_page": 10, "page": 3}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 26
    assert len(body["items"]) == 6
    assert all(item["county_code"] == "01" for item in body["items"])


async def test_organisation_api_detail_and_404(client):
    detail = await client.get("/api/v1/organisations/01")
    assert detail.json()["kind"] == "region"
    missing = await client.get("/api/v1/organisations/nope")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Organisationen finns inte."


async def test_me_without_session_is_401_with_a_message(client):
    response = await client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "Du behöver logga in."


async def test_healthz_reports_the_database(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_is_503_when_the_database_is_unreachable(app, database_url):
    saved = DB.config
    DB.config = {"dsn": "postgresql://nobody@127.0.0.1:1/none", "timeout": 1}
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/healthz")
    finally:
        DB.config = saved
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


async def test_openapi_documents_routes_and_their_statuses(client):
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    login = paths["/api/v1/auth/login"]["post"]["responses"]
    assert {"200", "400", "401", "429"} <= set(login)
    assert {"200", "401"} <= set(paths["/api/v1/auth/me"]["get"]["responses"])
    assert "404" in paths["/api/v1/organisations/{code}"]["get"]["responses"]
    assert "503" in paths["/healthz"]["get"]["responses"]
    assert not any(path.startswith("/logga-in") for path in paths)
