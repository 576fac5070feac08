from __future__ import annotations

import re

import pytest

from portal.accounts.roles import Role
from tests.factories import PASSWORD, csrf_token, make_user


async def test_home_page_is_swedish_with_landmarks_and_skip_link(client):
    response = await client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert re.search(r'<span class="stat">26</span>\s*kommuner', html)


async def test_accessibility_statement_is_published(client):
    response = await client.get("/tillganglighet")
    assert response.status_code == 200
    assert "Tillgänglighetsredogörelse" in response.text
    assert "2018:1937" in response.text


async def test_organisation_pages_list_and_show(client):
    listing = await client.get("/organisations", params={"kind": "municipality"})
    assert listing.status_code == 200
    assert "Botkyrka kommun" in listing.text
    assert "26 organisationer" in listing.text
    detail = await client.get("/organisations/0127")
    assert detail.status_code == 200
    assert "<h1>Botkyrka kommun</h1>" in detail.text


async def test_unknown_organisation_page_is_a_404_page_in_the_layout(client):
    response = await client.get("/organisations/9999")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Organisationen finns inte." in response.text
    assert 'class="skip-link"' in response.text


async def test_unknown_path_is_a_404_page_but_json_under_the_api(client):
    page = await client.get("/finns-inte")
    assert page.status_code == 404
    assert "Sidan finns inte" in page.text
    api = await client.get("/api/v1/finns-inte")
    assert api.status_code == 404
    assert api.json()["status_code"] == 404


async def test_an_unexpected_error_shows_a_500_page_without_a_stack_trace(client, monkeypatch):
    from portal.organisations import services

    async def broken(**_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(services, "list_organisations", broken)
    response = await client.get("/organisations")
    assert response.status_code == 500
    assert "Något gick fel" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


async def test_bad_query_parameter_is_a_400_not_a_crash(client):
    response = await client.get("/api/v1/organisations", params={"page": "zero"})
    assert response.status_code == 400
    assert "page" in response.text


async def test_security_headers_on_every_response(client):
    for path in ("/", "/api/v1/organisations", "/finns-inte", "/static/css/portal.css"):
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]


async def test_anonymous_visitors_get_no_session(client):
    response = await client.get("/")
    assert "portal_session" not in response.cookies


async def test_oversized_body_is_refused_with_413(client, settings):
    response = await client.post(
        "/api/v1/auth/login",
        content=b'{"email": "' + b"a" * (settings.max_body_bytes + 10) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


async def test_form_post_without_csrf_token_is_refused(client):
    response = await client.post("/logga-in", data={"email": "a@b.se", "password": "x"})
    assert response.status_code == 403


async def test_sign_in_page_flow(client):
    user = await make_user(roles=(Role.coordinator,), organisation="01", name="Karin Test")
    token = await csrf_token(client)
    wrong = await client.post(
        "/logga-in", data={"email": user.email, "password": "fel", "_csrf_token": token}
    )
    assert wrong.status_code == 401
    assert "Fel e-postadress eller lösenord." in wrong.text
    assert f'value="{user.email}"' in wrong.text

    right = await client.post(
        "/logga-in",
        data={
            "email": user.email,
            "password": PASSWORD,
            "next": "/organisations",
            "_csrf_token": token,
        },
    )
    assert right.status_code == 303
    assert right.headers["location"] == "/organisations"
    home = await client.get("/")
    assert "Inloggad som Karin Test" in home.text


async def test_sign_in_never_redirects_off_site(client):
    user = await make_user()
    response = await client.post(
        "/logga-in",
        data={
            "email": user.email,
            "password": PASSWORD,
            "next": "//evil.example/",
            "_csrf_token": await csrf_token(client),
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_language_switch_sets_cookie_and_page_turns_english(client):
    token = await csrf_token(client)
    response = await client.post(
        "/sprak", data={"lang": "en", "next": "/organisations", "_csrf_token": token}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/organisations"
    page = await client.get("/organisations")
    assert '<html lang="en">' in page.text


@pytest.mark.parametrize(("header", "lang"), [("en-GB,en;q=0.9", "en"), ("de", "sv")])
async def test_browser_language_is_the_fallback(client, header, lang):
    page = await client.get("/", headers={"accept-language": header})
    assert f'<html lang="{lang}">' in page.text


async def test_signed_in_users_language_choice_is_remembered(client):
    from portal.accounts.tables import UserAccount

    user = await make_user()
    await client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    await client.post("/sprak", data={"lang": "en", "_csrf_token": await csrf_token(client)})
    row = await UserAccount.select(UserAccount.language).where(UserAccount.id == user.id).first()
    assert row["language"] == "en"
