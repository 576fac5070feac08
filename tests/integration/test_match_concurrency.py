"""Twenty accepts at once against an expert with room for five: exactly five succeed."""

from __future__ import annotations

import asyncio

from portal.errors import Conflict
from portal.matches import services
from portal.matches.schemas import MatchCreate, ProviderIn
from portal.matches.tables import Match
from tests.matching.helpers import botkyrka_need, current, expert


async def test_concurrent_accepts_never_exceed_the_experts_capacity(committed_database):
    # 5 hours a week over the four-week horizon: room for five matches of four hours.
    expert_user, profile = await expert("0180", capacity_hours_per_week=5)
    match_ids = []
    for n in range(20):
        member, need = await botkyrka_need(title=f"Tigrinska böcker, del {n + 1}")
        proposal = MatchCreate(need_id=need.id, provider=ProviderIn("expert", profile.id), hours=4)
        match_ids.append((await services.propose(await current(member), proposal)).id)
    answering = await current(expert_user)

    async def accept(match_id: int) -> str:
        try:
            await services.accept(answering, match_id)
        except Conflict:
            return "refused"
        return "accepted"

    outcomes = await asyncio.gather(*(accept(i) for i in match_ids))

    assert outcomes.count("accepted") == 5
    assert outcomes.count("refused") == 15
    held = await Match.select(Match.hours).where(
        Match.expert == profile.id, Match.status == "accepted"
    )
    assert sum(row["hours"] for row in held) == 20
