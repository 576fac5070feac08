from __future__ import annotations

import re
from datetime import date, timedelta

from portal.offers.tables import OfferRequest, ResourceOffer
from tests.factories import csrf_token, make_library, make_offer, make_user, sign_in


def form(**overrides):
    data = {
        "title": "Bokhylla på hjul",
        "description": "En mobil bokhylla i björk, 150 cm hög.",
        "category": "equipment",
        "quantity": "2",
        "unit": "st",
        "available_from": "",
        "available_until": (date.today() + timedelta(days=60)).isoformat(),
        "terms": "free",
        "cost_sek": "",
        "delivery": "pickup",
        "location": "",
        "action": "publish",
    }
    data.update(overrides)
    return data


async def test_offers_list_shows_facets_counts_and_distance(client):
    nacka = await make_user(organisation="0182")
    await make_offer(nacka)
    await make_offer(nacka, title="Tio timmar upphandlingsstöd", category="competence")
    tyreso = await make_user(organisation="0138")
    await sign_in(client, tyreso)

    page = await client.get("/erbjudanden", params={"sort": "distance"})
    assert page.status_code == 200
    assert "<h1>Erbjudanden</h1>" in page.text
    assert "Bokhylla på hjul" in page.text
    assert re.search(
        r'name="category" value="equipment"[^>]*>\s*'
        r'<label[^>]*>Utrustning <span class="count">\(1\)',
        page.text,
    )
    assert re.search(r'name="municipality" value="0182"[^>]*>\s*<label[^>]*>Nacka', page.text)
    # Distances are measured from the viewer's own municipality unless another is chosen.
    assert '<option value="0138" selected>Tyresö kommun</option>' in page.text
    assert "8 km bort" in page.text
    assert 'aria-current="page">Erbjudanden</a>' in page.text

    filtered = await client.get("/erbjudanden", params={"category": "competence"})
    assert "Tio timmar upphandlingsstöd" in filtered.text
    assert "Bokhylla på hjul" not in filtered.text
    assert 'value="competence" checked' in filtered.text

    far = await client.get("/erbjudanden", params={"near": "0188", "within_km": "10"})
    assert "Inga erbjudanden matchar sökningen" in far.text
    assert "1 erbjudande" not in far.text


async def test_distance_filter_without_a_place_is_explained_in_the_results(client):
    page = await client.get("/erbjudanden", params={"within_km": "10"})
    assert page.status_code == 422
    assert "Ange en kommun att mäta avståndet från." in page.text
    partial = await client.get(
        "/erbjudanden", params={"within_km": "10"}, headers={"hx-request": "true"}
    )
    # htmx swaps only successful answers, so the message comes as a 200 partial.
    assert partial.status_code == 200
    assert "Ange en kommun att mäta avståndet från." in partial.text


async def test_htmx_requests_get_only_the_results(client):
    page = await client.get("/erbjudanden", headers={"hx-request": "true"})
    assert page.status_code == 200
    assert page.text.lstrip().startswith('<div id="results"')
    assert "<html" not in page.text


async def test_visitors_see_no_sharing_link_and_are_asked_to_sign_in(client):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner)
    page = await client.get(f"/erbjudanden/{offer.id}")
    assert page.status_code == 200
    assert ">Delning</a>" not in page.text
    assert "Logga in för att fråga efter erbjudandet." in page.text
    assert 'name="quantity"' not in page.text
    assert (await client.get("/delning")).status_code == 303


