"""The in-memory facet index answers exactly what the SQL counts answer, and follows every
committed change: new rows, changed rows, deleted rows, deactivated users, and transactions
that commit out of order. On a database whose writes really commit (the index reads
committed rows on connections of its own)."""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta

import pytest

from portal.accounts.roles import Role
from portal.db.engine import DB
from portal.db.raw import fetch
from portal.experts import services as experts
from portal.experts.schemas import ExpertFilters
from portal.needs import services as needs
from portal.needs.schemas import NeedFilters, NeedKind, StatusChange
from portal.needs.status import NeedStatus
from portal.organisations.tables import Organisation
from portal.search.facets import count_facets
from portal.vocabularies.kinds import Level
from tests.factories import make_expert, make_need, make_user
from tests.matching.helpers import current

LANGUAGES = [("som", "Latn"), ("ara", "Arab"), ("tir", "Ethi"), ("per", "Arab"), ("pol", "Latn")]
SKILLS = ["marc21", "rda", "libris-xl", "dewey"]
PLACES = ["0180", "0127", "0114"]
LEVELS = ["basic", "good", "fluent", "native"]


async def _viewers():
    return [
        None,
        await current(await make_user(organisation="0127")),
        await current(await make_user(organisation="0180", roles=(Role.coordinator,))),
        await current(await make_user(organisation="0180", roles=(Role.admin,))),
    ]


async def _region(rng: random.Random) -> None:
    """Needs in three municipalities, several statuses; experts at several levels, some
    hidden, one of a user later deactivated."""
    members = {code: await make_user(organisation=code) for code in PLACES}
    for n in range(36):
        code = PLACES[n % 3]
        language, script = LANGUAGES[rng.randrange(len(LANGUAGES))]
        need = await make_need(
            members[code],
            title=f"Behov {n}: {'katalogisering' if n % 2 else 'barnböcker'} på {language}",
            required_languages=[{"code": language, "level": rng.choice(LEVELS)}],
            required_scripts=[script],
            required_skills=rng.sample(SKILLS, rng.randrange(1, 3)),
            remote=n % 4 != 0,
            library=None if n % 4 else code,
            deadline=(date.today() + timedelta(days=10 + n * 5)).isoformat(),
        )
        owner = await current(members[code])
        for to in rng.choice([[], [], ["draft"], ["cancelled"], ["matched"]]):
            await needs.change_status(owner, need.id, StatusChange(to=NeedStatus(to)))
    for n in range(14):
        user = await make_user(organisation=PLACES[n % 3], roles=(Role.expert,))
        spoken = rng.sample(LANGUAGES, rng.randrange(1, 3))
        await make_expert(
            user,
            headline=f"Expert {n} på {'katalogisering' if n % 2 else 'ämnesord'}",
            languages=[{"code": code, "level": rng.choice(LEVELS)} for code, _ in spoken],
            scripts=sorted({script for _, script in spoken}),
            skills=rng.sample(SKILLS, rng.randrange(1, 3)),
            remote=n % 3 != 0,
            onsite=n % 3 != 1,
            municipality=PLACES[n % 3],
            visible=n % 5 != 0,
        )


def _need_filters(rng: random.Random) -> NeedFilters:
    pick = lambda values: rng.sample(values, rng.randrange(0, 3))  # noqa: E731
    return NeedFilters(
        kind=NeedKind.cataloguing,
        language=pick([code for code, _ in LANGUAGES]),
        script=pick(["Latn", "Arab", "Ethi"]),
        skill=pick(SKILLS),
        municipality=pick(PLACES),
        status=[NeedStatus(s) for s in pick(["open", "matched", "draft", "cancelled"])],
        mode=pick(["remote", "onsite"]),
        deadline_before=rng.choice([None, date.today() + timedelta(days=90)]),
        q=rng.choice([None, None, "katalogisering"]),
    )


def _expert_filters(rng: random.Random) -> ExpertFilters:
    pick = lambda values: rng.sample(values, rng.randrange(0, 3))  # noqa: E731
    return ExpertFilters(
        language=pick([code for code, _ in LANGUAGES]),
        level=rng.choice([None, Level.fluent, Level.native]),
        script=pick(["Latn", "Arab", "Ethi"]),
        skill=pick(SKILLS),
        municipality=pick(PLACES),
        mode=pick(["remote", "onsite"]),
        available=rng.random() < 0.2,
        q=rng.choice([None, None, "katalogisering"]),
    )


async def _compare(service, conditions, specs, filters) -> None:
    """The index of ``service`` (the needs or experts module) answers like SQL."""
    from_index = await service.INDEX.count(specs, conditions)
    assert from_index is not None, "the index did not answer"
    in_sql = await count_facets(source=service.COUNT_SOURCE, specs=specs, conditions=conditions)
    assert from_index.total == in_sql.total, filters
    assert from_index.facets == in_sql.facets, filters  # values, labels, order
    # The sets the counts asked for are cached now: the total alone comes from the index.
    assert await service.INDEX.total(conditions) == in_sql.total


async def _compare_needs(viewer, filters: NeedFilters) -> None:
    conditions = needs._conditions(viewer, filters)
    await _compare(needs, conditions, await needs._facet_specs(filters), filters)


async def _compare_experts(viewer, filters: ExpertFilters) -> None:
    own_hidden = None
    if viewer is not None and not viewer.has_role(Role.admin, Role.coordinator):
        own_hidden = await experts._own_hidden_profile(viewer)
    conditions = experts._conditions(viewer, filters, date.today(), own_hidden)
    await _compare(experts, conditions, await experts._facet_specs(filters), filters)


