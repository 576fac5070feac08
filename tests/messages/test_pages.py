"""Private threads on the pages of needs, offers, matches and procurements."""

from __future__ import annotations

import html
import re

import pytest

from tests.factories import csrf_token, make_user, sign_in
from tests.messages.helpers import coordinator, offer_request, outsider, proposal, stored
from tests.procurements.factories import make_procurement, participate

pytestmark = pytest.mark.usefixtures("db")


def thread_section(page: str, anchor: str) -> str:
    """The HTML of one thread on a page (empty when the page has none)."""
    match = re.search(rf'<section class="message-thread" id="{anchor}".*?</section>', page, re.S)
    return match.group(0) if match else ""


async def post_form(client, url: str, **fields):
    return await client.post(url, data={**fields, "_csrf_token": await csrf_token(client)})


async def test_the_need_page_shows_the_thread_to_those_who_take_part(client):
    p = await proposal()
    anchor = f"messages-need-{p.need.id}"

    await sign_in(client, p.expert)
    page = await client.get(f"/behov/{p.need.id}")
    assert page.status_code == 200
    section = thread_section(page.text, anchor)
    assert f'<h2 id="{anchor}-heading">Meddelanden</h2>' in section
    assert "Inga meddelanden ännu." in section
    assert f'<label for="{anchor}-body">Nytt meddelande</label>' in section
    assert 'name="_csrf_token"' in section

    sent = await post_form(
        client,
        f"/meddelanden/need/{p.need.id}",
        body="Jag kan börja på måndag.\nHar ni Libris-behörighet åt mig?",
        next=f"/behov/{p.need.id}",
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/behov/{p.need.id}#{anchor}"
    assert await stored("need", p.need.id) == 1

    page = await client.get(f"/behov/{p.need.id}")
    assert "Meddelandet är skickat." in page.text
    section = thread_section(page.text, anchor)
    assert "Jag kan börja på måndag.<br>Har ni Libris-behörighet åt mig?" in section
    assert html.escape(f"{p.expert.name}, Stockholm kommun") in section
    assert p.expert.email not in page.text
    assert "@" not in section

    # The need's organisation sees it too; a member elsewhere and a visitor do not.
    await sign_in(client, p.member)
    assert "Jag kan börja på måndag." in (await client.get(f"/behov/{p.need.id}")).text
    await sign_in(client, await outsider("0184"))
    page = await client.get(f"/behov/{p.need.id}")
    assert page.status_code == 200
    assert thread_section(page.text, anchor) == ""
    assert "Jag kan börja på måndag." not in page.text
    client.cookies.clear()
    assert "Jag kan börja på måndag." not in (await client.get(f"/behov/{p.need.id}")).text


async def test_the_form_says_what_is_wrong_and_stores_nothing(client):
    p = await proposal()
    await sign_in(client, p.member)
    for body, problem in (
        ("", "Meddelandet skickades inte: Får inte vara tomt."),
        ("  \n ", "Meddelandet skickades inte: Skriv ett meddelande först."),
        ("x" * 5001, "Meddelandet skickades inte: Får vara högst 5000 tecken."),
    ):
        sent = await post_form(client, f"/meddelanden/need/{p.need.id}", body=body)
        assert sent.status_code == 303
        assert sent.headers["location"] == f"/behov/{p.need.id}#messages-need-{p.need.id}"
        page = await client.get(f"/behov/{p.need.id}")
        assert problem in page.text
        assert 'class="alert alert-error"' in page.text
    assert await stored("need", p.need.id) == 0


async def test_someone_outside_the_thread_cannot_post_the_form(client):
    p = await proposal()
    await sign_in(client, await outsider())
    refused = await post_form(client, f"/meddelanden/need/{p.need.id}", body="Hej")
    assert refused.status_code == 403
    assert "<html" in refused.text
    refused = await post_form(client, f"/meddelanden/match/{p.match.id}", body="Hej")
    assert refused.status_code == 404
    assert await stored("need", p.need.id) == 0
    assert await stored("match", p.match.id) == 0


async def test_a_redirect_goes_only_to_the_portal_itself(client):
    p = await proposal()
    await sign_in(client, p.member)
    sent = await post_form(
        client, f"/meddelanden/need/{p.need.id}", body="Hej", next="https://evil.example/"
    )
    assert sent.headers["location"] == f"/behov/{p.need.id}#messages-need-{p.need.id}"


async def test_the_match_page_shows_its_thread(client):
    p = await proposal()
    anchor = f"messages-match-{p.match.id}"
    await sign_in(client, p.member)
    sent = await post_form(
        client, f"/meddelanden/match/{p.match.id}", body="Välkommen! <b>Ingen</b> kod här."
    )
    assert sent.headers["location"] == f"/matchningar/{p.match.id}#{anchor}"
    await sign_in(client, p.expert)
    page = await client.get(f"/matchningar/{p.match.id}")
    section = thread_section(page.text, anchor)
    assert "Välkommen! &lt;b&gt;Ingen&lt;/b&gt; kod här." in section
    assert html.escape(f"{p.member.name}, Botkyrka kommun") in section
    assert p.member.email not in page.text


async def test_the_offer_page_shows_a_thread_per_request_to_both_sides(client):
    giver, asker, request = await offer_request()
    anchor = f"messages-offer_request-{request.id}"
    await sign_in(client, asker)
    sent = await post_form(
        client, f"/meddelanden/offer_request/{request.id}", body="Passar fredag?"
    )
    assert sent.headers["location"] == f"/erbjudanden/{request.offer_id}#{anchor}"

    await sign_in(client, giver)
    page = await client.get(f"/erbjudanden/{request.offer_id}")
    section = thread_section(page.text, anchor)
    assert "Meddelanden med Solna kommun om 1 st" in section
    assert "Passar fredag?" in section
    assert asker.email not in page.text

    await sign_in(client, asker)
    section = thread_section((await client.get(f"/erbjudanden/{request.offer_id}")).text, anchor)
    assert "Meddelanden med Stockholm kommun om 1 st" in section
    assert "Passar fredag?" in section

    await sign_in(client, await outsider())
    page = await client.get(f"/erbjudanden/{request.offer_id}")
    assert page.status_code == 200
    assert thread_section(page.text, anchor) == ""
    assert "Passar fredag?" not in page.text


async def test_the_procurement_page_gives_members_their_line_and_the_coordinator_all(client):
    lead = await coordinator()
    procurement = await make_procurement(lead)
    solna = await make_user(organisation="0184")
    await participate(solna, procurement, "0184", "interested", 100_000, 20_000)
    anchor = f"messages-procurement-{procurement.id}"
    detail = f"/upphandlingar/{procurement.id}"

    await sign_in(client, solna)
    page = await client.get(detail)
    section = thread_section(page.text, anchor)
    assert "Meddelanden med Solna kommun" in section
    assert "Organisationernas trådar" not in page.text
    sent = await post_form(
        client, f"/meddelanden/procurement/{procurement.id}", body="En fråga om volymerna"
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"{detail}?organisation=0184#{anchor}"

    lidingo = await make_user(organisation="0186")
    await sign_in(client, lidingo)
    page = await client.get(detail)
    assert "Meddelanden med Lidingö kommun" in thread_section(page.text, anchor)
    assert "En fråga om volymerna" not in page.text
    page = await client.get(detail, params={"organisation": "0184"})
    assert "En fråga om volymerna" not in page.text

    await sign_in(client, lead)
    page = await client.get(detail)
    assert "Organisationernas trådar med regionbiblioteket" in page.text
    assert f'href="{detail}?organisation=0184#{anchor}"' in page.text
    assert thread_section(page.text, anchor) == ""
    page = await client.get(detail, params={"organisation": "0184"})
    section = thread_section(page.text, anchor)
    assert "En fråga om volymerna" in section
    assert 'name="organisation" value="0184"' in section
    assert solna.email not in section
    answered = await post_form(
        client,
        f"/meddelanden/procurement/{procurement.id}",
        body="Svar kommer i veckan.",
        organisation="0184",
        next=f"{detail}?organisation=0184",
    )
    assert answered.headers["location"] == f"{detail}?organisation=0184#{anchor}"
    assert await stored("procurement", procurement.id) == 2


async def test_a_long_thread_opens_on_its_newest_messages_with_a_link_to_older_ones(client):
    from portal.messages import services
    from portal.messages.schemas import MessageCreate
    from tests.matching.helpers import current

    p = await proposal()
    member = await current(p.member)
    for n in range(1, 53):
        await services.post_message(member, "need", p.need.id, MessageCreate(body=f"Rad {n}."))
    anchor = f"messages-need-{p.need.id}"
    await sign_in(client, p.expert)

    newest = thread_section((await client.get(f"/behov/{p.need.id}")).text, anchor)
    assert "Meddelande 51–52 av 52." in newest
    assert "Rad 52." in newest and "Rad 51." in newest and "Rad 50." not in newest
    older = re.search(r'<a href="([^"]+)" rel="prev">Äldre meddelanden</a>', newest)
    assert older is not None
    assert "Nyare meddelanden" not in newest

    first = thread_section((await client.get(html.unescape(older.group(1)))).text, anchor)
    assert "Meddelande 1–50 av 52." in first
    assert "Rad 1." in first and "Rad 50." in first and "Rad 51." not in first
    assert "Nyare meddelanden" in first