async def test_member_creates_an_offer_with_the_form(client):
    library = await make_library("0182", "nacka-forum")
    user = await make_user(organisation="0182")
    await sign_in(client, user)
    page = await client.get("/erbjudanden/nytt")
    assert page.status_code == 200
    assert f'<option value="{library}">' in page.text
    response = await client.post(
        "/erbjudanden/nytt",
        data={**form(location=library), "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303, response.text
    detail = await client.get(response.headers["location"])
    assert "<h1>Bokhylla på hjul</h1>" in detail.text
    assert "Erbjudandet är publicerat." in detail.text
    assert "2 av 2 st kvar" in detail.text
    assert f"Testbibliotek {library}" in detail.text
    row = await ResourceOffer.select().where(ResourceOffer.title == "Bokhylla på hjul").first()
    assert row["status"] == "published"
    assert row["quantity_left"] == 2
    assert row["cost_sek"] is None


async def test_form_errors_are_shown_beside_the_field_and_nothing_is_stored(client):
    user = await make_user(organisation="0182")
    await sign_in(client, user)
    before = await ResourceOffer.count()
    response = await client.post(
        "/erbjudanden/nytt",
        data={**form(terms="cost_sharing"), "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 422
    assert 'id="cost_sek-error"' in response.text
    assert "Ange kostnaden i kronor vid kostnadsdelning." in response.text
    assert 'aria-invalid="true" aria-describedby="cost_sek-error"' in response.text
    assert 'value="Bokhylla på hjul"' in response.text
    assert 'value="cost_sharing" checked' in response.text

    zero = await client.post(
        "/erbjudanden/nytt",
        data={**form(quantity="0"), "_csrf_token": await csrf_token(client)},
    )
    assert zero.status_code == 422
    assert 'id="quantity-error"' in zero.text
    assert "Måste vara minst 1." in zero.text
    assert await ResourceOffer.count() == before


async def test_draft_then_edit_with_a_stale_version_then_publish(client):
    user = await make_user(organisation="0182")
    await sign_in(client, user)
    token = await csrf_token(client)
    created = await client.post(
        "/erbjudanden/nytt", data={**form(action="draft"), "_csrf_token": token}
    )
    assert created.status_code == 303
    offer_id = int(created.headers["location"].rsplit("/", 1)[1])
    edit = await client.get(f"/erbjudanden/{offer_id}/redigera")
    assert 'value="Bokhylla på hjul"' in edit.text
    version = re.search(r'name="version" value="(\d+)"', edit.text)[1]
    saved = await client.post(
        f"/erbjudanden/{offer_id}/redigera",
        data={**form(title="Två bokhyllor på hjul"), "version": version, "_csrf_token": token},
    )
    assert saved.status_code == 303
    stale = await client.post(
        f"/erbjudanden/{offer_id}/redigera",
        data={**form(title="Gammal rubrik"), "version": version, "_csrf_token": token},
    )
    assert stale.status_code == 409
    assert "Erbjudandet har ändrats av någon annan." in stale.text
    published = await client.post(
        f"/erbjudanden/{offer_id}/status", data={"to": "published", "_csrf_token": token}
    )
    assert published.status_code == 303
    row = (
        await ResourceOffer.select(ResourceOffer.title, ResourceOffer.status)
        .where(ResourceOffer.id == offer_id)
        .first()
    )
    assert row == {"title": "Två bokhyllor på hjul", "status": "published"}


async def test_withdrawing_asks_for_confirmation(client):
    user = await make_user(organisation="0182")
    offer = await make_offer(user)
    await sign_in(client, user)
    detail = await client.get(f"/erbjudanden/{offer.id}")
    assert f"/erbjudanden/{offer.id}/status?to=withdrawn" in detail.text
    assert f"/erbjudanden/{offer.id}/redigera" in detail.text
    confirm = await client.get(f"/erbjudanden/{offer.id}/status", params={"to": "withdrawn"})
    assert "Vill du ändra status till tillbakadraget?" in confirm.text
    row = await ResourceOffer.select(ResourceOffer.status).where(ResourceOffer.id == offer.id)
    assert row[0]["status"] == "published"


async def test_request_from_another_municipality_and_accept_by_the_owner(client):
    nacka = await make_user(organisation="0182")
    offer = await make_offer(nacka, quantity=3)
    tyreso = await make_user(organisation="0138", name="Tove Tyresö")
    await sign_in(client, tyreso)
    detail = await client.get(f"/erbjudanden/{offer.id}")
    assert "Fråga efter erbjudandet" in detail.text
    assert "Hantera erbjudandet" not in detail.text
    token = await csrf_token(client)

    too_many = await client.post(
        f"/erbjudanden/{offer.id}/forfragan",
        data={"quantity": "5", "message": "", "_csrf_token": token},
    )
    assert too_many.status_code == 422
    assert 'id="quantity-error"' in too_many.text
    assert "Det finns bara 3 kvar." in too_many.text
    assert await OfferRequest.count() == 0

    sent = await client.post(
        f"/erbjudanden/{offer.id}/forfragan",
        data={"quantity": "2", "message": "Vi hämtar på fredag.", "_csrf_token": token},
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/erbjudanden/{offer.id}"
    after = await client.get(sent.headers["location"])
    assert "Förfrågan är skickad." in after.text
    assert "väntar på svar" in after.text
    request_id = (await OfferRequest.select(OfferRequest.id).first())["id"]

    await client.post("/api/v1/auth/logout", headers={"x-csrftoken": token})
    client.cookies.clear()
    await sign_in(client, nacka)
    owner_view = await client.get(f"/erbjudanden/{offer.id}")
    assert "Tove Tyresö" in owner_view.text
    assert "Vi hämtar på fredag." in owner_view.text
    assert f"/forfragningar/{request_id}/bevilja" in owner_view.text
    accepted = await client.post(
        f"/forfragningar/{request_id}/bevilja", data={"_csrf_token": await csrf_token(client)}
    )
    assert accepted.status_code == 303
    assert accepted.headers["location"] == f"/erbjudanden/{offer.id}"
    page = await client.get(accepted.headers["location"])
    assert "Förfrågan är beviljad." in page.text
    assert "1 av 3 st kvar" in page.text
    row = await OfferRequest.select(OfferRequest.status).where(OfferRequest.id == request_id)
    assert row[0]["status"] == "accepted"

    again = await client.post(
        f"/forfragningar/{request_id}/avboj",
        data={"_csrf_token": await csrf_token(client), "next": "/delning"},
    )
    assert again.status_code == 303
    assert again.headers["location"] == "/delning"
    assert "Förfrågan är redan besvarad." in (await client.get("/delning")).text


async def test_another_municipality_cannot_accept_and_nothing_changes(client):
    nacka = await make_user(organisation="0182")
    offer = await make_offer(nacka, quantity=3)
    tyreso = await make_user(organisation="0138")
    await sign_in(client, tyreso)
    token = await csrf_token(client)
    await client.post(
        f"/erbjudanden/{offer.id}/forfragan", data={"quantity": "1", "_csrf_token": token}
    )
    request_id = (await OfferRequest.select(OfferRequest.id).first())["id"]
    accepted = await client.post(
        f"/forfragningar/{request_id}/bevilja", data={"_csrf_token": token}
    )
    assert accepted.status_code == 403
    row = await OfferRequest.select(OfferRequest.status).where(OfferRequest.id == request_id)
    assert row[0]["status"] == "pending"
    left = await ResourceOffer.select(ResourceOffer.quantity_left).where(
        ResourceOffer.id == offer.id
    )
    assert left[0]["quantity_left"] == 3


async def test_an_unsafe_next_falls_back_to_the_offer(client):
    nacka = await make_user(organisation="0182")
    offer = await make_offer(nacka)
    tyreso = await make_user(organisation="0138")
    await sign_in(client, tyreso)
    token = await csrf_token(client)
    await client.post(
        f"/erbjudanden/{offer.id}/forfragan", data={"quantity": "1", "_csrf_token": token}
    )
    request_id = (await OfferRequest.select(OfferRequest.id).first())["id"]
    cancelled = await client.post(
        f"/forfragningar/{request_id}/aterta",
        data={"_csrf_token": token, "next": "https://evil.example/"},
    )
    assert cancelled.status_code == 303
    assert cancelled.headers["location"] == f"/erbjudanden/{offer.id}"


async def test_sharing_page_shows_own_offers_incoming_and_outgoing(client):
    nacka = await make_user(organisation="0182")
    shelf = await make_offer(nacka, quantity=3)
    draft = await make_offer(nacka, title="Bokbuss i vila", status="draft")
    tyreso = await make_user(organisation="0138")
    cart = await make_offer(tyreso, title="Bokvagn i ek")

    await sign_in(client, tyreso)
    token = await csrf_token(client)
    await client.post(
        f"/erbjudanden/{shelf.id}/forfragan",
        data={"quantity": "1", "message": "Till barnavdelningen.", "_csrf_token": token},
    )
    await client.post("/api/v1/auth/logout", headers={"x-csrftoken": token})
    client.cookies.clear()

    await sign_in(client, nacka)
    token = await csrf_token(client)
    await client.post(
        f"/erbjudanden/{cart.id}/forfragan", data={"quantity": "1", "_csrf_token": token}
    )
    page = await client.get("/delning")
    assert page.status_code == 200
    assert 'aria-current="page">Delning</a>' in page.text
    own = page.text.split('id="own-heading"')[1].split('id="incoming-heading"')[0]
    assert "Bokhylla på hjul" in own and "Bokbuss i vila" in own
    assert "Utkast" in own and "3 av 3 st" in own
    assert f"/erbjudanden/{draft.id}" in own
    incoming = page.text.split('id="incoming-heading"')[1].split('id="outgoing-heading"')[0]
    assert "Tyresö" in incoming and "Till barnavdelningen." in incoming
    assert "/bevilja" in incoming and "/avboj" in incoming
    assert 'name="next" value="/delning"' in incoming
    outgoing = page.text.split('id="outgoing-heading"')[1]
    assert "Bokvagn i ek" in outgoing
    assert "Väntar på svar" in outgoing
    assert "/aterta" in outgoing
