"""Mail through a real SMTP server: one mail per proposal in the recipient's language, daily
digests, a failing address marked, a server that is down leaves the mail pending."""

from __future__ import annotations

import json
import re

import pytest

from portal.accounts.tables import UserAccount
from portal.db.raw import fetch
from portal.notifications import outbox
from portal.notifications.kinds import Frequency, Kind
from portal.notifications.services import notify, set_preferences
from tests.factories import csrf_headers, make_user, sign_in
from tests.matching.helpers import botkyrka_need, expert
from tests.notifications.smtp import SmtpServer, free_port, html_part, text_part

pytestmark = pytest.mark.usefixtures("db")


async def queued_mail_ids() -> list[int]:
    """The mails the queue holds jobs for, in the order they were queued."""
    rows = await fetch(
        "SELECT args FROM procrastinate_jobs WHERE task_name = 'send_mail' ORDER BY id"
    )
    return [
        json.loads(r["args"])["mail_id"] if isinstance(r["args"], str) else r["args"]["mail_id"]
        for r in rows
    ]


async def deliver_all() -> list[str]:
    """What the worker does for each queued job."""
    return [await outbox.deliver(mail_id) for mail_id in await queued_mail_ids()]


async def test_a_proposal_mails_the_expert_once_in_their_language(client, mail_to):
    member, need = await botkyrka_need()
    expert_user, profile = await expert("0180")
    await UserAccount.update({UserAccount.language: "en"}).where(UserAccount.id == expert_user.id)

    await sign_in(client, member)
    response = await client.post(
        "/api/v1/matches",
        json={"need_id": need.id, "provider": {"type": "expert", "id": profile.id}},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 201, response.text
    match_id = response.json()["id"]

    assert await deliver_all() == ["sent"]
    mails = mail_to.inbox.messages
    assert len(mails) == 1
    mail = mails[0]
    assert mail["To"] == expert_user.email
    assert mail["Subject"] == f"New proposal about {need.title} from Botkyrka kommun"
    text = text_part(mail)
    assert text.startswith(f"Hello {expert_user.name}!")
    link = f"http://portal.test/matchningar/{match_id}"
    assert link in text
    assert f'href="{link}"' in html_part(mail)
    assert mail["List-Unsubscribe"].startswith("<http://portal.test/avregistrera/")
    # Nobody else heard of it: the member proposed it themselves.
    assert await fetch("SELECT id FROM notification WHERE recipient = $1", member.id) == []

    # The link works for the expert.
    await sign_in(client, expert_user)
    page = await client.get(link.removeprefix("http://portal.test"))
    assert page.status_code == 200
    assert need.title in page.text

    # Delivering again sends nothing more: the mail is marked sent.
    assert await deliver_all() == ["skipped"]
    assert len(mail_to.inbox.messages) == 1


async def test_a_daily_digest_gathers_several_events_into_one_mail(mail_to):
    person = await make_user(organisation="0180")
    await set_preferences(person.id, {Kind.procurement_phase: Frequency.daily})
    for n in range(3):
        await notify(
            Kind.procurement_phase,
            [person.id],
            link=f"/upphandlingar/{n + 100}",
            params={"procurement": f"E-böcker {n}", "phase": "tendering"},
        )
    assert await queued_mail_ids() == []  # nothing goes out at once

    assert await outbox.send_due_digests(Frequency.daily) == 1
    assert await deliver_all() == ["sent"]
    [mail] = mail_to.inbox.to(person.email)
    assert mail["Subject"] == "Daglig sammanfattning från Samverkansportalen"
    text = text_part(mail)
    for n in range(3):
        assert f"Upphandlingen ”E-böcker {n}” är nu i fasen Annonserad" in text
        assert f"http://portal.test/upphandlingar/{n + 100}" in text
    # The next digest has nothing left to send.
    assert await outbox.send_due_digests(Frequency.daily) == 0


async def test_never_means_no_mail_but_the_notification_is_there(mail_to):
    person = await make_user(organisation="0180")
    await set_preferences(person.id, {Kind.message: Frequency.never})
    created = await notify(
        Kind.message, [person.id], link="/behov/1", params={"author": "A", "thread": "T"}
    )
    assert len(created) == 1
    assert await queued_mail_ids() == []
    assert await outbox.send_due_digests(Frequency.daily) == 0


async def test_a_refused_address_is_marked_and_not_retried(settings):
    from portal.notifications import config as mail_config
    from tests.notifications.conftest import mail_settings

    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 5.1.1 No such mailbox"

    server = SmtpServer()
    from aiosmtpd.controller import Controller

    controller = Controller(Refusing(), hostname="127.0.0.1", port=server.port)
    controller.start()
    mail_config.configure(mail_settings(settings, server.url))
    try:
        person = await make_user(organisation="0180")
        await notify(
            Kind.message, [person.id], link="/behov/1", params={"author": "A", "thread": "T"}
        )
        assert await deliver_all() == ["failed"]
    finally:
        controller.stop()
        mail_config.configure(settings)
    account = await UserAccount.select().where(UserAccount.id == person.id).first()
    assert account["mail_failed_at"] is not None
    assert "550" in account["mail_failure"]
    # Later events are still noted in the portal, but no more mail is queued to that address.
    await notify(Kind.message, [person.id], link="/behov/2", params={"author": "B", "thread": "U"})
    assert len(await queued_mail_ids()) == 1


async def test_a_server_that_is_down_leaves_the_mail_pending_with_the_error(settings):
    from portal.notifications import config as mail_config
    from tests.notifications.conftest import mail_settings

    mail_config.configure(mail_settings(settings, f"smtp://127.0.0.1:{free_port()}"))
    try:
        person = await make_user(organisation="0180")
        await notify(
            Kind.message, [person.id], link="/behov/1", params={"author": "A", "thread": "T"}
        )
        [mail_id] = await queued_mail_ids()
        with pytest.raises(outbox.MailNotSent):
            await outbox.deliver(mail_id)
    finally:
        mail_config.configure(settings)
    [row] = await fetch(
        "SELECT status, attempts, last_error FROM outbound_mail WHERE id = $1", mail_id
    )
    assert row["status"] == "pending"
    assert row["attempts"] == 1
    assert re.search(r"connect|refused", row["last_error"], re.IGNORECASE)


async def test_without_smtp_in_development_mail_is_kept_for_the_developer_page():
    person = await make_user(organisation="0180")
    await notify(Kind.message, [person.id], link="/behov/1", params={"author": "A", "thread": "T"})
    assert await deliver_all() == ["kept"]
