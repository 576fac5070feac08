"""Private message threads through the JSON API: who reads and writes, what is refused."""

from __future__ import annotations

import json

import pytest

from portal.audit.tables import AuditEvent
from portal.messages.tables import ThreadMessage
from portal.procurements.phases import Phase
from tests.factories import make_user
from tests.messages.helpers import (
    coordinator,
    expert_user,
    offer_request,
    outsider,
    proposal,
    read,
    stored,
    write,
)
from tests.procurements.factories import make_procurement, participate

pytestmark = pytest.mark.usefixtures("db")


# --- needs ----------------------------------------------------------------------------------


async def test_the_need_thread_between_the_need_organisation_and_the_proposed_expert(client):
    p = await proposal()
    url = f"/api/v1/threads/need/{p.need.id}"

    first = await write(client, p.member, url, "Hej! Böckerna finns i Tumba, går det bra?")
    assert first.status_code == 201, first.text
    assert first.json()["author"] == p.member.name
    assert first.json()["organisation"] == "Botkyrka kommun"

    answer = await write(client, p.expert, url, "Ja, jag kan hämta dem på tisdag.")
    assert answer.status_code == 201, answer.text

    thread = await read(client, p.expert, url)
    assert thread.status_code == 200, thread.text
    page = thread.json()
    assert page["total"] == 2
    assert [m["body"] for m in page["items"]] == [
        "Hej! Böckerna finns i Tumba, går det bra?",
        "Ja, jag kan hämta dem på tisdag.",
    ]
    assert [m["author"] for m in page["items"]] == [p.member.name, p.expert.name]
    assert [m["organisation"] for m in page["items"]] == ["Botkyrka kommun", "Stockholm kommun"]
    # Names and organisations, never an e-mail address.
    for text in (thread.text, first.text, answer.text):
        assert p.member.email not in text
        assert p.expert.email not in text
        assert "@" not in text

    # The county's coordinators read it too.
    regional = await read(client, await coordinator(), url)
    assert regional.status_code == 200
    assert regional.json()["total"] == 2


async def test_others_can_neither_read_nor_write_a_need_thread(client):
    p = await proposal()
    url = f"/api/v1/threads/need/{p.need.id}"
    assert (await write(client, p.member, url, "Första meddelandet")).status_code == 201

    for stranger in (
        await outsider("0184"),  # another municipality
        await expert_user("0180"),  # an expert not proposed for the need
    ):
        reading = await read(client, stranger, url)
        assert reading.status_code in (403, 404), reading.text
        assert "Första meddelandet" not in reading.text
        writing = await write(client, stranger, url, "Får jag vara med?")
        assert writing.status_code in (403, 404), writing.text
    assert await stored("need", p.need.id) == 1

    # Not signed in at all.
    client.cookies.clear()
    assert (await client.get(url)).status_code == 401


async def test_a_draft_need_is_not_found_by_others(client):
    from tests.factories import make_need

    member = await make_user(organisation="0127")
    draft = await make_need(member, status="draft")
    url = f"/api/v1/threads/need/{draft.id}"
    assert (await write(client, member, url, "Anteckning till kollegorna")).status_code == 201
    assert (await read(client, await outsider(), url)).status_code == 404
    assert (await write(client, await outsider(), url, "Hej")).status_code == 404
    assert await stored("need", draft.id) == 1


# --- offer requests ---------------------------------------------------------------------------


async def test_the_offer_request_thread_between_the_two_organisations(client):
    giver, asker, request = await offer_request()
    url = f"/api/v1/threads/offer_request/{request.id}"

    asked = await write(client, asker, url, "Kan vi hämta vagnen på fredag?")
    assert asked.status_code == 201, asked.text
    answered = await write(client, giver, url, "Fredag efter lunch passar bra.")
    assert answered.status_code == 201, answered.text

    for side in (giver, asker):
        thread = await read(client, side, url)
        assert thread.status_code == 200
        assert [m["organisation"] for m in thread.json()["items"]] == [
            "Solna kommun",
            "Stockholm kommun",
        ]
        assert giver.email not in thread.text
        assert asker.email not in thread.text

    stranger = await outsider()
    assert (await read(client, stranger, url)).status_code == 404
    assert (await write(client, stranger, url, "Vi vill också ha en")).status_code == 404
    assert await stored("offer_request", request.id) == 2


# --- matches ----------------------------------------------------------------------------------


async def test_the_match_thread_between_the_need_side_and_the_expert(client):
    p = await proposal()
    url = f"/api/v1/threads/match/{p.match.id}"

    assert (await write(client, p.expert, url, "Hur många titlar är det?")).status_code == 201
    assert (await write(client, p.member, url, "Ett sextiotal.")).status_code == 201
    thread = await read(client, p.member, url)
    assert thread.status_code == 200
    assert [m["body"] for m in thread.json()["items"]] == [
        "Hur många titlar är det?",
        "Ett sextiotal.",
    ]

    other_expert = await expert_user("0180")
    assert (await read(client, other_expert, url)).status_code == 404
    assert (await write(client, other_expert, url, "Jag kan också")).status_code == 404
    assert (await read(client, await outsider(), url)).status_code == 404
    assert await stored("match", p.match.id) == 2
    # The need's thread and the match's thread are separate.
    assert await stored("need", p.need.id) == 0


# --- procurements -----------------------------------------------------------------------------


