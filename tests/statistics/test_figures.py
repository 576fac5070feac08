"""Every figure of the statistics pages against hand-made data whose answers are counted here."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from portal.accounts.roles import Role
from portal.db.raw import fetch
from portal.matches import services as matches
from portal.matches.schemas import MatchCreate, ProviderIn
from portal.offers import requests
from portal.offers.schemas import RequestCreate
from portal.statistics import figures, services
from portal.statistics.periods import default_period, previous
from tests.factories import make_need, make_offer, make_user, sign_in
from tests.matching.helpers import current, expert
from tests.procurements.factories import make_coordinator, make_procurement, participate

pytestmark = pytest.mark.usefixtures("db")

TODAY = date.today()
PERIOD = default_period(TODAY)


async def world():
    """Three needs posted (and a draft), one completed and one accepted match, one shared
    offer, one joint procurement with a committed participant."""
    botkyrka = await make_user(organisation="0127")
    stockholm = await make_user(organisation="0180")
    tir = [{"code": "tir", "level": "fluent"}]
    som = [{"code": "som", "level": "fluent"}]
    common = {"required_scripts": [], "required_skills": [], "wished_skills": []}
    need_a = await make_need(botkyrka, required_languages=tir, estimated_hours=8, **common)
    need_b = await make_need(botkyrka, required_languages=som, estimated_hours=6, **common)
    await make_need(stockholm, required_languages=som, estimated_hours=4, **common)
    await make_need(botkyrka, required_languages=tir, status="draft", **common)
    x_user, x = await expert(
        "0180",
        languages=[{"code": "tir", "level": "native"}],
        scripts=[],
        skills=[],
        capacity_hours_per_week=5,
    )
    y_user, y = await expert(
        "0126",
        languages=[{"code": "som", "level": "native"}],
        scripts=[],
        skills=[],
        capacity_hours_per_week=2,
    )
    member = await current(botkyrka)
    first = await matches.propose(
        member, MatchCreate(need_id=need_a.id, provider=ProviderIn("expert", x.id))
    )
    await matches.accept(await current(x_user), first.id)
    await matches.complete(await current(x_user), first.id, 7.0)
    second = await matches.propose(
        member, MatchCreate(need_id=need_b.id, provider=ProviderIn("expert", y.id))
    )
    await matches.accept(await current(y_user), second.id)

    huddinge = await make_user(organisation="0126")
    offer = await make_offer(huddinge, category="equipment", quantity=5)
    asked = await requests.create_request(member, offer.id, RequestCreate(quantity=2))
    await requests.accept_request(await current(huddinge), asked.id)

    coordinator = await make_coordinator()
    procurement = await make_procurement(coordinator)
    await participate(botkyrka, procurement, "0127", "committed", 100_000, 50_000)
    return {
        "botkyrka": botkyrka,
        "stockholm": stockholm,
        "coordinator": coordinator,
        "procurement": procurement,
    }


async def test_dashboard_figures_are_correct_to_the_record():
    await world()
    assert await figures.open_needs_by_language("01") == [figures.Count("som", 1)]
    assert await figures.open_needs_by_municipality("01") == [figures.Count("0180", 1)]

    stats = await figures.proposal_stats("01", PERIOD)
    assert (stats.posted, stats.proposed) == (3, 2)
    assert stats.share_proposed == pytest.approx(2 / 3)
    assert stats.median_days_to_proposal == 0.0
    assert stats.median_days_to_acceptance == 0.0
    before = await figures.proposal_stats("01", previous(PERIOD))
    assert (before.posted, before.proposed, before.median_days_to_proposal) == (0, 0, None)

    flows = await figures.hour_flows("01", PERIOD)
    assert flows == [figures.Flow("0180", "0127", 7.0, 1)]
    assert figures.balances(flows) == {"0127": (0.0, 7.0), "0180": (7.0, 0.0)}
    assert await figures.hour_flows("01", previous(PERIOD)) == []

    capacity = {r.language: r for r in await figures.capacity_by_language("01", TODAY)}
    assert (capacity["tir"].experts, capacity["tir"].capacity_hours) == (1, 20.0)
    assert capacity["tir"].used_hours == 0.0  # completed work holds no hours
    assert (capacity["som"].capacity_hours, capacity["som"].used_hours) == (8.0, 6.0)
    assert capacity["som"].free_hours == 2.0

    assert await figures.offers_by_category("01", PERIOD) == [figures.OfferRow("equipment", 1, 2)]
    assert await figures.offers_by_category("01", previous(PERIOD)) == []
    assert await figures.pipeline("01") == [figures.PipelineRow("interest", 1, 150_000)]
    deadlines = await figures.deadlines("01", TODAY)
    assert [(d.kind, (d.day - TODAY).days) for d in deadlines] == [("interest", 30)]


async def test_municipality_figures():
    await world()
    by_status = {c.key: c.value for c in await figures.needs_by_status("0127")}
    assert by_status == {"done": 1, "matched": 1, "draft": 1}
    joined = await figures.procurements_joined("0127")
    assert [(j.status, j.committed_sek) for j in joined] == [("committed", 150_000)]
    assert await figures.procurements_joined("0180") == []
    stats = await figures.proposal_stats("01", PERIOD, "0127")
    assert (stats.posted, stats.proposed) == (2, 2)


async def test_the_need_keeps_its_first_proposal_and_acceptance_as_the_matches_say():
    """propose → decline → propose → accept: the need's stored times are the earliest
    proposal (the declined one) and the earliest acceptance of its matches."""
    member_user = await make_user(organisation="0127")
    tir = [{"code": "tir", "level": "fluent"}]
    common = {"required_scripts": [], "required_skills": [], "wished_skills": []}
    need = await make_need(member_user, required_languages=tir, estimated_hours=8, **common)
    x_user, x = await expert(
        "0180",
        languages=[{"code": "tir", "level": "native"}],
        scripts=[],
        skills=[],
        capacity_hours_per_week=5,
    )
    member, provider = await current(member_user), await current(x_user)
    proposal = MatchCreate(need_id=need.id, provider=ProviderIn("expert", x.id))

    async def stored():
        row = (
            await fetch(
                "SELECT first_proposed_at, first_accepted_at FROM need WHERE id = $1", need.id
            )
        )[0]
        return row["first_proposed_at"], row["first_accepted_at"]

    async def history():
        row = (
            await fetch(
                "SELECT min(created_at) AS proposed, min(accepted_at) AS accepted FROM match "
                "WHERE need = $1",
                need.id,
            )
        )[0]
        return row["proposed"], row["accepted"]

    assert await stored() == (None, None)
    declined = await matches.propose(member, proposal)
    assert await stored() == await history()
    assert (await stored())[1] is None
    await matches.decline(provider, declined.id, "Hinner inte.")
    accepted = await matches.propose(member, proposal)
    await matches.accept(provider, accepted.id)
    first_proposed, first_accepted = await stored()
    assert (first_proposed, first_accepted) == await history()
    times = {
        r["id"]: (r["created_at"], r["accepted_at"])
        for r in await fetch(
            "SELECT id, created_at, accepted_at FROM match WHERE need = $1", need.id
        )
    }
    assert first_proposed == times[declined.id][0] < times[accepted.id][0]
    assert times[declined.id][1] is None
    assert first_accepted == times[accepted.id][1] is not None
    stats = await figures.proposal_stats("01", PERIOD, "0127")
    assert (stats.posted, stats.proposed) == (1, 1)


async def test_dashboard_page_charts_and_csv_for_coordinators(client):
    people = await world()
    await sign_in(client, people["coordinator"])
    page = await client.get("/dashboard")
    assert page.status_code == 200, page.text
    assert "Öppna behov per språk" in page.text
    assert '<img src="/dashboard/diagram/open-by-language.svg?period=quarter"' in page.text
    chart = await client.get("/dashboard/diagram/hours-balance.svg?period=quarter")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in chart.text and "Timmar givna och mottagna" in chart.text
    data = await client.get("/dashboard/data/hour-flows.csv?period=quarter")
    rows = list(csv.reader(io.StringIO(data.text)))
    assert rows[1:] == [[rows[1][0], "7.0"]]
    assert rows[0][1].startswith("Botkyrka") and rows[1][0].startswith("Stockholm")
    assert (await client.get("/dashboard/data/nothing.csv")).status_code == 404


async def test_bad_periods_get_a_message_and_the_default_period(client):
    people = await world()
    await sign_in(client, people["coordinator"])
    for query in (
        "period=decade",
        "period=custom&start=2026-05-01&end=2026-01-01",
        "period=custom&start=igår",
        "period=custom&start=1990-01-01&end=1990-02-01",
    ):
        page = await client.get(f"/dashboard?{query}")
        assert page.status_code == 200
        assert 'role="alert"' in page.text, query
        assert 'value="quarter" selected' in page.text
    custom = await client.get("/dashboard?period=custom&start=2026-01-01&end=2026-12-31")
    assert 'role="alert"' not in custom.text
    overview = await services.dashboard("01", default_period(TODAY), TODAY)
    assert overview.previous == previous(overview.period)


async def test_who_sees_which_statistics(client):
    people = await world()
    assert (await client.get("/dashboard")).status_code in (302, 303)
    await sign_in(client, people["botkyrka"])
    assert (await client.get("/dashboard")).status_code == 403
    own = await client.get("/organisations/0127/statistics")
    assert own.status_code == 200 and "Stockholm" in own.text  # help received from Stockholm
    assert (await client.get("/organisations/0180/statistics")).status_code == 403
    assert (await client.get("/organisations/9999/statistics")).status_code == 404
    csv_file = await client.get("/organisations/0127/statistics/data/procurements-joined.csv")
    assert "150000" in csv_file.text
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    assert (await client.get("/organisations/0180/statistics")).status_code == 200


async def test_public_statistics_hold_no_personal_data(client):
    await world()
    page = await client.get("/statistik")
    assert page.status_code == 200
    assert "Testperson" not in page.text and "@example.test" not in page.text
    assert "Vem hjälpte vem" not in page.text  # no municipality pairs in public
    body = (await client.get("/statistik.json")).json()
    assert set(body["datasets"]) == {
        "open-by-language",
        "offers-by-category",
        "procurement-pipeline",
    }
    text = str(body)
    assert "Testperson" not in text and "example.test" not in text
    assert (await client.get("/statistik/diagram/hour-flows.svg")).status_code == 404
    data = await client.get("/statistik/data/procurement-pipeline.csv")
    assert list(csv.reader(io.StringIO(data.text)))[1] == ["Intresseanmälan", "1", "150000"]
