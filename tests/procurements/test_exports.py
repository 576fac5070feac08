"""Exports read back: CSV and XLSX (openpyxl), the iCalendar feeds (icalendar), and OCDS
release packages validated offline against the 1.1.5 schemas."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from icalendar import Calendar
from jsonschema import Draft4Validator
from openpyxl import load_workbook
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from portal.accounts.roles import Role
from portal.paths import DATA_DIR
from portal.procurements.phases import Phase
from tests.factories import csrf_headers, make_user, sign_in
from tests.procurements.factories import make_procurement, participate

OCDS_DIR = DATA_DIR / "ocds"


@pytest.fixture(scope="module")
def package_validator() -> Draft4Validator:
    schemas = [
        json.loads((OCDS_DIR / name).read_text(encoding="utf-8"))
        for name in ("release-package-schema.json", "release-schema.json")
    ]
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in schemas
    )
    return Draft4Validator(
        schemas[0], registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


def assert_valid(validator: Draft4Validator, document: dict) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


async def three_lots_five_participants():
    procurement = await make_procurement(
        title="Bibliotekssystem för länet",
        category="library_system",
        cpv_codes=["48161000-4", "72212160-8"],
        lots=[
            {"title": "Bibliotekssystem", "cpv_code": "48161000-4"},
            {
                "title": "Webbplats och katalog",
                "cpv_code": "72212160-8",
                "description": "Publik webbkatalog",
            },
            {"title": "Utbildning", "cpv_code": "80500000-9"},
        ],
        tender_publication="2027-03-01",
        interest_deadline="2027-01-15",
        tender_deadline="2027-04-15",
        contract_start="2027-09-01",
        contract_end="2031-08-31",
        extension_years=2,
    )
    volumes = {
        "0184": ("committed", 120_000, 30_000, 5_000),
        "0183": ("committed", 80_000, 20_000, 5_000),
        "0180": ("committed", 400_000, 90_000, 0),
        "0181": ("interested", 100_000, 0, 10_000),
        "0127": ("interested", 90_000, 15_000),
    }
    for code, (status, *amounts) in volumes.items():
        await participate(await make_user(organisation=code), procurement, code, status, *amounts)
    return procurement


async def test_ocds_package_of_a_procurement_with_three_lots_and_five_participants(
    client, package_validator
):
    procurement = await three_lots_five_participants()
    await sign_in(client, await make_user(organisation="0184"))
    response = await client.get(f"/api/v1/procurements/{procurement.id}/ocds")
    assert response.status_code == 200, response.text
    package = response.json()
    assert_valid(package_validator, package)
    release = package["releases"][0]
    assert release["ocid"] == f"ocds-xxxxxx-svp-{procurement.id}"
    roles = {party["id"]: party["roles"] for party in release["parties"]}
    assert roles == {
        "01": ["procuringEntity"],
        "0184": ["buyer"],
        "0183": ["buyer"],
        "0180": ["buyer"],
        "0181": ["interestedParty"],
        "0127": ["interestedParty"],
    }
    solna = next(p for p in release["parties"] if p["id"] == "0184")
    assert solna["identifier"] == {
        "scheme": "SE-KOMMUNKOD",
        "id": "0184",
        "legalName": "Solna kommun",
    }
    tender = release["tender"]
    assert tender["status"] == "planning"
    assert tender["mainProcurementCategory"] == "services"
    assert len(tender["lots"]) == 3
    assert {item["relatedLot"] for item in tender["items"]} == {lot["id"] for lot in tender["lots"]}
    assert tender["items"][0]["classification"] == {
        "scheme": "CPV",
        "id": "48161000-4",
        "description": "Bibliotekssystem",
    }
    # Four years plus two of extension: six years of the committed annual sums.
    assert tender["value"] == {"amount": (600_000 + 140_000 + 10_000) * 6, "currency": "SEK"}
    assert tender["lots"][0]["value"]["amount"] == 600_000 * 6
    assert tender["tenderPeriod"]["startDate"].startswith("2027-03-01T00:00:00")
    assert tender["contractPeriod"]["maxExtentDate"].startswith("2033-08-31")


async def test_visitors_get_the_public_part_of_the_ocds_release(client, package_validator):
    procurement = await three_lots_five_participants()
    package = (await client.get(f"/api/v1/procurements/{procurement.id}/ocds")).json()
    assert_valid(package_validator, package)
    release = package["releases"][0]
    assert [p["id"] for p in release["parties"]] == ["01"]
    assert "value" not in release["tender"]


async def test_ocds_releases_for_all_non_idea_procurements(client, package_validator):
    first = await three_lots_five_participants()
    idea = await make_procurement(phase=Phase.idea, title="Idé")
    cancelled = await make_procurement(phase=Phase.cancelled, title="Avbruten")
    tendering = await make_procurement(phase=Phase.tendering, title="Annonserad")
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    package = (await client.get("/api/v1/ocds/releases")).json()
    assert_valid(package_validator, package)
    ocids = {r["ocid"]: r for r in package["releases"]}
    assert f"ocds-xxxxxx-svp-{idea.id}" not in ocids
    assert ocids[f"ocds-xxxxxx-svp-{cancelled.id}"]["tender"]["status"] == "cancelled"
    assert ocids[f"ocds-xxxxxx-svp-{tendering.id}"]["tender"]["status"] == "active"
    assert ocids[f"ocds-xxxxxx-svp-{first.id}"]["tag"] == ["planning"]
    assert (await client.get(f"/api/v1/procurements/{idea.id}/ocds")).status_code == 404


async def test_participants_as_csv_and_xlsx_with_swedish_headings(client):
    procurement = await three_lots_five_participants()
    await sign_in(client, await make_user(organisation="0184"))
    csv_response = await client.get(f"/api/v1/procurements/{procurement.id}/participations.csv")
    assert csv_response.status_code == 200
    assert csv_response.headers["content-type"].startswith("text/csv")
    text = csv_response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(";")[:4] == ["Organisation", "Organisationskod", "Kommunkod", "Status"]
    assert "Bibliotekssystem, kr per år" in lines[0]
    solna = next(line for line in lines if line.startswith("Solna kommun"))
    assert solna.split(";")[3:8] == ["Deltar", "120000", "30000", "5000", "155000"]

    xlsx = await client.get(f"/api/v1/procurements/{procurement.id}/participations.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Organisation", "Organisationskod", "Kommunkod", "Status")
    assert rows[0][8] == "Fullmakt mottagen"
    by_name = {row[0]: row for row in rows[1:]}
    assert len(by_name) == 5
    stockholm = by_name["Stockholm kommun"]
    assert stockholm[4:8] == (400_000, 90_000, 0, 490_000)
    assert all(isinstance(value, int) for value in stockholm[4:8])
    assert by_name["Botkyrka kommun"][3] == "Intresserad"


async def test_exports_of_participants_need_a_signed_in_user(client):
    procurement = await make_procurement()
    response = await client.get(f"/api/v1/procurements/{procurement.id}/participations.csv")
    assert response.status_code == 401


async def test_public_deadline_feed_parses_as_icalendar(client):
    procurement = await make_procurement(
        interest_deadline="2027-01-15",
        tender_publication="2027-02-01",
        tender_deadline="2027-03-01",
    )
    idea = await make_procurement(phase=Phase.idea, title="Hemlig idé")
    response = await client.get("/procurements/deadlines.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT")]
    mine = {
        str(e["uid"]).split("@")[0]: e
        for e in events
        if str(e["uid"]).startswith(f"procurement-{procurement.id}-")
    }
    interest = mine[f"procurement-{procurement.id}-interest_deadline"]
    assert interest.decoded("dtstart") == date(2027, 1, 15)
    assert str(interest["summary"]).startswith("Sista dag för intresseanmälan: ")
    assert len(mine) == 5
    assert not any(str(e["uid"]).startswith(f"procurement-{idea.id}-") for e in events)


async def test_organisation_feed_behind_a_secret_token(client):
    taking_part = await make_procurement(title="Med Solna")
    other_county_part = await make_procurement(phase=Phase.tendering, title="Utan Solna")
    member = await make_user(organisation="0184")
    await participate(member, taking_part, "0184", "interested", 10)
    await sign_in(client, member)
    feed = (await client.get("/api/v1/procurement-feeds/0184")).json()
    path = feed["url"].split("://", 1)[1].split("/", 1)[1]
    response = await client.get(f"/{path}")
    assert response.status_code == 200
    uids = {str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert any(uid.startswith(f"procurement-{taking_part.id}-") for uid in uids)
    assert not any(uid.startswith(f"procurement-{other_county_part.id}-") for uid in uids)

    refused = await client.get("/api/v1/procurement-feeds/0183")
    assert refused.status_code == 403
    renewed = await client.post(
        "/api/v1/procurement-feeds/0184", headers=await csrf_headers(client)
    )
    assert renewed.json()["url"] != feed["url"]
    assert (await client.get(f"/{path}")).status_code == 404
    assert (await client.get("/procurements/deadlines/nonsense.ics")).status_code == 404
