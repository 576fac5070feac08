from __future__ import annotations

import httpx

from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.web.throttle import MAX_FAILURES
from tests.factories import PASSWORD, csrf_token, make_user, sign_in


async def test_login_sets_a_session_and_me_returns_organisation_and_roles(client):
    user = await make_user(organisation="0127", roles=(Role.member, Role.expert))
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "portal_session" in response.cookies
    me = await client.get("/api/v1/auth/me")
    assert me.status_code == 200
    body = me.json()
    assert body["organisation"]["code"] == "0127"
    assert sorted(body["roles"]) == ["expert", "member"]
    assert "password_hash" not in body


async def test_wrong_password_and_unknown_email_get_the_same_401(client):
    user = await make_user()
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": "wrong password"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.test", "password": PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert "portal_session" not in wrong.cookies
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_sign_in_rotates_the_session_id(client):
    first = await make_user()
    second = await make_user()
    await sign_in(client, first)
    before = client.cookies["portal_session"]
    token = await csrf_token(client)
    response = await client.post(
        "/api/v1/auth/login",
        json={"email": second.email, "password": PASSWORD},
        headers={"x-csrftoken": token},
    )
    assert response.status_code == 200
    assert client.cookies["portal_session"] != before


async def test_deactivated_user_cannot_sign_in(client):
    from portal.accounts.tables import UserAccount

    user = await make_user()
    await UserAccount.update({UserAccount.active: False}).where(UserAccount.id == user.id)
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 401


async def test_eleventh_failure_in_a_minute_is_refused_with_429(client):
    user = await make_user()
    for _ in range(MAX_FAILURES):
        response = await client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": "nope nope"}
        )
        assert response.status_code == 401
    blocked = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert blocked.headers["retry-after"] == "60"
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_successful_sign_in_resets_the_failure_count(client):
    user = await make_user()
    for _ in range(MAX_FAILURES - 1):
        await client.post("/api/v1/auth/login", json={"email": user.email, "password": "x"})
    await sign_in(client, user)
    for _ in range(MAX_FAILURES - 1):
        await client.post("/api/v1/auth/login", json={"email": user.email, "password": "x"})
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200


async def test_malformed_json_is_a_400_with_the_parser_reason(client):
    response = await client.post(
        "/api/v1/auth/login",
        content=b'{"email": "a@b.se", "password": ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "JSON" in detail or "truncated" in detail.lower()


async def test_well_formed_json_missing_a_field_is_a_422_naming_it(client):
    response = await client.post("/api/v1/auth/login", json={"email": "a@b.se"})
    assert response.status_code == 422
    assert response.json()["extra"]["fields"] == {"password": "Måste fyllas i."}


async def test_logout_needs_csrf_and_then_ends_the_session(client):
    user = await make_user()
    await sign_in(client, user)
    refused = await client.post("/api/v1/auth/logout")
    assert refused.status_code == 403
    assert (await client.get("/api/v1/auth/me")).status_code == 200
    token = await csrf_token(client)
    response = await client.post("/api/v1/auth/logout", headers={"x-csrftoken": token})
    assert response.status_code == 204
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_token_lifecycle_bearer_needs_no_csrf(client, app):
    user = await make_user(organisation="0181")
    await sign_in(client, user)
    token_csrf = await csrf_token(client)
    created = await client.post(
        "/api/v1/auth/tokens", json={"name": "Statistikskript"}, headers={"x-csrftoken": token_csrf}
    )
    assert created.status_code == 201
    token = created.json()["token"]

    bearer = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    async with bearer:
        headers = {"authorization": f"Bearer {token}"}
        me = await bearer.get("/api/v1/auth/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["organisation"]["code"] == "0181"
        # An unsafe request with the bearer token and no CSRF token is accepted.
        second = await bearer.post("/api/v1/auth/tokens", json={"name": "Två"}, headers=headers)
        assert second.status_code == 201

        listed = await bearer.get("/api/v1/auth/tokens", headers=headers)
        assert {t["name"] for t in listed.json()} == {"Statistikskript", "Två"}
        assert all("token" not in t for t in listed.json())

        token_id = created.json()["id"]
        revoked = await bearer.delete(f"/api/v1/auth/tokens/{token_id}", headers=headers)
        assert revoked.status_code == 204
        after = await bearer.get("/api/v1/auth/me", headers=headers)
        assert after.status_code == 401
        again = await bearer.delete(
            f"/api/v1/auth/tokens/{token_id}",
            headers={"authorization": f"Bearer {second.json()['token']}"},
        )
        assert again.status_code == 404


async def test_a_bad_bearer_token_is_401_even_with_a_valid_session(client):
    user = await make_user()
    await sign_in(client, user)
    response = await client.get(
        "/api/v1/auth/me", headers={"authorization": "Bearer svp_not-a-real-token"}
    )
    assert response.status_code == 401


async def test_sign_in_and_token_creation_are_audited(client):
    user = await make_user()
    await sign_in(client, user)
    await client.post(
        "/api/v1/auth/tokens", json={"name": "x"}, headers={"x-csrftoken": await csrf_token(client)}
    )
    actions = await AuditEvent.select(AuditEvent.action).where(AuditEvent.actor == user.id)
    assert {"user.sign_in", "token.create"} <= {row["action"] for row in actions}


async def test_csrf_token_from_form_field_is_accepted(client):
    user = await make_user()
    await sign_in(client, user)
    token = await csrf_token(client)
    response = await client.post("/logga-ut", data={"_csrf_token": token})
    assert response.status_code == 303
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_json_sign_in_hands_out_a_csrf_token_for_the_next_request(client):
    user = await make_user()
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    token = response.headers["x-csrftoken"]
    assert client.cookies["portal_csrf"] == token
    created = await client.post(
        "/api/v1/auth/tokens", json={"name": "skript"}, headers={"x-csrftoken": token}
    )
    assert created.status_code == 201
