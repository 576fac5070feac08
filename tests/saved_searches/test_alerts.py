"""Alerts of saved searches: a need or offer that starts to match notifies the search's owner
once, at the search's own frequency, and only of records the owner may see: new ones, and
older ones that become visible or matching later (a draft opened, a need edited)."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from portal.accounts.tables import UserAccount
from portal.db.raw import fetch
from portal.needs import services as needs
from portal.needs.schemas import NeedUpdate, StatusChange
from portal.needs.status import NeedStatus
from portal.notifications.content import title_for
from portal.notifications.kinds import Frequency, Kind
from portal.offers import services as offers
from portal.offers.kinds import OfferStatus
from portal.offers.schemas import OfferStatusChange
from portal.saved_searches import services
from portal.saved_searches.schemas import SavedList
from tests.factories import make_need, make_offer, make_user
from tests.saved_searches.helpers import (
    alerts_for,
    audit_actions,
    current,
    save_search,
    stored_searches,
)

pytestmark = pytest.mark.usefixtures("db", "mail_configured")

ARABIC = [{"code": "ara", "level": "fluent"}]


async def test_a_saved_search_alerts_on_a_new_matching_need():
    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    existing = await make_need(poster, title="Somaliska sagor sedan tidigare")

    search = await save_search(searcher, "language=som", name="Somaliska")
    # Saving does not alert on what was already there.
    assert await services.alert_new_matches() == 0
    assert await alerts_for(searcher) == []

    matching = await make_need(poster, title="Somaliska bilderböcker från Botkyrka")
    await make_need(poster, title="Arabiska romaner", required_languages=ARABIC)

    assert await services.alert_new_matches(now=datetime.now(UTC)) == 1
    [alert] = await alerts_for(searcher)
    assert alert["link"] == f"/behov/{matching.id}"
    assert alert["params"] == {
        "search": "Somaliska",
        "title": "Somaliska bilderböcker från Botkyrka",
    }
    assert alert["dedupe_key"] == f"saved_search:{search.id}:needs:{matching.id}"
    assert title_for(Kind.saved_search, alert["params"]) == (
        "Ny träff för din sökning ”Somaliska”: Somaliska bilderböcker från Botkyrka"
    )
    assert existing.id < matching.id
    # Nobody else heard of it.
    assert await alerts_for(poster) == []

    # The next pass has nothing new to tell.
    assert await services.alert_new_matches() == 0
    assert len(await alerts_for(searcher)) == 1
    [row] = await stored_searches(searcher)
    assert row["seen_id"] == matching.id
    assert row["checked_at"] is not None
    assert await audit_actions(search.id) == ["saved_search.create", "saved_search.alert"]


async def test_the_search_frequency_is_carried_and_immediately_queues_a_mail():
    at_once = await make_user(organisation="0180")
    weekly = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    await save_search(at_once, "language=som", frequency=Frequency.immediately)
    await save_search(weekly, "language=som", frequency=Frequency.weekly)

    need = await make_need(poster, title="Somaliska faktaböcker")
    assert await services.alert_new_matches() == 2

    [now_alert] = await alerts_for(at_once)
    [weekly_alert] = await alerts_for(weekly)
    assert now_alert["mail_frequency"] == "immediately"
    assert weekly_alert["mail_frequency"] == "weekly"
    assert now_alert["link"] == weekly_alert["link"] == f"/behov/{need.id}"

    mails = await fetch(
        "SELECT recipient, kind, subject FROM outbound_mail WHERE recipient = ANY($1)",
        [at_once.id, weekly.id],
    )
    assert mails == [
        {
            "recipient": at_once.id,
            "kind": "saved_search",
            "subject": "Ny träff för din sökning ”Somaliska”: Somaliska faktaböcker",
        }
    ]


async def test_a_need_the_searcher_may_not_see_does_not_alert():
    searcher = await make_user(organisation="0180")
    colleague = await make_user(organisation="0127")
    poster = await make_user(organisation="0127")
    # Both ask for drafts too; only the poster's own organisation may see its drafts.
    query = "language=som&status=draft&status=open"
    await save_search(searcher, query)
    await save_search(colleague, query)

    draft = await make_need(poster, title="Somaliskt utkast", status="draft")
    assert await services.alert_new_matches() == 1

    assert await alerts_for(searcher) == []
    [alert] = await alerts_for(colleague)
    assert alert["link"] == f"/behov/{draft.id}"


async def test_an_offer_matching_a_saved_search_alerts():
    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    search = await save_search(
        searcher, "category=equipment", name="Utrustning", list_name=SavedList.offers
    )
    await make_offer(poster, title="Deposition av persiska romaner", category="collection")
    shelf = await make_offer(poster, title="Bokhylla på hjul", category="equipment")

    assert await services.alert_new_matches() == 1
    [alert] = await alerts_for(searcher)
    assert alert["link"] == f"/erbjudanden/{shelf.id}"
    assert alert["params"] == {"search": "Utrustning", "title": "Bokhylla på hjul"}
    assert alert["dedupe_key"] == f"saved_search:{search.id}:offers:{shelf.id}"


async def test_never_and_inactive_owners_are_not_alerted():
    quiet = await make_user(organisation="0180")
    gone = await make_user(organisation="0180")
    listening = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    await save_search(quiet, "language=som", frequency=Frequency.never)
    await save_search(gone, "language=som")
    await save_search(listening, "language=som")
    await UserAccount.update({UserAccount.active: False}).where(UserAccount.id == gone.id)

    await make_need(poster, title="Somaliska ljudböcker")
    assert await services.alert_new_matches() == 1
    assert await alerts_for(quiet) == []
    assert await alerts_for(gone) == []
    assert len(await alerts_for(listening)) == 1


async def test_turning_alerts_back_on_starts_from_now():
    from portal.saved_searches.schemas import SavedSearchUpdate
    from tests.saved_searches.helpers import current

    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    search = await save_search(searcher, "language=som", frequency=Frequency.never)
    await make_need(poster, title="Somaliska under tystnaden")
    assert await services.alert_new_matches() == 0

    await services.update_saved_search(
        await current(searcher), search.id, SavedSearchUpdate(frequency=Frequency.daily)
    )
    assert await services.alert_new_matches() == 0  # the quiet time's need is not news now
    later = await make_need(poster, title="Somaliska efteråt")
    assert await services.alert_new_matches() == 1
    [alert] = await alerts_for(searcher)
    assert alert["link"] == f"/behov/{later.id}"


async def test_the_job_queue_runs_a_pass_every_five_minutes():
    from portal.jobs.queue import queue
    from portal.saved_searches.tasks import saved_search_alerts

    queue.perform_import_paths()
    schedules = {p.task.name: p.cron for p in queue.periodic_registry.periodic_tasks.values()}
    assert schedules["saved_search_alerts"] == "*/5 * * * *"

    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    await save_search(searcher, "language=som")
    need = await make_need(poster, title="Somaliska serier")
    assert await saved_search_alerts.func(int(datetime.now(UTC).timestamp())) == 1
    [alert] = await alerts_for(searcher)
    assert alert["link"] == f"/behov/{need.id}"


async def test_a_draft_opened_after_the_search_was_saved_alerts():
    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    draft = await make_need(poster, title="Somaliska serier, utkast", status="draft")
    await save_search(searcher, "language=som")
    assert await services.alert_new_matches() == 0

    owner = await current(poster)
    await needs.change_status(owner, draft.id, StatusChange(to=NeedStatus.open))
    assert await services.alert_new_matches() == 1
    [alert] = await alerts_for(searcher)
    assert alert["link"] == f"/behov/{draft.id}"
    assert await services.alert_new_matches() == 0


async def test_a_need_edited_to_match_alerts_once_however_often_it_comes_back():
    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    need = await make_need(poster, title="Romaner att katalogisera", required_languages=ARABIC)
    await save_search(searcher, "language=som")
    owner = await current(poster)
    somali = msgspec.convert({"required_languages": [{"code": "som", "level": "good"}]}, NeedUpdate)
    arabic = msgspec.convert({"required_languages": ARABIC}, NeedUpdate)

    await needs.update_need(owner, need.id, somali)
    assert await services.alert_new_matches() == 1
    # It stops matching, and matches again: the search has told of it already.
    await needs.update_need(owner, need.id, arabic)
    assert await services.alert_new_matches() == 0
    await needs.update_need(owner, need.id, somali)
    assert await services.alert_new_matches() == 0
    assert len(await alerts_for(searcher)) == 1


async def test_an_offer_published_after_the_search_was_saved_alerts():
    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    draft = await make_offer(
        poster, title="Skrivare att låna ut", category="equipment", status="draft"
    )
    await save_search(searcher, "category=equipment", name="Utrustning", list_name=SavedList.offers)
    assert await services.alert_new_matches() == 0

    await offers.change_status(
        await current(poster), draft.id, OfferStatusChange(to=OfferStatus.published)
    )
    assert await services.alert_new_matches() == 1
    [alert] = await alerts_for(searcher)
    assert alert["params"]["title"] == "Skrivare att låna ut"


async def test_a_search_saved_before_matches_were_kept_starts_from_what_it_had_seen():
    searcher = await make_user(organisation="0180")
    poster = await make_user(organisation="0127")
    await make_need(poster, title="Somaliska sagor sedan tidigare")
    search = await save_search(searcher, "language=som")
    await fetch("UPDATE saved_search SET matched = NULL WHERE id = $1", search.id)
    new = await make_need(poster, title="Somaliska bilderböcker")

    assert await services.alert_new_matches() == 1
    [alert] = await alerts_for(searcher)
    assert alert["link"] == f"/behov/{new.id}"
    [row] = await stored_searches(searcher)
    assert row["matched"] is not None
