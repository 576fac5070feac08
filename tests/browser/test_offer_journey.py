"""A member of Nacka publishes a shelf unit on wheels, a member of Tyresö finds it sorted by
distance and asks for it, and Nacka grants the request on the sharing page.

The demo data has no one in Nacka or Tyresö, so the two members are created with
``portal user add`` against the live server's database, as an administrator would. Each member
has a browser profile of their own, and every page visited is checked with axe-core.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from portal.seeding.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.conftest import ACTION_TIMEOUT_MS, SECRET_KEY

pytestmark = pytest.mark.browser

PASSWORD = "bokhyllor-rullar-2026"
NACKA = ("maja.lind@nacka.example", "Maja Lind", "0182")
TYRESO = ("oskar.holm@tyreso.example", "Oskar Holm", "0138")
NORRTALJE = "elin.sjoberg@norrtalje.example"
TITLE = "Bokhylla på hjul"


def add_user(database_url: str, data_dir: Path, email: str, name: str, org: str) -> None:
    """``portal user add`` against the live server's database, password on standard input."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    env.update(
        PORTAL_DATABASE_URL=database_url,
        PORTAL_DATA_DIR=str(data_dir),
        PORTAL_SECRET_KEY=SECRET_KEY,
    )
    portal = Path(sys.executable).parent / "portal"
    done = subprocess.run(
        [
            str(portal),
            *("user", "add", "--email", email, "--name", name, "--org", org),
            *("--role", "member", "--password-stdin"),
        ],
        input=PASSWORD + "\n",
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"portal user add failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture
async def members(
    live_server: str, browser_database: str, tmp_path: Path
) -> dict[str, tuple[str, str, str]]:
    for email, name, org in (NACKA, TYRESO):
        add_user(browser_database, tmp_path, email, name, org)
    return {"nacka": NACKA, "tyreso": TYRESO}


@pytest.fixture
async def new_context(browser: Browser, live_server: str) -> AsyncIterator:
    """Fresh browser profiles (no shared cookies), one per person in the journey."""
    contexts: list[BrowserContext] = []

    async def make() -> Page:
        ctx = await browser.new_context(
            base_url=live_server, locale="sv-SE", viewport={"width": 1280, "height": 900}
        )
        ctx.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(ctx)
        return await ctx.new_page()

    yield make
    for ctx in contexts:
        await ctx.close()


async def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    await page.goto("/logga-in")
    form = page.locator("main form")
    await form.get_by_label("E-postadress").fill(email)
    await form.get_by_label("Lösenord").fill(password)
    await form.get_by_role("button", name="Logga in").click()
    await expect(page).to_have_url(re.compile(r"/$"))


async def offer_from_norrtalje(base_url: str) -> None:
    """A newer offer further away, so that sorting by distance visibly changes the order."""
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        await http.get("/")
        signed_in = await http.post(
            "/api/v1/auth/login", json={"email": NORRTALJE, "password": DEMO_PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text
        created = await http.post(
            "/api/v1/offers",
            json={"title": "Bokvagn i ek", "category": "equipment", "quantity": 2},
            headers={"x-csrftoken": http.cookies["portal_csrf"]},
        )
        assert created.status_code == 201, created.text


async def test_nacka_offers_a_shelf_tyreso_asks_for_it_nacka_grants_it(
    live_server: str, members, new_context
) -> None:
    nacka = await new_context()
    await sign_in(nacka, NACKA[0])
    menu = nacka.get_by_role("navigation", name="Huvudmeny")
    await menu.get_by_role("link", name="Erbjudanden").click()
    await expect(nacka).to_have_url(re.compile(r"/erbjudanden$"))
    await assert_accessible(nacka, "offers list")

    await nacka.get_by_role("link", name="Erbjud en resurs").click()
    await expect(nacka.get_by_role("heading", level=1)).to_have_text("Erbjud en resurs")
    await assert_accessible(nacka, "new offer form")

    # First a mistake: cost sharing without an amount is refused beside the field.
    await nacka.get_by_label("Rubrik").fill(TITLE)
    await nacka.get_by_label("Beskrivning").fill(
        "Mobil bokhylla i björk, 150 cm hög, fyra hyllplan."
    )
    await nacka.get_by_role("group", name="Kategori").get_by_label("Utrustning").check()
    await nacka.get_by_label("Antal", exact=True).fill("1")
    await nacka.get_by_role("group", name="Villkor").get_by_label("Kostnadsdelning").check()
    await (
        nacka.get_by_role("group", name="Hämtning och leverans")
        .get_by_label("Hämtas", exact=True)
        .check()
    )
    await nacka.get_by_label("Plats").select_option(label="Nacka Forum bibliotek")
    await nacka.get_by_role("button", name="Publicera").click()
    await expect(nacka.locator("#cost_sek-error")).to_contain_text("kostnadsdelning")
    await expect(nacka.get_by_label("Rubrik")).to_have_value(TITLE)
    await assert_accessible(nacka, "offer form with an error")

    await nacka.get_by_role("group", name="Villkor").get_by_label("Gratis").check()
    await nacka.get_by_role("button", name="Publicera").click()
    await expect(nacka.get_by_role("heading", level=1)).to_have_text(TITLE)
    await expect(nacka.get_by_role("status").first).to_contain_text("Erbjudandet är publicerat.")
    await expect(nacka.get_by_text("1 av 1 st kvar")).to_be_visible()
    await assert_accessible(nacka, "offer detail, owner")

    await offer_from_norrtalje(live_server)

    # Tyresö: newest first puts Norrtälje's cart on top; nearest first puts Nacka's shelf there.
    tyreso = await new_context()
    await sign_in(tyreso, TYRESO[0])
    await (
        tyreso.get_by_role("navigation", name="Huvudmeny")
        .get_by_role("link", name="Erbjudanden")
        .click()
    )
    titles = tyreso.locator("#results .card-title")
    await expect(titles.first).to_have_text("Bokvagn i ek")
    await expect(tyreso.get_by_label("Avstånd räknas från")).to_have_value("0138")
    await tyreso.get_by_label("Sortera").select_option("distance")
    await expect(tyreso).to_have_url(re.compile(r"sort=distance"))
    await expect(titles.first).to_have_text(TITLE)
    card = tyreso.locator("#results .card").first
    await expect(card).to_contain_text("8 km bort")
    await assert_accessible(tyreso, "offers list sorted by distance")

    await card.get_by_role("link", name=TITLE).click()
    await expect(tyreso.get_by_role("heading", level=1)).to_have_text(TITLE)
    await assert_accessible(tyreso, "offer detail, another municipality")
    await tyreso.get_by_label("Antal (st)").fill("1")
    await tyreso.get_by_label("Meddelande till Nacka kommun").fill(
        "Till barnavdelningen i Tyresö centrum. Vi hämtar på fredag."
    )
    await tyreso.get_by_role("button", name="Skicka förfrågan").click()
    await expect(tyreso.get_by_role("status").first).to_contain_text("Förfrågan är skickad.")
    await expect(tyreso.get_by_text("väntar på svar")).to_be_visible()
    await assert_accessible(tyreso, "offer detail after the request")

    # Nacka answers on the sharing page.
    await (
        nacka.get_by_role("navigation", name="Huvudmeny")
        .get_by_role("link", name="Delning")
        .click()
    )
    await expect(nacka.get_by_role("heading", level=1)).to_have_text("Delning")
    incoming = nacka.get_by_role("table", name="Förfrågningar till er")
    await expect(incoming).to_contain_text("Tyresö kommun")
    await expect(incoming).to_contain_text("Vi hämtar på fredag.")
    await assert_accessible(nacka, "sharing page with a request")
    await incoming.get_by_role("button", name="Bevilja förfrågan från Tyresö kommun").click()
    await expect(nacka).to_have_url(re.compile(r"/delning$"))
    await expect(nacka.get_by_role("status").first).to_contain_text("Förfrågan är beviljad.")
    own = nacka.get_by_role("table", name="Era erbjudanden")
    await expect(own.get_by_role("row", name=re.compile(TITLE))).to_contain_text("Reserverat")
    await expect(own.get_by_role("row", name=re.compile(TITLE))).to_contain_text("0 av 1 st")
    await assert_accessible(nacka, "sharing page after granting")

    # Tyresö sees the answer among its own requests.
    await tyreso.goto("/delning")
    outgoing = tyreso.get_by_role("table", name="Era förfrågningar")
    await expect(outgoing.get_by_role("row", name=re.compile(TITLE))).to_contain_text("Beviljad")
    await assert_accessible(tyreso, "sharing page of the requesting municipality")
