"""Notifications in the portal: the list with its unread count, marking read, preferences,
signed unsubscribe links, the admins' outbox; the same through the JSON API."""

from __future__ import annotations

import pytest

from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.db.raw import fetch
from portal.notifications import outbox
from portal.notifications.kinds import Frequency, Kind
from portal.notifications.services import notify, preferences
from portal.notifications.tokens import unsubscribe_token
from tests.factories import csrf_headers, csrf_token, make_user, sign_in

pytestmark = pytest.mark.usefixtures("db")


async def phase_news(person, n: int = 1) -> list[int]:
    ids = []
    for i in range(n):
        ids += await notify(
            Kind.procurement_phase,
            [person.id],
            link=f"/upphandlingar/{i + 1}",
            params={"procurement": f"Medieförsörjning {i + 1}", "phase": "tendering"},
        )
    return ids


async def test_the_list_shows_the_unread_count_and_opening_one_marks_it_read(client):
    person = await make_user(organisation="0180")
    first, _second = await phase_news(person, 2)
    await sign_in(client, person)

    page = await client.get("/notiser/")
    assert page.status_code == 200
    assert "Upphandlingen ”Medieförsörjning 1” är nu i fasen Annonserad" in page.text
    assert '<span class="notice-count">2<span class="visually-hidden"> olästa' in page.text

    opened = await client.get(f"/notiser/{first}")
    assert opened.status_code == 303
    assert opened.headers["location"] == "/upphandlingar/1"
    page = await client.get("/notiser/?unread=true")
    assert "Medieförsörjning 1" not in page.text
    assert "Medieförsörjning 2" in page.text
    assert '<span class="notice-count">1<span class="visually-hidden"> oläst<' in page.text

    done = await client.post("/notiser/las-alla", data={"_csrf_token": await csrf_token(client)})
    assert done.status_code == 303
    page = await client.get("/notiser/?unread=true")
    assert "Du har inga olästa notiser." in page.text
    assert "notice-count" not in page.text


async def test_someone_elses_notification_cannot_be_opened(client):
    owner = await make_user(organisation="0180")
    [theirs] = await phase_news(owner)
    other = await make_user(organisation="0180")
    await sign_in(client, other)
    assert (await client.get(f"/notiser/{theirs}")).status_code == 404
    [row] = await fetch("SELECT read_at FROM notification WHERE id = $1", theirs)
    assert row["read_at"] is None


async def test_preferences_are_saved_from_the_form_and_bad_values_are_refused(client):
    person = await make_user(organisation="0180")
    await sign_in(client, person)
    form = await client.get("/notiser/installningar")
    assert form.status_code == 200
    assert 'name="match_proposed" value="immediately" checked' in form.text

    token = await csrf_token(client)
    bad = await client.post(
        "/notiser/installningar", data={"_csrf_token": token, "message": "hourly"}
    )
    assert bad.status_code == 422
    assert "Välj ett av alternativen." in bad.text
    assert (await preferences(person.id))["message"] == "immediately"

    saved = await client.post(
        "/notiser/installningar",
        data={"_csrf_token": token, "message": "weekly", "saved_search": "never"},
    )
    assert saved.status_code == 303
    chosen = await preferences(person.id)
    assert chosen["message"] == "weekly"
    assert chosen["saved_search"] == "never"
    assert chosen["match_proposed"] == "immediately"
    events = (
        await AuditEvent.select()
        .where(
            AuditEvent.action == "notification_preferences.update",
            AuditEvent.entity_id == str(person.id),
        )
        .output(load_json=True)
    )
    assert events and events[-1]["changes"]["message"] == ["immediately", "weekly"]


async def test_a_signed_unsubscribe_link_turns_off_that_kind_only_for_its_owner(client):
    person = await make_user(organisation="0180")
    other = await make_user(organisation="0180")
    token = unsubscribe_token(person.id, "message")
    path = f"/avregistrera/{person.id}/message/{token}"

    confirm = await client.get(path)
    assert confirm.status_code == 200
    assert "Vill du sluta få e-post om: Nytt meddelande i en tråd jag deltar i?" in confirm.text
    assert (await preferences(person.id))["message"] == "immediately"  # GET changes nothing

    # The same token cannot serve another person or another kind.
    assert (await client.post(f"/avregistrera/{other.id}/message/{token}")).status_code == 404
    assert (
        await client.post(f"/avregistrera/{person.id}/match_proposed/{token}")
    ).status_code == 404
    assert (await client.post(f"/avregistrera/{person.id}/message/{token}x")).status_code == 404
    assert (await preferences(other.id))["message"] == "immediately"
    assert (await preferences(person.id))["match_proposed"] == "immediately"

    # One click from a mail client: no session, no CSRF token; the signature authorises it.
    done = await client.post(path)
    assert done.status_code == 200
    assert "Du får inte längre e-post om" in done.text
    assert (await preferences(person.id))["message"] == "never"