async def test_each_organisation_has_a_private_line_and_the_coordinator_reads_them_all(client):
    lead = await coordinator()
    procurement = await make_procurement(lead)
    solna = await make_user(organisation="0184", email="sara.solna@example.test")
    lidingo = await make_user(organisation="0186", email="leo.lidingo@example.test")
    await participate(solna, procurement, "0184", "interested", 100_000, 20_000)
    url = f"/api/v1/threads/procurement/{procurement.id}"

    # Members write to their own organisation's thread without naming it.
    asked = await write(client, solna, url, "Räcker det med en preliminär volym?")
    assert asked.status_code == 201, asked.text
    assert (await write(client, lidingo, url, "Vi funderar på att gå med.")).status_code == 201

    # Each sees only their own.
    own = await read(client, solna, url)
    assert [m["body"] for m in own.json()["items"]] == ["Räcker det med en preliminär volym?"]
    peek = await read(client, solna, url, organisation="0186")
    assert peek.status_code == 403
    assert "funderar" not in peek.text
    assert (await write(client, solna, url, "Hej Lidingö", organisation="0186")).status_code == 403

    # The coordinator chooses whose thread; without a choice the answer names the field.
    unchosen = await read(client, lead, url)
    assert unchosen.status_code == 422
    assert "organisation" in unchosen.json()["extra"]["fields"]
    for code, body in (
        ("0184", "Räcker det med en preliminär volym?"),
        ("0186", "Vi funderar på att gå med."),
    ):
        thread = await read(client, lead, url, organisation=code)
        assert thread.status_code == 200, thread.text
        assert [m["body"] for m in thread.json()["items"]] == [body]
        assert solna.email not in thread.text and lidingo.email not in thread.text

    replied = await write(
        client, lead, url, "Ja, det räcker till att börja med.", organisation="0184"
    )
    assert replied.status_code == 201
    assert replied.json()["organisation"] == "Regionbibliotek Stockholm"
    own = await read(client, solna, url)
    assert own.json()["total"] == 2

    index_url = f"/api/v1/procurements/{procurement.id}/threads"
    index = await read(client, lead, index_url)
    assert index.status_code == 200
    counts = {item["organisation"]["code"]: item["messages"] for item in index.json()}
    assert counts == {"0184": 2, "0186": 1}
    assert (await read(client, solna, index_url)).status_code == 403

    # The regional library is the other side, not a thread of its own; unknown codes are 404.
    assert (await read(client, lead, url, organisation="01")).status_code == 404
    assert (await read(client, lead, url, organisation="9999")).status_code == 404


async def test_an_idea_is_not_found_by_members(client):
    lead = await coordinator()
    idea = await make_procurement(lead, phase=Phase.idea)
    url = f"/api/v1/threads/procurement/{idea.id}"
    member = await make_user(organisation="0184")
    assert (await read(client, member, url)).status_code == 404
    assert (await write(client, member, url, "Vad är detta?")).status_code == 404
    assert await stored("procurement", idea.id) == 0


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * 5001])
async def test_an_empty_or_over_long_message_is_refused_naming_the_field(client, body):
    p = await proposal()
    response = await write(client, p.member, f"/api/v1/threads/need/{p.need.id}", body)
    assert response.status_code == 422, response.text
    assert "body" in response.json()["extra"]["fields"]
    assert await stored("need", p.need.id) == 0


async def test_a_message_of_exactly_the_longest_length_is_taken(client):
    p = await proposal()
    response = await write(client, p.member, f"/api/v1/threads/need/{p.need.id}", "å" * 5000)
    assert response.status_code == 201, response.text
    assert len(response.json()["body"]) == 5000


async def test_unknown_subjects_and_records_are_not_found(client):
    p = await proposal()
    assert (await read(client, p.member, "/api/v1/threads/invoice/1")).status_code == 404
    assert (await read(client, p.member, "/api/v1/threads/need/999999")).status_code == 404
    response = await write(client, p.member, "/api/v1/threads/match/999999", "Hej")
    assert response.status_code == 404
    assert await ThreadMessage.count() == 0


# --- paging and the audit log -----------------------------------------------------------------


async def test_a_thread_is_read_oldest_first_page_by_page(client):
    p = await proposal()
    url = f"/api/v1/threads/need/{p.need.id}"
    for n in range(1, 4):
        assert (await write(client, p.member, url, f"Meddelande {n}")).status_code == 201
    first = (await read(client, p.member, url, page_size=2)).json()
    assert [m["body"] for m in first["items"]] == ["Meddelande 1", "Meddelande 2"]
    assert (first["total"], first["page"], first["page_size"]) == (3, 1, 2)
    second = (await read(client, p.member, url, page_size=2, page=2)).json()
    assert [m["body"] for m in second["items"]] == ["Meddelande 3"]
    assert (await read(client, p.member, url, page_size=500)).status_code == 400


async def test_writing_is_audited_without_the_text(client):
    p = await proposal()
    response = await write(client, p.member, f"/api/v1/threads/need/{p.need.id}", "Hemligt")
    assert response.status_code == 201
    events = await AuditEvent.select().where(AuditEvent.action == "message.create")
    assert len(events) == 1
    event = events[0]
    assert (event["actor"], event["entity_type"], event["entity_id"]) == (
        p.member.id,
        "need",
        str(p.need.id),
    )
    changes = event["changes"]
    changes = json.loads(changes) if isinstance(changes, str) else changes
    assert changes["message"] == response.json()["id"]
    assert "Hemligt" not in json.dumps(changes)


async def test_the_openapi_document_lists_the_statuses(client):
    schema = (await client.get("/schema/openapi.json")).json()
    path = schema["paths"]["/api/v1/threads/{subject_type}/{subject_id}"]
    assert {"201", "401", "403", "404", "422"} <= set(path["post"]["responses"])
    assert {"200", "401", "403", "404"} <= set(path["get"]["responses"])
