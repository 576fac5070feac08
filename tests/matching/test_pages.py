from __future__ import annotations

import re

import pytest

from portal.accounts.roles import Role
from portal.matches import runs
from portal.matches.tables import Match
from tests.factories import csrf_token, make_user, sign_in
from tests.matching.helpers import botkyrka_need, expert

pytestmark = pytest.mark.usefixtures("db")


async def form_post(client, url, data):
    return await client.post(url, data={"_csrf_token": await csrf_token(client), **data})


async def test_need_page_shows_ranked_suggestions_with_reasons_and_a_propose_button(client):
    member, need = await botkyrka_need()
    _, best = await expert("0180")
    await expert("0126", skills=["marc21"], headline="Andra experten")
    await sign_in(client, member)
    page = await client.get(f"/behov/{need.id}")
    assert page.status_code == 200
    html = page.text
    assert "Förslag på vem som kan hjälpa" in html
    assert html.index("Katalogiserar på tigrinska") < html.index("Andra experten")
    assert "Önskade kompetenser" in html
    assert 'value="' + str(best.id) + '"' in html

    response = await form_post(
        client,
        "/matchningar/",
        {"need_id": str(need.id), "provider_type": "expert", "provider_id": str(best.id)},
    )
    assert response.status_code == 303
    match_id = int(re.search(r"/matchningar/(\d+)", response.headers["location"])[1])
    assert await Match.exists().where(Match.id == match_id, Match.status == "proposed")


async def test_visitors_and_other_members_see_no_suggestions(client):
    _, need = await botkyrka_need()
    await expert("0180")
    assert "Förslag på vem som kan hjälpa" not in (await client.get(f"/behov/{need.id}")).text
    await sign_in(client, await make_user(organisation="0138"))
    assert "Förslag på vem som kan hjälpa" not in (await client.get(f"/behov/{need.id}")).text


async def test_expert_accepts_declines_and_completes_through_the_pages(client):
    member, need = await botkyrka_need()
    expert_user, profile = await expert("0180")
    await sign_in(client, member)
    response = await form_post(
        client,
        "/matchningar/",
        {"need_id": str(need.id), "provider_type": "expert", "provider_id": str(profile.id)},
    )
    match_url = response.headers["location"]
    await sign_in(client, expert_user)
    page = await client.get(match_url)
    assert "Acceptera" in page.text and "Avböj" in page.text
    assert (await form_post(client, match_url + "/accept", {})).status_code == 303
    page = await client.get(match_url)
    assert "Accepterad" in page.text
    assert "Markera som slutfört" in page.text
    assert (
        await form_post(client, match_url + "/complete", {"hours_logged": "6,5"})
    ).status_code == 303
    row = await Match.select(Match.status, Match.hours_logged).first()
    assert row == {"status": "completed", "hours_logged": 6.5}
    ledger = await client.get("/timmar/")
    assert ledger.status_code == 200 and "Botkyrka" in ledger.text


async def test_cancel_asks_for_a_reason_first(client):
    member, need = await botkyrka_need()
    _, profile = await expert("0180")
    await sign_in(client, member)
    response = await form_post(
        client,
        "/matchningar/",
        {"need_id": str(need.id), "provider_type": "expert", "provider_id": str(profile.id)},
    )
    match_url = response.headers["location"]
    confirm = await client.get(match_url + "/avbryt")
    assert "Ja, avbryt matchningen" in confirm.text
    refused = await form_post(client, match_url + "/cancel", {"reason": ""})
    assert refused.status_code == 422
    assert await Match.exists().where(Match.status == "proposed")
    assert (
        await form_post(client, match_url + "/cancel", {"reason": "Fel behov"})
    ).status_code == 303
    assert await Match.exists().where(Match.status == "cancelled")


async def test_scoring_page_explains_and_coordinators_edit_weights(client):
    page = await client.get("/matchning/poang")
    assert page.status_code == 200
    assert "Samarbete över kommungränsen" in page.text
    assert "Spara vikterna" not in page.text
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    assert "Spara vikterna" in (await client.get("/matchning/poang")).text
    bad = await form_post(client, "/matchning/poang", {"distance": "abc"})
    assert bad.status_code == 422


async def test_coordinator_runs_and_proposes_from_the_run_page(client):
    _, need = await botkyrka_need()
    _, profile = await expert("0180")
    await sign_in(client, await make_user(organisation="01", roles=(Role.coordinator,)))
    started = await form_post(client, "/matchning/korningar", {"horizon_weeks": "4"})
    assert started.status_code == 303
    run_url = started.headers["location"]
    waiting = await client.get(run_url)
    assert 'http-equiv="refresh"' in waiting.text and "<progress" in waiting.text
    run_id = int(run_url.rsplit("/", 1)[1])
    await runs.execute_run(run_id)
    done = await client.get(run_url)
    assert "Bevisat bästa möjliga fördelning" in done.text
    key = f"{need.id}:expert:{profile.id}"
    assert key in done.text
    made = await form_post(client, run_url + "/forslag", {"chosen": key})
    assert made.status_code == 303
    assert await Match.exists().where(Match.need == need.id, Match.run == run_id)


async def test_members_cannot_reach_the_run_pages(client):
    await sign_in(client, await make_user(organisation="0127"))
    assert (await client.get("/matchning/korningar")).status_code == 403
