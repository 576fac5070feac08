"""A pass of the alerts reads a search of the needs again only when a need was written or
deleted since it last read it, on a database whose writes commit (the change tracking tells
committed transactions apart)."""

from __future__ import annotations

import dataclasses

import pytest

from portal.db.raw import fetch
from portal.saved_searches import lists, services
from portal.saved_searches.schemas import SavedList
from tests.factories import make_need, make_user
from tests.saved_searches.helpers import alerts_for, save_search, stored_searches

pytestmark = pytest.mark.usefixtures("committed_database", "mail_configured")


@pytest.fixture
def reads(monkeypatch) -> list[int]:
    """Counts the times the needs list is asked what a search matches."""
    spec = lists.LISTS[SavedList.needs]
    asked: list[int] = []

    async def counted(viewer, filters):
        asked.append(viewer.id)
        return await spec.ids(viewer, filters)

    monkeypatch.setitem(lists.LISTS, SavedList.needs, dataclasses.replace(spec, ids=counted))
    return asked


async def test_a_search_is_read_again_only_after_needs_change(reads):
    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    old = await make_need(poster, title="Somaliska sagor sedan tidigare")
    await save_search(searcher, "language=som")
    assert reads == [searcher.id]  # saving reads what the search matches already
    reads.clear()

    # Nothing written since the search was saved: not read.
    assert await services.alert_new_matches() == 0
    assert reads == []
    [row] = await stored_searches(searcher)
    assert row["checked_at"] is not None

    new = await make_need(poster, title="Somaliska bilderböcker")
    assert await services.alert_new_matches() == 1
    assert reads == [searcher.id]
    [alert] = await alerts_for(searcher)
    assert alert["link"] == f"/behov/{new.id}"

    # Nothing since that pass.
    assert await services.alert_new_matches() == 0
    assert reads == [searcher.id]

    # A deletion is a change too (it leaves a tombstone).
    await fetch("DELETE FROM need WHERE id = $1", old.id)
    assert await services.alert_new_matches() == 0
    assert reads == [searcher.id, searcher.id]
