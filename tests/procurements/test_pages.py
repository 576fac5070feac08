"""The HTML pages of joint procurements: list, detail with totals, forms, moves."""

from __future__ import annotations

import re

from portal.accounts.roles import Role
from portal.procurements.phases import Phase
from portal.procurements.tables import Participation, Procurement
from tests.factories import csrf_token, make_user, sign_in
from tests.procurements.factories import make_coordinator, make_procurement, participate


def form(**overrides):
    data = {
        "title": "Medieförsörjning 2028",
        "description": "Inköp av tryckta medier till länets bibliotek.",
        "category": "media_supply",
        "cpv_codes": ["22113000-5"],
        "lead": "01",
        "lot_title_0": "Vuxenlitteratur",
        "lot_cpv_0": "22113000-5",
        "lot_title_1": "Barnlitteratur",
        "interest_deadline": "2027-02-01",
        "tender_publication": "2027-03-01",
        "tender_deadline": "2027-04-01",
        "contract_start": "2027-06-01",
        "contract_end": "2029-05-31",
        "extension_years": "1",
    }
    data.update(overrides)
    return data


async def test_list_page_shows_public_procurements_with_facets(client):
    await make_procurement(title="E-böcker för hela länet")
    await make_procurement(phase=Phase.idea, title="Hemlig idé")
    page = await client.get("/upphandlingar")
    assert page.status_code == 200
    assert "<h1>Samordnade upphandlingar</h1>" in page.text
    assert "E-böcker för hela länet" in page.text
    assert "Hemlig idé" not in page.text
    assert re.search(r'name="category" value="e_media"[^>]*>\s*<label[^>]*>E-medier', page.text)
    partial = await client.get("/upphandlingar", headers={"hx-request": "true"})
    assert partial.text.lstrip().startswith('<div id="results"')


async def test_visitor_sees_the_public_part_only(client):
    procurement = await make_procurement()
    member = await make_user(organisation="0184", name="Sara Solna")
    await participate(member, procurement, "0184", "committed", 100_000, 20_000)
    page = await client.get(f"/upphandlingar/{procurement.id}")
    assert page.status_code == 200
    assert procurement.title in page.text
    assert "E-böcker för vuxna" in page.text  # lots are public
    assert "Solna" not in page.text
    assert "Sara Solna" not in page.text
    assert "Logga in för att se vilka organisationer" in page.text


async def test_member_sees_participants_totals_and_the_threshold_verdict(client):
    procurement = await make_procurement(
        tender_publication="2025-03-01",
        interest_deadline=None,
        tender_deadline=None,
        contract_start="2025-06-01",
        contract_end="2027-05-31",
        extension_years=0,
    )
    await participate(
        await make_user(organisation="0184"), procurement, "0184", "committed", 300_000, 100_000
    )
    member = await make_user(organisation="0183")
    await participate(member, procurement, "0183", "interested", 50_000)
    await sign_in(client, member)
    page = await client.get(f"/upphandlingar/{procurement.id}")
    assert "Solna kommun" in page.text and "Sundbyberg kommun" in page.text
    assert re.search(r'id="committed-total">\s*800\xa0000', page.text), page.text
    assert "Över direktupphandlingsgränsen men under EU:s tröskelvärde." in page.text
    assert "19 kap. LOU" in page.text
    assert "Ändra vårt deltagande" in page.text


async def test_missing_sek_figure_is_said_plainly(client):
    procurement = await make_procurement(
        tender_publication="2027-03-01", interest_deadline=None, tender_deadline=None
    )
    await participate(
        await make_user(organisation="0184"), procurement, "0184", "committed", 300_000
    )
    await sign_in(client, await make_user(organisation="0184"))
    page = await client.get(f"/upphandlingar/{procurement.id}")
    assert "Beloppet i kronor är ännu inte fastställt" in page.text
    assert "216\xa0000 euro" in page.text
    assert "går det inte att säga" in page.text


async def test_coordinator_creates_with_the_form_and_sees_errors_beside_fields(client):
    await sign_in(client, await make_coordinator())
    new = await client.get("/upphandlingar/ny")
    assert new.status_code == 200
    token = await csrf_token(client)
    bad = await client.post(
        "/upphandlingar/ny",
        data={**form(contract_end="2027-01-01"), "_csrf_token": token},
    )
    assert bad.status_code == 422
    assert 'id="contract_end-error"' in bad.text
    assert "Avtalet kan inte sluta innan det börjar." in bad.text
    assert 'value="Medieförsörjning 2028"' in bad.text
    ok = await client.post("/upphandlingar/ny", data={**form(), "_csrf_token": token})
    assert ok.status_code == 303, ok.text
    detail = await client.get(ok.headers["location"])
    assert "<h1>Medieförsörjning 2028</h1>" in detail.text
    assert "Upphandlingen är sparad som idé." in detail.text
    row = await Procurement.select().where(Procurement.title == "Medieförsörjning 2028").first()
    assert row["extension_years"] == 1 and row["phase"] == "idea"


