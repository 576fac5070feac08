from __future__ import annotations

import re
from datetime import date, timedelta

from portal.accounts.roles import Role
from portal.experts.tables import ExpertProfile
from tests.factories import csrf_token, make_expert, make_user, sign_in


def form(**overrides):
    data = {
        "headline": "Katalogiserar tigrinska och amhariska barnböcker",
        "description": "Arbetar på Rinkeby bibliotek.",
        "language_code_0": "tir",
        "language_level_0": "native",
        "language_code_1": "amh",
        "language_level_1": "fluent",
        "scripts": "Ethi",
        "skills": ["marc21", "barnamnesord"],
        "material_types": "childrens-books",
        "capacity_hours_per_week": "6",
        "available_from": date.today().isoformat(),
        "remote": "on",
        "travel_km": "",
        "municipality": "0180",
        "visible": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


async def signed_in_expert(client, organisation="0180"):
    user = await make_user(organisation=organisation, roles=(Role.expert,))
    await sign_in(client, user)
    return user


async def test_list_page_shows_facets_and_the_public_form(client):
    expert = await make_user(roles=(Role.expert,), name="Amina Yusuf")
    await make_expert(expert)
    page = await client.get("/experter")
    assert page.status_code == 200
    assert "<h1>Katalogiseringsexperter</h1>" in page.text
    assert 'aria-current="page">Experter</a>' in page.text
    assert "Katalogiserar somalisk och arabisk barnlitteratur" in page.text
    assert re.search(
        r'name="language" value="som"[^>]*>\s*<label[^>]*>Somaliska <span class="count">\(1\)',
        page.text,
    )
    assert "Amina Yusuf" not in page.text
    assert expert.email not in page.text
    filtered = await client.get("/experter", params={"language": "pol"})
    assert "Inga experter matchar sökningen" in filtered.text
    assert 'value="pol" checked' in filtered.text


async def test_empty_fields_from_the_filter_form_mean_no_filter(client):
    expert = await make_user(roles=(Role.expert,))
    await make_expert(expert)
    page = await client.get("/experter?q=&level=&sort=newest")
    assert page.status_code == 200
    assert "Katalogiserar somalisk" in page.text


async def test_htmx_requests_get_only_the_results(client):
    page = await client.get("/experter", headers={"hx-request": "true"})
    assert page.status_code == 200
    assert page.text.lstrip().startswith('<div id="results"')
    assert "<html" not in page.text


async def test_detail_page_for_visitors_and_signed_in_users(client):
    expert = await make_user(roles=(Role.expert,), name="Amina Yusuf")
    profile = await make_expert(expert)
    page = await client.get(f"/experter/{profile.id}")
    assert page.status_code == 200
    assert f"<h1>{profile.headline}</h1>" in page.text
    assert "Somaliska – modersmål" in page.text
    assert "Amina Yusuf" not in page.text and "Tio år" not in page.text
    assert "Logga in för att se namn, kontaktuppgifter och hela profilen." in page.text

    await sign_in(client, await make_user(organisation="0127"))
    page = await client.get(f"/experter/{profile.id}")
    assert "Amina Yusuf" in page.text
    assert f'href="mailto:{expert.email}"' in page.text
    assert "Tio år som katalogisatör" in page.text


async def test_hidden_profile_page_is_404_for_others(client):
    expert = await make_user(roles=(Role.expert,))
    profile = await make_expert(expert, visible=False)
    assert (await client.get(f"/experter/{profile.id}")).status_code == 404
    await sign_in(client, expert)
    page = await client.get(f"/experter/{profile.id}")
    assert page.status_code == 200
    assert "Dold profil" in page.text


async def test_own_profile_form_requires_sign_in(client):
    response = await client.get("/experter/min-profil")
    assert response.status_code == 303
    assert response.headers["location"] == "/logga-in?next=%2Fexperter%2Fmin-profil"


async def test_expert_without_profile_is_invited_to_create_one(client):
    await signed_in_expert(client)
    page = await client.get("/experter")
    assert "Du har ingen expertprofil ännu." in page.text
    assert 'href="/experter/min-profil">Skapa din profil</a>' in page.text


async def test_member_without_expert_role_gets_403_on_the_form(client):
    await sign_in(client, await make_user(roles=(Role.member,)))
    assert (await client.get("/experter/min-profil")).status_code == 403
    page = await client.get("/experter")
    assert "Skapa din profil" not in page.text


async def test_expert_creates_and_edits_own_profile_with_the_form(client):
    user = await signed_in_expert(client)
    page = await client.get("/experter/min-profil")
    assert page.status_code == 200
    assert "<h1>Skapa din profil</h1>" in page.text
    assert page.text.count('name="language_code_') == 6
    assert '<option value="0180" selected>' in page.text
    token = await csrf_token(client)
    response = await client.post("/experter/min-profil", data={**form(), "_csrf_token": token})
    assert response.status_code == 303, response.text
    detail = await client.get(response.headers["location"])
    assert "<h1>Katalogiserar tigrinska och amhariska barnböcker</h1>" in detail.text
    assert "Din profil är skapad." in detail.text
    assert "Tigrinja – modersmål" in detail.text
    row = await ExpertProfile.select().where(ExpertProfile.user == user.id).first()
    assert row["language_codes"] == ["tir", "amh"]
    assert row["skills"] == ["barnamnesord", "marc21"]
    assert row["remote"] is True and row["onsite"] is False and row["visible"] is True

    edit = await client.get("/experter/min-profil")
    assert "<h1>Redigera din profil</h1>" in edit.text
    assert 'value="Katalogiserar tigrinska och amhariska barnböcker"' in edit.text
    saved = await client.post(
        "/experter/min-profil",
        data={**form(visible=None, onsite="on", travel_km="25"), "_csrf_token": token},
    )
    assert saved.status_code == 303
    row = await ExpertProfile.select().where(ExpertProfile.user == user.id).first()
    assert row["visible"] is False and row["onsite"] is True and row["travel_km"] == 25
    assert await ExpertProfile.count().where(ExpertProfile.user == user.id) == 1


async def test_form_errors_are_shown_beside_the_field_in_swedish(client):
    user = await signed_in_expert(client)
    until = (date.today() - timedelta(days=3)).isoformat()
    response = await client.post(
        "/experter/min-profil",
        data={**form(available_until=until), "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 422
    assert 'id="available_until-error"' in response.text
    assert "Tillgänglig till kan inte vara före tillgänglig från." in response.text
    assert 'aria-invalid="true" aria-describedby="available_until-error"' in response.text
    # What was typed is kept.
    assert 'value="Katalogiserar tigrinska och amhariska barnböcker"' in response.text
    assert '<option value="tir" selected>' in response.text
    assert 'value="Ethi" checked' in response.text
    assert await ExpertProfile.count().where(ExpertProfile.user == user.id) == 0


async def test_more_form_errors(client):
    await signed_in_expert(client)
    token = await csrf_token(client)
    capacity = await client.post(
        "/experter/min-profil",
        data={**form(capacity_hours_per_week="500"), "_csrf_token": token},
    )
    assert capacity.status_code == 422
    assert 'id="capacity_hours_per_week-error"' in capacity.text
    assert "Får vara högst 80." in capacity.text
    mode = await client.post(
        "/experter/min-profil", data={**form(remote=None), "_csrf_token": token}
    )
    assert mode.status_code == 422
    assert 'id="remote-error"' in mode.text
    assert "Välj minst ett arbetssätt" in mode.text
    missing = await client.post(
        "/experter/min-profil", data={**form(municipality=""), "_csrf_token": token}
    )
    assert missing.status_code == 422
    assert 'id="municipality-error"' in missing.text
    assert "Måste fyllas i." in missing.text


async def test_coordinator_edits_someone_elses_profile_with_the_form(client):
    from portal.accounts.roles import Role
    from portal.experts.tables import ExpertProfile
    from tests.factories import csrf_token, make_expert, make_user, sign_in

    expert_user = await make_user(organisation="0180", roles=(Role.expert,))
    profile = await make_expert(expert_user)
    coordinator = await make_user(organisation="01", roles=(Role.coordinator,))
    await sign_in(client, coordinator)
    detail = await client.get(f"/experter/{profile.id}")
    assert f"/experter/{profile.id}/redigera" in detail.text
    page = await client.get(f"/experter/{profile.id}/redigera")
    assert page.status_code == 200
    assert "Redigera profilen för" in page.text
    form = {
        "headline": "Katalogisatör för persiska och arabiska",
        "language_code_0": "per",
        "language_level_0": "native",
        "capacity_hours_per_week": "6",
        "remote": "on",
        "municipality": "0180",
        "visible": "on",
        "_csrf_token": await csrf_token(client),
    }
    saved = await client.post(f"/experter/{profile.id}/redigera", data=form)
    assert saved.status_code == 303
    row = (
        await ExpertProfile.select(ExpertProfile.headline)
        .where(ExpertProfile.id == profile.id)
        .first()
    )
    assert row["headline"] == "Katalogisatör för persiska och arabiska"


async def test_member_cannot_open_the_edit_page_of_a_profile(client):
    from portal.accounts.roles import Role
    from tests.factories import make_expert, make_user, sign_in

    expert_user = await make_user(organisation="0180", roles=(Role.expert,))
    profile = await make_expert(expert_user)
    member = await make_user(organisation="0127")
    await sign_in(client, member)
    assert (await client.get(f"/experter/{profile.id}/redigera")).status_code == 403
