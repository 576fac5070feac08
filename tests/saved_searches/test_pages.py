"""The pages: the save form on the lists (signed-in only, with the current filters), saving
without JavaScript, my saved searches, changing one, deleting one after confirming."""

from __future__ import annotations

import html
import re

import pytest

from tests.factories import csrf_token, make_user, sign_in
from tests.saved_searches.helpers import audit_actions, save_search, stored_searches

pytestmark = pytest.mark.usefixtures("db")


def hidden(page: str, name: str) -> str | None:
    """The value of the save form's hidden input ``name``."""
    form = page.partition('id="save-search"')[2]
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', form)
    return html.unescape(match[1]) if match else None


@pytest.mark.parametrize(
    ("path", "list_name"),
    [
        ("/behov", "needs"),
        ("/erbjudanden", "offers"),
        ("/experter", "experts"),
        ("/upphandlingar", "procurements"),
    ],
)
async def test_the_lists_offer_the_save_form_to_signed_in_people_only(client, path, list_name):
    anonymous = await client.get(f"{path}?q=romaner")
    assert anonymous.status_code == 200
    assert 'id="save-search"' not in anonymous.text

    await sign_in(client, await make_user(organisation="0180"))
    page = await client.get(f"{path}?q=romaner&page=1")
    assert page.status_code == 200
    assert 'action="/sparade-sokningar"' in page.text
    assert hidden(page.text, "list") == list_name
    assert hidden(page.text, "query") == "q=romaner&page=1"
    assert 'name="_csrf_token"' in page.text.partition('id="save-search"')[2]
    alerts = list_name in ("needs", "offers")
    assert ('id="save-search-frequency"' in page.text) is alerts


async def test_the_form_follows_the_filters_htmx_shows(client):
    await sign_in(client, await make_user(organisation="0180"))
    fragment = await client.get(
        "/sparade-sokningar/formular?list=needs",
        headers={
            "hx-request": "true",
            "hx-current-url": "http://testserver/behov?language=ara&status=open",
        },
    )
    assert fragment.status_code == 200
    assert hidden(fragment.text, "query") == "language=ara&status=open"
    assert hidden(fragment.text, "list") == "needs"
    # The address of another page says nothing about this list's filters.
    elsewhere = await client.get(
        "/sparade-sokningar/formular?list=needs",
        headers={"hx-request": "true", "hx-current-url": "http://testserver/experter?q=x"},
    )
    assert hidden(elsewhere.text, "query") == ""


async def test_saving_from_the_list_without_javascript(client):
    user = await make_user(organisation="0180")
    await sign_in(client, user)
    response = await client.post(
        "/sparade-sokningar",
        data={
            "list": "needs",
            "query": "status=open&language=som&page=2",
            "name": "Somaliska",
            "frequency": "immediately",
            "_csrf_token": await csrf_token(client),
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/behov?language=som&status=open"
    [row] = await stored_searches(user)
    assert (row["name"], row["list_name"], row["query"], row["frequency"]) == (
        "Somaliska",
        "needs",
        "language=som&status=open",
        "immediately",
    )
    back = await client.get(response.headers["location"])
    assert "Sökningen ”Somaliska” är sparad." in back.text


async def test_a_refused_save_shows_the_form_again_with_the_reason(client):
    user = await make_user(organisation="0180")
    await sign_in(client, user)
    token = await csrf_token(client)
    empty_name = await client.post(
        "/sparade-sokningar",
        data={"list": "offers", "query": "category=equipment", "name": " ", "_csrf_token": token},
    )
    assert empty_name.status_code == 422
    assert "Får inte vara tomt." in empty_name.text
    assert 'aria-invalid="true" aria-describedby="name-error"' in empty_name.text
    # The filters are kept for the next try.
    assert 'name="query" value="category=equipment"' in empty_name.text

    bad_filter = await client.post(
        "/sparade-sokningar",
        data={"list": "offers", "query": "category=rocket", "name": "Raket", "_csrf_token": token},
    )
    assert bad_filter.status_code == 422
    assert html.escape("Filtret ”category”: Ogiltigt val: rocket.") in bad_filter.text

    no_token = await client.post(
        "/sparade-sokningar", data={"list": "needs", "query": "", "name": "Utan token"}
    )
    assert no_token.status_code == 403
    assert await stored_searches(user) == []


async def test_my_saved_searches_change_and_delete_after_confirming(client):
    user = await make_user(organisation="0180")
    search = await save_search(user, "language=som&status=open", name="Somaliska")
    await save_search(user, "phase=interest", name="Upphandlingar", list_name="procurements")
    await sign_in(client, user)

    page = await client.get("/sparade-sokningar")
    assert page.status_code == 200
    assert "<h1>Mina sparade sökningar</h1>" in page.text
    assert '<a href="/behov?language=som&amp;status=open">Somaliska</a>' in page.text
    assert '<a href="/upphandlingar?phase=interest">Upphandlingar</a>' in page.text
    assert "Daglig sammanfattning" in page.text
    assert "Ger inga besked" in page.text

    token = await csrf_token(client)
    edit = await client.get(f"/sparade-sokningar/{search.id}/andra")
    assert edit.status_code == 200
    assert 'value="Somaliska"' in edit.text
    saved = await client.post(
        f"/sparade-sokningar/{search.id}/andra",
        data={"name": "Somaliska i länet", "frequency": "weekly", "_csrf_token": token},
    )
    assert saved.status_code == 303
    rows = {r["id"]: r for r in await stored_searches(user)}
    assert (rows[search.id]["name"], rows[search.id]["frequency"]) == (
        "Somaliska i länet",
        "weekly",
    )

    confirm = await client.get(f"/sparade-sokningar/{search.id}/ta-bort")
    assert confirm.status_code == 200
    assert "Ta bort sökningen ”Somaliska i länet”?" in confirm.text
    assert len(await stored_searches(user)) == 2  # asking is not deleting
    deleted = await client.post(
        f"/sparade-sokningar/{search.id}/ta-bort", data={"_csrf_token": token}
    )
    assert deleted.status_code == 303
    assert [r["name"] for r in await stored_searches(user)] == ["Upphandlingar"]
    assert await audit_actions(search.id) == [
        "saved_search.create",
        "saved_search.update",
        "saved_search.delete",
    ]


async def test_another_persons_search_pages_are_not_found(client):
    owner = await make_user(organisation="0180")
    search = await save_search(owner, "language=som", name="Somaliska")
    await sign_in(client, await make_user(organisation="0180"))
    token = await csrf_token(client)

    assert "Somaliska" not in (await client.get("/sparade-sokningar")).text
    assert (await client.get(f"/sparade-sokningar/{search.id}/andra")).status_code == 404
    assert (await client.get(f"/sparade-sokningar/{search.id}/ta-bort")).status_code == 404
    changed = await client.post(
        f"/sparade-sokningar/{search.id}/andra", data={"name": "Min", "_csrf_token": token}
    )
    assert changed.status_code == 404
    deleted = await client.post(
        f"/sparade-sokningar/{search.id}/ta-bort", data={"_csrf_token": token}
    )
    assert deleted.status_code == 404
    [row] = await stored_searches(owner)
    assert row["name"] == "Somaliska"


async def test_visitors_are_sent_to_sign_in(client):
    response = await client.get("/sparade-sokningar")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/logga-in?")
