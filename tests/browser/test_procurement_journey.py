"""The coordinator creates a joint procurement of e-books with two lots and opens it for
interest; members of Solna and Sundbyberg register their volumes; the coordinator sees the
total pass the direct award limit and moves the procurement on.

Every page visited is checked with axe-core against WCAG 2.1 A and AA.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from portal.seeding.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare@regionbibliotek.example"
MEMBERS = {
    "0184": ("sara.lind@solna.example", "Sara Lind"),
    "0183": ("omar.ali@sundbyberg.example", "Omar Ali"),
}
TITLE = "E-böcker till folkbiblioteken 2028–2029"


@pytest.fixture(scope="module")
def municipal_members(live_server: str, browser_database: str, tmp_path_factory) -> None:
    """Members of Solna and Sundbyberg, added with the real `portal user add` command."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    env.update(
        PORTAL_DATABASE_URL=browser_database,
        PORTAL_DATA_DIR=str(tmp_path_factory.mktemp("portal-cli")),
    )
    portal = Path(sys.executable).parent / "portal"
    for code, (email, name) in MEMBERS.items():
        done = subprocess.run(
            [
                str(portal),
                "user",
                "add",
                "--email",
                email,
                "--name",
                name,
                "--org",
                code,
                "--role",
                "member",
                "--password-stdin",
            ],
            input=f"{DEMO_PASSWORD}\n",
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0 or "finns redan" in done.stderr, done.stderr


async def new_context(browser: Browser, live_server: str) -> BrowserContext:
    context: BrowserContext = await browser.new_context(
        base_url=live_server, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    return context


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/logga-in")
    form = page.locator("main form")
    await form.get_by_label("E-postadress").fill(email)
    await form.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    await form.get_by_role("button", name="Logga in").click()
    await expect(page).to_have_url(re.compile(r"/$"))


async def register(
    browser: Browser, live_server: str, email: str, url: str, adults: str, children: str
) -> None:
    context = await new_context(browser, live_server)
    try:
        page = await context.new_page()
        await sign_in(page, email)
        await page.goto(url)
        await assert_accessible(page, f"procurement as {email}")
        await page.get_by_role("link", name="Anmäl vår organisation").click()
        await expect(page.get_by_role("heading", level=1)).to_contain_text("Deltagande:")
        await assert_accessible(page, "participation form")
        # A mistake first: a negative sum is refused beside its field.
        await page.get_by_label("E-böcker för vuxna, kronor per år").fill("-100")
        await page.get_by_role("button", name="Spara deltagandet").click()
        await expect(page.locator("main .field-error").first).to_contain_text("minst 0")
        await assert_accessible(page, "participation form with an error")
        await page.get_by_label("Deltar", exact=True).check()
        await page.get_by_label("E-böcker för vuxna, kronor per år").fill(adults)
        await page.get_by_label("E-böcker för barn och unga, kronor per år").fill(children)
        await page.get_by_role("button", name="Spara deltagandet").click()
        await expect(page.get_by_role("status").first).to_contain_text("Deltagandet är sparat.")
        await expect(page.locator("#participants")).to_contain_text("Deltar")
        await assert_accessible(page, "procurement after registering")
    finally:
        await context.close()


async def test_joint_procurement_from_idea_to_preparation(
    page: Page, browser: Browser, live_server: str, municipal_members: None
) -> None:
    today = date.today()
    await sign_in(page, COORDINATOR)
    await (
        page.get_by_role("navigation", name="Huvudmeny")
        .get_by_role("link", name="Upphandlingar")
        .click()
    )
    await expect(page).to_have_url(re.compile(r"/upphandlingar$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Samordnade upphandlingar")
    await assert_accessible(page, "procurement list")

    await page.get_by_role("link", name="Ny upphandling").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ny upphandling")
    await assert_accessible(page, "new procurement form")
    await page.get_by_label("Rubrik").fill(TITLE)
    await page.get_by_label("Beskrivning", exact=True).fill(
        "Gemensam upphandling av e-böcker och e-ljudböcker för länets folkbibliotek."
    )
    await page.get_by_label("Kategori").select_option("e_media")
    await page.get_by_label("Biblioteksböcker (22113000-5)", exact=True).check()
    await page.get_by_label("Namn på delområde 1").fill("E-böcker för vuxna")
    await page.get_by_label("Namn på delområde 2").fill("E-böcker för barn och unga")
    await page.get_by_label("Sista dag för intresseanmälan").fill(
        (today + timedelta(days=20)).isoformat()
    )
    await page.get_by_label("Planerad annonsering").fill((today + timedelta(days=40)).isoformat())
    await page.get_by_label("Sista anbudsdag").fill((today + timedelta(days=80)).isoformat())
    await page.get_by_label("Avtalsstart").fill("2028-01-01")
    # A mistake first: the contract ends before it starts.
    await page.get_by_label("Avtalsslut").fill("2027-12-31")
    await page.get_by_label("Möjlig förlängning i år").fill("1")
    await page.get_by_role("button", name="Spara upphandlingen").click()
    await expect(page.locator("#contract_end-error")).to_contain_text("innan det börjar")
    await expect(page.get_by_label("Rubrik")).to_have_value(TITLE)
    await assert_accessible(page, "procurement form with an error")
    await page.get_by_label("Avtalsslut").fill("2029-12-31")
    await page.get_by_role("button", name="Spara upphandlingen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    await expect(page.get_by_role("status").first).to_contain_text("sparad som idé")
    await assert_accessible(page, "procurement detail (idea)")
    url = page.url

    await page.get_by_role("link", name="Öppna för intresseanmälan").click()
    await assert_accessible(page, "move to interest")
    await page.get_by_label("Kommentar").fill("Styrgruppen för e-medier beslutade att gå vidare.")
    await page.get_by_role("button", name="Öppna för intresseanmälan").click()
    await expect(page.locator(".status-line .badge")).to_have_text("Intresseanmälan")
    await expect(page.locator("#timeline")).to_contain_text("Styrgruppen för e-medier")

    # Solna alone stays below the direct award limit: 200 000 kr a year for three years.
    await register(browser, live_server, MEMBERS["0184"][0], url, "150 000", "50 000")
    await page.reload()
    await expect(page.locator("#threshold-assessment")).to_contain_text(
        "Under direktupphandlingsgränsen."
    )
    # With Sundbyberg the total passes it: 350 000 kr a year for three years.
    await register(browser, live_server, MEMBERS["0183"][0], url, "120 000", "30 000")
    await page.reload()
    await expect(page.locator("#committed-total")).to_have_text(re.compile(r"1\s050\s000"))
    await expect(page.locator("#threshold-assessment")).to_contain_text(
        "Över direktupphandlingsgränsen."
    )
    await expect(page.locator("#participants")).to_contain_text("Solna kommun")
    await expect(page.locator("#participants")).to_contain_text("Sundbyberg kommun")
    await assert_accessible(page, "procurement detail with participants and totals")

    await page.get_by_role("button", name="Registrera fullmakt för Solna kommun").click()
    await expect(page.get_by_role("status").first).to_contain_text("Fullmakten är registrerad.")

    await page.get_by_role("link", name="Gå vidare till förberedelse").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Gå vidare till förberedelse")
    await assert_accessible(page, "move to preparation")
    await page.get_by_label("Kommentar").fill(
        "Två kommuner har anmält sig; värdet är över direktupphandlingsgränsen."
    )
    await page.get_by_role("button", name="Gå vidare till förberedelse").click()
    await expect(page.locator(".status-line .badge")).to_have_text("Förberedelse")
    await expect(page.get_by_role("status").first).to_contain_text("Förberedelse")
    await assert_accessible(page, "procurement detail (preparation)")