async def _compare_all(rng: random.Random, viewers, rounds: int) -> None:
    for _ in range(rounds):
        viewer = rng.choice(viewers)
        await _compare_needs(viewer, _need_filters(rng))
        await _compare_experts(viewer, _expert_filters(rng))


@pytest.fixture
async def region(committed_database):
    rng = random.Random(2026)
    await _region(rng)
    viewers = await _viewers()
    await needs.INDEX.load()
    await experts.INDEX.load()
    return rng, viewers


async def test_the_index_counts_what_sql_counts(region):
    rng, viewers = region
    # Every viewer on the default page, then random combinations of every filter.
    for viewer in viewers:
        await _compare_needs(viewer, NeedFilters())
        await _compare_experts(viewer, ExpertFilters())
    await _compare_all(rng, viewers, 80)


async def test_the_index_follows_committed_changes(region):
    rng, viewers = region
    # Fill the index's cached SQL sets (searches, deadlines, organisations), which the
    # changes below must clear.
    await _compare_all(random.Random(1), viewers, 40)
    coordinator = viewers[2]
    await _compare_experts(coordinator, ExpertFilters())
    before = await needs.INDEX.count(
        await needs._facet_specs(NeedFilters()), needs._conditions(None, NeedFilters())
    )
    assert before is not None
    # A new need, a need closed, a need deleted, a profile hidden, an expert deactivated.
    member = await make_user(organisation="0114")
    await make_need(
        member, title="Polska deckare", required_languages=[{"code": "pol", "level": "good"}]
    )
    rows = await fetch("SELECT id, organisation FROM need WHERE status = 'open' ORDER BY id")
    owner_row = await fetch(
        "SELECT u.id FROM user_account u WHERE u.organisation = $1 LIMIT 1", rows[0]["organisation"]
    )
    owner = await current(type("U", (), {"id": owner_row[0]["id"]}))
    await needs.change_status(owner, rows[0]["id"], StatusChange(to=NeedStatus.cancelled))
    await fetch("DELETE FROM need WHERE id = $1", rows[1]["id"])
    await fetch(
        "UPDATE expert_profile SET visible = NOT visible "
        "WHERE id = (SELECT min(id) FROM expert_profile)"
    )
    await fetch(
        "UPDATE user_account SET active = false WHERE id = "
        '(SELECT "user" FROM expert_profile WHERE visible ORDER BY id DESC LIMIT 1)'
    )
    after = await needs.INDEX.count(
        await needs._facet_specs(NeedFilters()), needs._conditions(None, NeedFilters())
    )
    assert after is not None
    # One open need more (the new one) and two fewer (closed, deleted).
    assert after.total == before.total - 1
    await _compare_all(rng, viewers, 40)

    await _compare_experts(coordinator, ExpertFilters())  # the coordinator's set is cached
    # An expert with a hidden profile moves to a municipality of another county: the
    # coordinator of Stockholm's county no longer sees the profile.
    await Organisation(
        code="1280",
        name="Malmö kommun",
        kind="municipality",
        county_code="12",
        municipality_code="1280",
    ).save()
    await fetch(
        "UPDATE user_account SET organisation = (SELECT id FROM organisation WHERE code = '1280') "
        'WHERE id = (SELECT "user" FROM expert_profile WHERE NOT visible ORDER BY id LIMIT 1)'
    )
    await _compare_experts(coordinator, ExpertFilters())


async def test_a_transaction_committing_after_a_later_one_is_not_missed(region):
    _, viewers = region
    open_needs = await fetch("SELECT id FROM need WHERE status = 'open' ORDER BY id LIMIT 2")
    early, late = open_needs[0]["id"], open_needs[1]["id"]
    filters = NeedFilters()
    specs = await needs._facet_specs(filters)
    conditions = needs._conditions(None, filters)
    start = (await needs.INDEX.count(specs, conditions)).total

    async with DB.pool.acquire() as first, DB.pool.acquire() as second:
        slow = first.transaction()
        await slow.start()
        # The slow transaction writes first (the older transaction id) ...
        await first.execute("UPDATE need SET status = 'cancelled' WHERE id = $1", early)
        # ... a later one commits first, and the index reads it while the slow one runs.
        await second.execute("UPDATE need SET status = 'cancelled' WHERE id = $1", late)
        assert (await needs.INDEX.count(specs, conditions)).total == start - 1
        await slow.commit()
    assert (await needs.INDEX.count(specs, conditions)).total == start - 2
    await _compare_needs(viewers[1], filters)


async def test_a_total_needing_an_unasked_text_search_is_left_to_sql(region):
    filters = NeedFilters(q="barnböcker")
    conditions = needs._conditions(None, filters)
    assert await needs.INDEX.total(conditions) is None
    page = await needs.list_needs(None, filters)  # counted in SQL
    assert page.total > 0
    await needs.INDEX.count(await needs._facet_specs(filters), conditions)
    assert await needs.INDEX.total(conditions) == page.total


async def test_counts_running_beside_writes_end_up_exact(region):
    _, viewers = region
    filters = NeedFilters()
    specs = await needs._facet_specs(filters)
    conditions = needs._conditions(viewers[1], filters)
    member = await make_user(organisation="0127")

    async def write(n: int) -> None:
        await make_need(member, title=f"Samtidigt behov {n}")

    async def count() -> None:
        assert await needs.INDEX.count(specs, conditions) is not None

    await asyncio.gather(*(write(n) for n in range(8)), *(count() for _ in range(24)))
    await _compare_needs(viewers[1], filters)


async def test_inside_a_transaction_the_sql_counts_answer(region):
    filters = NeedFilters()
    async with DB.transaction():
        answer = await needs.INDEX.count(
            await needs._facet_specs(filters), needs._conditions(None, filters)
        )
    assert answer is None