async def test_members_cannot_open_the_new_form(client):
    await sign_in(client, await make_user(organisation="0184"))
    assert (await client.get("/upphandlingar/ny")).status_code == 403


async def test_coordinator_moves_with_a_comment_shown_in_the_timeline(client):
    coordinator = await make_coordinator()
    procurement = await make_procurement(coordinator, phase=Phase.idea)
    await sign_in(client, coordinator)
    confirm = await client.get(f"/upphandlingar/{procurement.id}/fas?to=interest")
    assert confirm.status_code == 200
    assert "Öppna för intresseanmälan" in confirm.text
    token = await csrf_token(client)
    empty = await client.post(
        f"/upphandlingar/{procurement.id}/fas",
        data={"to": "interest", "comment": "", "_csrf_token": token},
    )
    assert empty.status_code == 422
    assert 'id="comment-error"' in empty.text
    moved = await client.post(
        f"/upphandlingar/{procurement.id}/fas",
        data={"to": "interest", "comment": "Styrgruppen beslutade 12 mars", "_csrf_token": token},
    )
    assert moved.status_code == 303
    detail = await client.get(f"/upphandlingar/{procurement.id}")
    assert "Upphandlingen är nu i fasen Intresseanmälan." in detail.text
    assert "Styrgruppen beslutade 12 mars" in detail.text


async def test_member_registers_with_the_form_typing_spaces_in_sums(client):
    procurement = await make_procurement()
    member = await make_user(organisation="0184")
    await sign_in(client, member)
    page = await client.get(f"/upphandlingar/{procurement.id}/deltagande/0184")
    assert page.status_code == 200
    first, second = procurement.lots
    token = await csrf_token(client)
    bad = await client.post(
        f"/upphandlingar/{procurement.id}/deltagande/0184",
        data={
            "status": "committed",
            f"volume_{first.id}": "-5",
            "version": "0",
            "_csrf_token": token,
        },
    )
    assert bad.status_code == 422
    assert f'id="volume_{first.id}-error"' in bad.text
    ok = await client.post(
        f"/upphandlingar/{procurement.id}/deltagande/0184",
        data={
            "status": "committed",
            f"volume_{first.id}": "150 000",
            f"volume_{second.id}": "25 000 kr",
            "version": "0",
            "_csrf_token": token,
        },
    )
    assert ok.status_code == 303, ok.text
    row = await Participation.select(Participation.status).where(
        Participation.procurement == procurement.id
    )
    assert row == [{"status": "committed"}]
    other = await client.post(
        f"/upphandlingar/{procurement.id}/deltagande/0183",
        data={"status": "committed", "version": "0", "_csrf_token": token},
    )
    assert other.status_code == 403


async def test_coordinator_records_power_of_attorney_on_the_page(client):
    coordinator = await make_coordinator()
    procurement = await make_procurement(coordinator)
    await participate(await make_user(organisation="0184"), procurement, "0184", "committed", 1)
    await sign_in(client, coordinator)
    page = await client.get(f"/upphandlingar/{procurement.id}")
    assert "Registrera fullmakt för Solna kommun" in page.text
    response = await client.post(
        f"/upphandlingar/{procurement.id}/deltagande/0184/fullmakt",
        data={"received": "true", "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303
    row = await Participation.select(Participation.power_of_attorney).where(
        Participation.procurement == procurement.id
    )
    assert row == [{"power_of_attorney": True}]


async def test_thresholds_page_and_admin_form(client):
    page = await client.get("/upphandlingar/troskelvarden")
    assert page.status_code == 200
    assert "Inte fastställt" in page.text
    assert "Lägg till nästa period" not in page.text
    admin = await make_user(organisation="01", roles=(Role.admin,))
    await sign_in(client, admin)
    token = await csrf_token(client)
    added = await client.post(
        "/upphandlingar/troskelvarden",
        data={
            "kind": "eu_sub_central",
            "valid_from": "2028-01-01",
            "valid_to": "2029-12-31",
            "amount_eur": "225 000",
            "_csrf_token": token,
        },
    )
    assert added.status_code == 303, added.text
    bad = await client.post(
        "/upphandlingar/troskelvarden",
        data={"kind": "eu_sub_central", "valid_from": "2029-01-01", "_csrf_token": token},
    )
    assert bad.status_code == 422
    assert 'id="amount_sek-error"' in bad.text


async def test_calendar_page_shows_a_secret_link_and_makes_a_new_one(client):
    await sign_in(client, await make_user(organisation="0184"))
    page = await client.get("/upphandlingar/kalender")
    url = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page.text)[1]
    assert url.endswith(".ics")
    regenerated = await client.post(
        "/upphandlingar/kalender/ny-lank", data={"_csrf_token": await csrf_token(client)}
    )
    assert regenerated.status_code == 303
    page = await client.get("/upphandlingar/kalender")
    assert url not in page.text