async def test_the_api_lists_marks_and_sets_preferences(client):
    person = await make_user(organisation="0180")
    ids = await phase_news(person, 3)
    await sign_in(client, person)
    headers = await csrf_headers(client)

    listed = (await client.get("/api/v1/notifications?unread=true")).json()
    assert listed["total"] == 3
    assert [item["id"] for item in listed["items"]] == sorted(ids, reverse=True)
    assert listed["items"][0]["link"] == "/upphandlingar/3"

    assert (
        await client.post(f"/api/v1/notifications/{ids[0]}/read", headers=headers)
    ).status_code == 204
    assert (await client.get("/api/v1/notifications?unread=true")).json()["total"] == 2
    assert (await client.post("/api/v1/notifications/read-all", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/notifications?unread=true")).json()["total"] == 0
    assert (await client.get("/api/v1/notifications")).json()["total"] == 3

    bad = await client.put(
        "/api/v1/notifications/preferences",
        json={"preferences": {"message": "hourly"}},
        headers=headers,
    )
    assert bad.status_code == 422
    unknown = await client.put(
        "/api/v1/notifications/preferences",
        json={"preferences": {"gossip": "daily"}},
        headers=headers,
    )
    assert unknown.status_code == 422
    ok = await client.put(
        "/api/v1/notifications/preferences",
        json={"preferences": {"message": "daily"}},
        headers=headers,
    )
    assert ok.status_code == 200
    assert ok.json()["message"] == "daily"

    # Anonymous: nothing to see.
    await client.post("/api/v1/auth/logout", headers=headers)
    assert (await client.get("/api/v1/notifications")).status_code == 401


async def test_admins_see_refused_addresses_and_kept_mail_others_do_not(client):
    admin = await make_user(organisation="01", roles=(Role.admin,))
    member = await make_user(organisation="0180")
    await notify(
        Kind.message, [member.id], link="/behov/1", params={"author": "Ann", "thread": "Somaliska"}
    )
    [mail] = await fetch("SELECT id FROM outbound_mail WHERE recipient = $1", member.id)
    assert await outbox.deliver(mail["id"]) == "kept"
    await fetch(
        "UPDATE user_account SET mail_failed_at = now(), mail_failure = '550 No such mailbox' "
        "WHERE id = $1",
        member.id,
    )

    await sign_in(client, member)
    assert (await client.get("/admin/e-post/")).status_code == 403

    await sign_in(client, admin)
    page = await client.get("/admin/e-post/")
    assert page.status_code == 200
    assert member.email in page.text
    assert "550 No such mailbox" in page.text
    assert "Nytt meddelande från Ann om ”Somaliska”" in page.text
    one = await client.get(f"/admin/e-post/{mail['id']}")
    assert "http://" in one.text and "/behov/1" in one.text
    assert "<dd>Sparat i utvecklingsläge</dd>" in one.text


async def test_notify_never_tells_the_person_who_acted_nor_inactive_people():
    actor = await make_user(organisation="0180")
    colleague = await make_user(organisation="0180")
    gone = await make_user(organisation="0180")
    await fetch("UPDATE user_account SET active = false WHERE id = $1", gone.id)
    created = await notify(
        Kind.procurement_phase,
        [actor.id, colleague.id, gone.id],
        link="/upphandlingar/1",
        params={"procurement": "X", "phase": "interest"},
        exclude=actor.id,
    )
    rows = await fetch("SELECT recipient FROM notification WHERE id = ANY($1)", created)
    assert [r["recipient"] for r in rows] == [colleague.id]


async def test_a_saved_frequency_overrides_the_preference_and_dedupe_keys_count_once():
    person = await make_user(organisation="0180")
    for _ in range(2):
        await notify(
            Kind.saved_search,
            [person.id],
            link="/behov/9",
            params={"search": "Somaliska", "title": "Barnböcker"},
            dedupe_key="saved:1:need:9",
            frequency=Frequency.weekly,
        )
    rows = await fetch("SELECT mail_frequency FROM notification WHERE recipient = $1", person.id)
    assert [r["mail_frequency"] for r in rows] == ["weekly"]
