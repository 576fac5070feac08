from __future__ import annotations

import re
from datetime import date, timedelta

from portal.accounts.roles import Role
from portal.needs.tables import Need
from tests.factories import csrf_token, make_need, make_user, sign_in


def form(**overrides):
    data = {
        "title": "Tigrinska barnböcker",
        "description": "Femtio titlar från en depå.",
        "language_code_0": "tir",
        "language_level_0": "fluent",
        "required_scripts": "Ethi",
        "required_skills": ["marc21", "barnamnesord"],
        "material_type": "childrens-books",
        "titles_count": "50",
        "estimated_hours": "15",
        "deadline": (date.today() + timedelta(days=30)).isoformat(),
        "mode": "remote",
        "splittable": "on",
        "action": "open",
    }
    data.update(overrides)
    return data


async def test_needs_list_page_shows_facets_and_results(client):
    owner = await make_user(organisation="0127")
    await make_need(owner)
    page = await client.get("/behov")
    assert page.status_code == 200
    assert "<h1>Katalogiseringsbehov</h1>" in page.text
    assert "Somaliska barnböcker att katalogisera" in page.text
    assert re.search(
        r'name="language" value="som"[^>]*>\s*<label[^>]*>Somaliska <span class="count">\(1\)',
        page.text,
    )
    filtered = await client.get("/behov", params={"language": "ara"})
    assert "Inga behov matchar sökningen" in filtered.text
    assert 'value="ara" checked' in filtered.text or "Somaliska" in filtered.text


async def test_htmx_requests_get_only_the_results(client):
    page = await client.get("/behov", headers={"hx-request": "true"})
    assert page.status_code == 200
    assert page.text.lstrip().startswith('<div id="results"')
    assert "<html" not in page.text


async def test_new_need_form_requires_sign_in(client):
    response = await client.get("/behov/nytt")
    assert response.status_code == 303
    assert response.headers["location"] == "/logga-in?next=%2Fbehov%2Fnytt"


async def test_member_creates_a_need_with_the_form(client):
    user = await make_user(organisation="0181")
    await sign_in(client, user)
    page = await client.get("/behov/nytt")
    assert page.status_code == 200
    assert '<option value="tir">' in page.text or 'value="tir"' in page.text
    response = await client.post(
        "/behov/nytt", data={**form(), "_csrf_token": await csrf_token(client)}
    )
    assert response.status_code == 303, response.text
    detail = await client.get(response.headers["location"])
    assert "<h1>Tigrinska barnböcker</h1>" in detail.text
    assert "Behovet är sparat." in detail.text
    assert "Tigrinja – minst flytande" in detail.text
    row = await Need.select().where(Need.title == "Tigrinska barnböcker").first()
    assert row["language_codes"] == ["tir"]
    assert row["required_skills"] == ["barnamnesord", "marc21"]
    assert row["status"] == "open"


async def test_form_errors_are_shown_beside_the_field_in_swedish(client):
    user = await make_user(organisation="0181")
    await sign_in(client, user)
    before = await Need.count()
    past = (date.today() - timedelta(days=3)).isoformat()
    response = await client.post(
        "/behov/nytt",
        data={**form(deadline=past), "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 422
    assert 'id="deadline-error"' in response.text
    assert "Sista datum kan inte ligga bakåt i tiden." in response.text
    assert 'aria-invalid="true" aria-describedby="deadline-error"' in response.text
    # What was typed is kept.
    assert 'value="Tigrinska barnböcker"' in response.text
    assert await Need.count() == before


async def test_hours_out_of_range_on_the_form(client):
    user = await make_user(organisation="0181")
    await sign_in(client, user)
    response = await client.post(
        "/behov/nytt",
        data={**form(estimated_hours="0"), "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 422
    assert 'id="estimated_hours-error"' in response.text


async def test_draft_then_edit_then_publish(client):
    user = await make_user(organisation="0181")
    await sign_in(client, user)
    token = await csrf_token(client)
    created = await client.post("/behov/nytt", data={**form(action="draft"), "_csrf_token": token})
    need_id = int(created.headers["location"].rsplit("/", 1)[1])
    edit = await client.get(f"/behov/{need_id}/redigera")
    assert 'value="Tigrinska barnböcker"' in edit.text
    version = re.search(r'name="version" value="(\d+)"', edit.text)[1]
    saved = await client.post(
        f"/behov/{need_id}/redigera",
        data={
            **form(title="Tigrinska och amhariska barnböcker"),
            "version": version,
            "_csrf_token": token,
        },
    )
    assert saved.status_code == 303
    published = await client.post(
        f"/behov/{need_id}/status", data={"to": "open", "_csrf_token": token}
    )
    assert published.status_code == 303
    row = await Need.select(Need.title, Need.status).where(Need.id == need_id).first()
    assert row == {"title": "Tigrinska och amhariska barnböcker", "status": "open"}


async def test_cancelling_asks_for_confirmation(client):
    user = await make_user(organisation="0181")
    need = await make_need(user)
    await sign_in(client, user)
    detail = await client.get(f"/behov/{need.id}")
    assert f"/behov/{need.id}/status?to=cancelled" in detail.text
    confirm = await client.get(f"/behov/{need.id}/status", params={"to": "cancelled"})
    assert "Vill du ändra status till avbrutet?" in confirm.text
    row = await Need.select(Need.status).where(Need.id == need.id).first()
    assert row["status"] == "open"


async def test_disallowed_status_from_the_page_is_explained(client):
    user = await make_user(organisation="0181")
    need = await make_need(user)
    await sign_in(client, user)
    response = await client.post(
        f"/behov/{need.id}/status", data={"to": "done", "_csrf_token": await csrf_token(client)}
    )
    assert response.status_code == 303
    detail = await client.get(f"/behov/{need.id}")
    assert "Behovet kan inte gå från open till done" in detail.text


async def test_other_municipality_sees_no_edit_controls(client):
    owner = await make_user(organisation="0181")
    need = await make_need(owner)
    other = await make_user(organisation="0127", roles=(Role.member,))
    await sign_in(client, other)
    detail = await client.get(f"/behov/{need.id}")
    assert "Hantera behovet" not in detail.text
    edit = await client.post(
        f"/behov/{need.id}/redigera",
        data={**form(), "_csrf_token": await csrf_token(client)},
    )
    assert edit.status_code == 403


async def test_empty_fields_from_the_filter_form_mean_no_filter(client):
    owner = await make_user()
    await make_need(owner)
    page = await client.get("/behov?q=&sort=deadline&deadline_before=&status=open")
    assert page.status_code == 200
    assert "Somaliska barnböcker att katalogisera" in page.text
    bad = await client.get("/api/v1/needs", params={"deadline_before": "31/12/2026"})
    assert bad.status_code == 400
    assert "ÅÅÅÅ-MM-DD" in bad.json()["detail"]
