"""Who hears of what: proposals and their answers, offer requests and their answers,
procurement phases and interest deadlines; never the person who acted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.db.raw import fetch
from portal.matches import services as matches
from portal.matches.schemas import MatchCreate, ProviderIn
from portal.notifications.events import procurement_deadlines
from portal.offers import requests as offer_requests
from portal.offers.schemas import RequestCreate
from portal.procurements import services as procurements
from portal.procurements.phases import Phase
from portal.procurements.schemas import Transition
from tests.factories import make_offer, make_user
from tests.matching.helpers import botkyrka_need, current, expert
from tests.procurements.factories import make_coordinator, make_procurement, participate

pytestmark = pytest.mark.usefixtures("db")


async def notes(user_id: int) -> list[dict]:
    return await fetch(
        "SELECT kind, link, params FROM notification WHERE recipient = $1 ORDER BY id", user_id
    )


async def kinds(user_id: int) -> list[str]:
    return [row["kind"] for row in await notes(user_id)]


async def test_a_proposal_and_its_answers_reach_the_other_side():
    member, need = await botkyrka_need()
    colleague = await make_user(organisation="0127")
    stranger = await make_user(organisation="0180")
    expert_user, profile = await expert("0180")

    match = await matches.propose(
        await current(member),
        MatchCreate(need_id=need.id, provider=ProviderIn(type="expert", id=profile.id)),
    )
    assert await kinds(expert_user.id) == ["match_proposed"]
    [note] = await notes(expert_user.id)
    assert note["link"] == f"/matchningar/{match.id}"
    assert await kinds(member.id) == []  # they proposed it themselves

    await matches.accept(await current(expert_user), match.id)
    assert await kinds(member.id) == ["match_accepted"]
    assert await kinds(colleague.id) == ["match_accepted"]  # the need's organisation
    assert await kinds(expert_user.id) == ["match_proposed"]  # not told of their own act
    assert await kinds(stranger.id) == []

    await matches.cancel(await current(member), match.id, "Boken kom aldrig")
    assert await kinds(expert_user.id) == ["match_proposed", "match_cancelled"]
    assert await kinds(colleague.id) == ["match_accepted", "match_cancelled"]
    assert await kinds(member.id) == ["match_accepted"]


async def test_an_offer_request_and_its_answer_reach_the_two_organisations():
    nacka = await make_user(organisation="0182")
    nacka_colleague = await make_user(organisation="0182")
    tyreso = await make_user(organisation="0138")
    offer = await make_offer(nacka, title="Hyllsektion", quantity=3)

    request = await offer_requests.create_request(
        await current(tyreso), offer.id, RequestCreate(quantity=1, message="Gärna!")
    )
    assert await kinds(nacka.id) == ["offer_request"]
    assert await kinds(nacka_colleague.id) == ["offer_request"]
    assert await kinds(tyreso.id) == []
    [note] = await notes(nacka.id)
    assert note["link"] == f"/erbjudanden/{offer.id}"

    await offer_requests.accept_request(await current(nacka_colleague), request.id)
    [answer] = await notes(tyreso.id)
    assert answer["kind"] == "offer_request_answered"
    assert '"answer": "accepted"' in answer["params"]
    assert await kinds(nacka_colleague.id) == ["offer_request"]


async def test_a_phase_move_reaches_the_organisations_taking_part_only():
    coordinator = await make_coordinator()
    solna = await make_user(organisation="0184")
    sundbyberg = await make_user(organisation="0183")
    withdrawn = await make_user(organisation="0186")
    outsider = await make_user(organisation="0180")
    procurement = await make_procurement(coordinator)
    await participate(solna, procurement, "0184", "committed", 300_000, 100_000)
    await participate(sundbyberg, procurement, "0183", "interested", 200_000, 50_000)
    await participate(withdrawn, procurement, "0186", "interested", 10_000, 0)
    await participate(withdrawn, procurement, "0186", "withdrawn")

    await procurements.move(
        await current(coordinator),
        procurement.id,
        Transition(to=Phase.preparation, comment="Tillräckligt intresse"),
    )
    assert await kinds(solna.id) == ["procurement_phase"]
    assert await kinds(sundbyberg.id) == ["procurement_phase"]
    assert await kinds(withdrawn.id) == []
    assert await kinds(outsider.id) == []
    assert await kinds(coordinator.id) == []  # who moved it


async def test_interest_deadline_reminders_come_seven_days_and_one_day_before_once_each():
    coordinator = await make_coordinator()
    solna = await make_user(organisation="0184")
    today = date.today()
    procurement = await make_procurement(
        coordinator, interest_deadline=(today + timedelta(days=7)).isoformat()
    )
    await participate(solna, procurement, "0184", "interested", 100_000, 0)

    assert await procurement_deadlines(today) >= 1
    assert await procurement_deadlines(today) == 0  # the job may run twice a day
    assert await kinds(solna.id) == ["procurement_deadline"]
    assert await procurement_deadlines(today + timedelta(days=1)) == 0  # 6 days: no reminder
    assert await procurement_deadlines(today + timedelta(days=6)) >= 1  # 1 day left
    reminders = await notes(solna.id)
    assert [r["kind"] for r in reminders] == ["procurement_deadline"] * 2
    assert '"days": 1' in reminders[1]["params"]
