"""Participations, volumes, power of attorney, totals against the thresholds, and the
admins' thresholds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.procurements.phases import Phase
from portal.procurements.tables import Participation, ParticipationVolume, Procurement
from tests.factories import csrf_headers, make_user, sign_in
from tests.procurements.factories import make_procurement, participate


def volumes(procurement, *amounts):
    return [
        {"lot_id": lot.id, "annual_volume_sek": amount}
        for lot, amount in zip(procurement.lots, amounts, strict=False)
    ]


async def test_member_registers_their_organisation_with_volumes(client):
    procurement = await make_procurement()
    member = await make_user(organisation="0184")
    await sign_in(client, member)
    url = f"/api/v1/procurements/{procurement.id}/participations/0184"
    response = await client.put(
        url,
        json={"status": "interested", "volumes": volumes(procurement, 150_000, 40_000)},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["organisation"]["code"] == "0184"
    assert body["status"] == "interested"
    assert body["annual_total_sek"] == 190_000
    assert body["version"] == 1
    assert body["contact"]["email"] == member.email
    assert body["power_of_attorney"] is False

    committed = await client.put(
        url,
        json={"status": "committed", "volumes": volumes(procurement, 160_000), "version": 1},
        headers=await csrf_headers(client),
    )
    assert committed.status_code == 200, committed.text
    assert committed.json()["version"] == 2
    assert committed.json()["volumes"] == [
        {"lot_id": procurement.lots[0].id, "annual_volume_sek": 160_000}
    ]
    listed = await client.get(f"/api/v1/procurements/{procurement.id}/participations")
    assert [p["organisation"]["code"] for p in listed.json()] == ["0184"]
    audit = (
        await AuditEvent.select(AuditEvent.changes)
        .where(AuditEvent.action == "procurement.participation")
        .output(load_json=True)
    )
    assert audit[-1]["changes"]["status"] == ["interested", "committed"]


async def test_member_of_another_organisation_is_refused(client):
    procurement = await make_procurement()
    await sign_in(client, await make_user(organisation="0183"))
    response = await client.put(
        f"/api/v1/procurements/{procurement.id}/participations/0184",
        json={"status": "interested", "volumes": volumes(procurement, 1)},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 403
    assert not await Participation.exists().where(Participation.procurement == procurement.id)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "interested", "volumes": [{"lot_id": 0, "annual_volume_sek": -1}]}, None),
        (
            {"status": "interested", "volumes": [{"lot_id": 0, "annual_volume_sek": 10**10}]},
            None,
        ),
        (
            {"status": "interested", "volumes": [{"lot_id": -5, "annual_volume_sek": 10}]},
            "volumes[0].lot_id",
        ),
        ({"status": "maybe", "volumes": []}, "status"),
        ({"status": "interested", "volumes": [{"lot_id": 0}]}, "volumes[0].annual_volume_sek"),
    ],
)
async def test_bad_volumes_are_422_and_nothing_is_stored(client, body, field):
    procurement = await make_procurement()
    for volume in body["volumes"]:
        if volume["lot_id"] == 0:
            volume["lot_id"] = procurement.lots[0].id
    await sign_in(client, await make_user(organisation="0184"))
    response = await client.put(
        f"/api/v1/procurements/{procurement.id}/participations/0184",
        json=body,
        headers=await csrf_headers(client),
    )
    assert response.status_code == 422, response.text
    fields = response.json()["extra"]["fields"]
    assert (field or "volumes[0].annual_volume_sek") in fields, fields
    assert not await Participation.exists().where(Participation.procurement == procurement.id)


async def test_lot_of_another_procurement_and_duplicate_lots_are_refused(client):
    procurement = await make_procurement()
    other = await make_procurement(title="Annan")
    await sign_in(client, await make_user(organisation="0184"))
    url = f"/api/v1/procurements/{procurement.id}/participations/0184"
    foreign = await client.put(
        url,
        json={"status": "interested", "volumes": volumes(other, 5)},
        headers=await csrf_headers(client),
    )
    assert foreign.status_code == 422
    assert "volumes[0].lot_id" in foreign.json()["extra"]["fields"]
    twice = await client.put(
        url,
        json={"status": "interested", "volumes": volumes(procurement, 5) * 2},
        headers=await csrf_headers(client),
    )
    assert twice.status_code == 422
    assert "volumes[1].lot_id" in twice.json()["extra"]["fields"]


async def test_stale_version_is_409_with_the_current_state(client):
    procurement = await make_procurement()
    member = await make_user(organisation="0184")
    await participate(member, procurement, "0184", "interested", 100)
    await sign_in(client, member)
    response = await client.put(
        f"/api/v1/procurements/{procurement.id}/participations/0184",
        json={"status": "committed", "volumes": volumes(procurement, 200), "version": 7},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 409
    current = response.json()["extra"]["current"]
    assert current["version"] == 1 and current["annual_total_sek"] == 100


async def test_withdrawn_cannot_jump_from_committed_back_to_interested(client):
    procurement = await make_procurement()
    member = await make_user(organisation="0184")
    await participate(member, procurement, "0184", "committed", 100)
    await sign_in(client, member)
    response = await client.put(
        f"/api/v1/procurements/{procurement.id}/participations/0184",
        json={"status": "interested", "volumes": []},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 409
    assert response.json()["extra"]["allowed"] == ["committed", "withdrawn"]


async def test_after_the_interest_deadline_only_coordinators_change_participations(client):
    procurement = await make_procurement()
    await Procurement.update(
        {Procurement.interest_deadline: date.today() - timedelta(days=2)}
    ).where(Procurement.id == procurement.id)
    await sign_in(client, await make_user(organisation="0184"))
    url = f"/api/v1/procurements/{procurement.id}/participations/0184"
    body = {"status": "interested", "volumes": volumes(procurement, 100)}
    late = await client.put(url, json=body, headers=await csrf_headers(client))
    assert late.status_code == 403
    assert "Sista dag för intresseanmälan" in late.json()["detail"]
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator, Role.member)))
    ok = await client.put(url, json=body, headers=await csrf_headers(client))
    assert ok.status_code == 200, ok.text


async def test_no_participation_in_ideas_nor_after_closing(client):
    idea = await make_procurement(phase=Phase.idea)
    coordinator = await make_user(organisation="01", roles=(Role.coordinator,))
    await sign_in(client, coordinator)
    response = await client.put(
        f"/api/v1/procurements/{idea.id}/participations/0184",
        json={"status": "interested", "volumes": []},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 409


async def test_coordinator_records_the_power_of_attorney(client):
    procurement = await make_procurement()
    member = await make_user(organisation="0184")
    await participate(member, procurement, "0184", "committed", 100)
    await sign_in(client, member)
    url = f"/api/v1/procurements/{procurement.id}/participations/0184/power-of-attorney"
    refused = await client.put(url, json={"received": True}, headers=await csrf_headers(client))
    assert refused.status_code == 403
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    ok = await client.put(url, json={"received": True}, headers=await csrf_headers(client))
    assert ok.status_code == 200, ok.text
    assert ok.json()["power_of_attorney"] is True
    assert ok.json()["power_of_attorney_at"]
    missing = await client.put(
        f"/api/v1/procurements/{procurement.id}/participations/0183/power-of-attorney",
        json={"received": True},
        headers=await csrf_headers(client),
    )
    assert missing.status_code == 404


async def test_summary_sums_committed_and_interested_apart_over_the_whole_period(client):
    # 2028-01-01..2029-12-31 is two years, plus two years of extensions: four years.
    procurement = await make_procurement(
        interest_deadline=(date.today() + timedelta(days=10)).isoformat(),
        tender_publication="2027-06-01",
        tender_deadline="2027-08-01",
    )
    await participate(
        await make_user(organisation="0184"), procurement, "0184", "committed", 100_000, 50_000
    )
    await participate(
        await make_user(organisation="0183"), procurement, "0183", "committed", 40_000, 0
    )
    await participate(
        await make_user(organisation="0180"), procurement, "0180", "interested", 500_000, 100_000
    )
    leaving = await make_user(organisation="0181")
    await participate(leaving, procurement, "0181", "interested", 900_000)
    await participate(leaving, procurement, "0181", "withdrawn", 900_000)
    await sign_in(client, await make_user(organisation="0184"))
    summary = (await client.get(f"/api/v1/procurements/{procurement.id}/summary")).json()
    assert summary["contract_years"] == 4.0
    assert summary["committed_count"] == 2 and summary["interested_count"] == 1
    assert summary["committed_annual_sek"] == 190_000
    assert summary["committed_total_sek"] == 760_000
    assert summary["interested_total_sek"] == 2_400_000
    lots = {lot["title"]: lot for lot in summary["lots"]}
    assert lots["E-böcker för vuxna"]["committed_total_sek"] == 560_000
    assert lots["E-böcker för barn och unga"]["interested_annual_sek"] == 100_000
    assessment = summary["assessment"]
    # Above 700 000 SEK; the 2026–27 EU threshold has no SEK figure, so it cannot be told.
    assert assessment["band"] == "eu_unknown"
    assert assessment["reference_date"] == "2027-06-01"
    assert assessment["from_publication"] is True
    assert assessment["direct_award"]["amount_sek"] == 700_000
    assert assessment["eu"]["amount_eur"] == 216_000 and assessment["eu"]["amount_sek"] is None

    # An admin enters the announced SEK figure: now the comparison can be made.
    await sign_in(client, await make_user(organisation="01", roles=(Role.admin,)))
    eu_id = assessment["eu"]["id"]
    patched = await client.patch(
        f"/api/v1/procurement-thresholds/{eu_id}",
        json={"amount_sek": 2_300_000},
        headers=await csrf_headers(client),
    )
    assert patched.status_code == 200, patched.text
    summary = (await client.get(f"/api/v1/procurements/{procurement.id}/summary")).json()
    assert summary["assessment"]["band"] == "below_eu"
    assert summary["band_with_interested"] == "eu"


@pytest.mark.parametrize(
    ("annual", "band"),
    [(100_000, "direct_award"), (174_999, "direct_award"), (175_000, "below_eu"), (600_000, "eu")],
)
async def test_bands_of_the_2024_25_period(client, annual, band):
    procurement = await make_procurement(
        interest_deadline=None,
        tender_publication="2025-03-01",
        tender_deadline=None,
        contract_start="2025-06-01",
        contract_end="2027-05-31",
    )
    await participate(
        await make_user(organisation="0184"), procurement, "0184", "committed", annual
    )
    await sign_in(client, await make_user(organisation="0184"))
    summary = (await client.get(f"/api/v1/procurements/{procurement.id}/summary")).json()
    # Two years plus two extension years.
    assert summary["committed_total_sek"] == annual * 4
    assert summary["assessment"]["band"] == band
    assert summary["assessment"]["eu"]["amount_sek"] == 2_389_585


async def test_without_a_contract_period_there_is_no_total(client):
    procurement = await make_procurement(contract_start=None, contract_end=None)
    await participate(await make_user(organisation="0184"), procurement, "0184", "committed", 5)
    await sign_in(client, await make_user(organisation="0184"))
    summary = (await client.get(f"/api/v1/procurements/{procurement.id}/summary")).json()
    assert summary["committed_total_sek"] is None
    assert summary["assessment"]["band"] == "unknown"
    assert summary["assessment"]["from_publication"] is True


async def test_admins_add_the_next_threshold_period(client):
    body = {
        "kind": "eu_sub_central",
        "valid_from": "2028-01-01",
        "valid_to": "2029-12-31",
        "amount_eur": 220_000,
        "source": "Kommissionens förordning",
    }
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    assert (
        await client.post(
            "/api/v1/procurement-thresholds", json=body, headers=await csrf_headers(client)
        )
    ).status_code == 403
    await sign_in(client, await make_user(organisation="01", roles=(Role.admin,)))
    headers = await csrf_headers(client)
    added = await client.post("/api/v1/procurement-thresholds", json=body, headers=headers)
    assert added.status_code == 201, added.text
    assert added.json()["amount_sek"] is None
    overlap = await client.post(
        "/api/v1/procurement-thresholds",
        json={**body, "valid_from": "2029-01-01", "valid_to": None},
        headers=headers,
    )
    assert overlap.status_code == 422
    assert "valid_from" in overlap.json()["extra"]["fields"]
    no_amount = await client.post(
        "/api/v1/procurement-thresholds",
        json={"kind": "direct_award", "valid_from": "2030-01-01", "amount_eur": 80_000},
        headers=headers,
    )
    assert no_amount.status_code == 422
    # A new direct award limit closes the open-ended one the day before.
    limit = await client.post(
        "/api/v1/procurement-thresholds",
        json={"kind": "direct_award", "valid_from": "2030-01-01", "amount_sek": 800_000},
        headers=headers,
    )
    assert limit.status_code == 201, limit.text
    listed = (await client.get("/api/v1/procurement-thresholds")).json()
    direct = [t for t in listed if t["kind"] == "direct_award"]
    assert [(t["valid_from"], t["valid_to"]) for t in direct] == [
        ("2022-02-01", "2029-12-31"),
        ("2030-01-01", None),
    ]


async def test_cpv_codes_have_swedish_and_english_labels(client):
    codes = {c["code"]: c for c in (await client.get("/api/v1/cpv-codes")).json()}
    assert len(codes) == 27
    assert codes["79995200-7"]["label"] == "Katalogiseringstjänster"
    assert codes["79995200-7"]["label_en"] == "Cataloguing services"


async def test_volumes_are_removed_with_the_participation_rows(client):
    procurement = await make_procurement()
    await participate(await make_user(organisation="0184"), procurement, "0184", "interested", 1, 2)
    assert await ParticipationVolume.count() >= 2
