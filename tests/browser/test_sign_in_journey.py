"""The coordinator's journey: sign in, look at organisations, switch language, sign out.

Every page visited is checked with axe-core against WCAG 2.1 A and AA. English copy may not
be translated yet, so the English part asserts on ``lang`` and on the "Svenska" button only.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, Page, expect

from portal.seeding.demo import DEMO_PASSWORD, DEMO_USERS
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

COORDINATOR = next(user for user in DEMO_USERS if user.email.startswith("samordnare@"))


def header(page: Page) -> Locator:
    return page.locator("header.site-header")


async def test_coordinator_signs_in_browses_switches_language_and_signs_out(page: Page) -> None:
    assert COORDINATOR.email == "samordnare@regionbibliotek.example"
    assert COORDINATOR.name == "Karin Lindqvist"

    # The home page, in Swedish for a visitor whose browser asks for Swedish.
    await page.goto("/")
    await expect(page.locator("html")).to_have_attribute("lang", "sv")
    await expect(page.locator("h1")).to_have_text("Samverkansportalen")
    await assert_accessible(page, "home, signed out (sv)")

    # The header's sign-in link leads to the form.
    await header(page).get_by_role("link", name="Logga in").click()
    await expect(page).to_have_url(re.compile(r"/logga-in$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    await assert_accessible(page, "sign-in form")

    form = page.locator("main form")
    await form.get_by_label("E-postadress").fill(COORDINATOR.email)
    await form.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    await form.get_by_role("button", name="Logga in").click()

    # Signed in: back on the home page, the header names the coordinator.
    await expect(page).to_have_url(re.compile(r"/$"))
    await expect(header(page)).to_contain_text(COORDINATOR.name)
    await expect(header(page).locator("a[href='/logga-in']")).to_have_count(0)
    await expect(page.locator("html")).to_have_attribute("lang", "sv")
    await assert_accessible(page, "home, signed in (sv)")

    # The organisations list, through the main menu.
    await (
        page.get_by_role("navigation", name="Huvudmeny")
        .get_by_role("link", name="Organisationer")
        .click()
    )
    await expect(page).to_have_url(re.compile(r"/organisations$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Organisationer")
    await assert_accessible(page, "organisations list")

    # One organisation's page, from the table.
    first = page.locator("main table tbody tr a").first
    name = (await first.inner_text()).strip()
    assert name, "the first organisation in the list has no name"
    await first.click()
    await expect(page).to_have_url(re.compile(r"/organisations/[^/?#]+$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(name)
    await assert_accessible(page, f"organisation page of {name}")
    organisation_url = page.url

    # Switch to English: same page, lang="en", and the button now offers Swedish.
    await header(page).get_by_role("button", name="English").click()
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page).to_have_url(organisation_url)
    await expect(header(page).get_by_role("button", name="Svenska")).to_be_visible()
    await expect(header(page)).to_contain_text(COORDINATOR.name)
    await assert_accessible(page, f"organisation page of {name} (en)")

    # Sign out with the header's button (its label may be English or not yet translated).
    await header(page).locator("form[action='/logga-ut'] button[type='submit']").click()
    await expect(header(page).locator("a[href='/logga-in']")).to_be_visible()
    await expect(header(page)).not_to_contain_text(COORDINATOR.name)
    await expect(page.locator("form[action='/logga-ut']")).to_have_count(0)
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await assert_accessible(page, "home, signed out (en)")


async def test_sign_in_page_fits_320_px_and_starts_with_the_skip_link(page: Page) -> None:
    await page.set_viewport_size({"width": 320, "height": 640})
    await page.goto("/logga-in")
    await expect(page.locator("html")).to_have_attribute("lang", "sv")

    # WCAG 1.4.10 reflow: nothing wider than the 320 px viewport.
    widths = await page.evaluate(
        "() => ({document: document.documentElement.scrollWidth, body: document.body.scrollWidth})"
    )
    assert widths["document"] <= 320, f"horizontal scroll at 320 px: {widths}"
    assert widths["body"] <= 320, f"horizontal scroll at 320 px: {widths}"

    # The skip link is the first thing Tab reaches, is shown when focused, and leads to <main>.
    await page.keyboard.press("Tab")
    focused = await page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName,
                href: el.getAttribute("href"),
                text: el.textContent.trim(),
                visible: box.bottom > 0 && box.right > 0 && box.width > 0 && box.height > 0,
            };
        }"""
    )
    assert focused["tag"] == "A" and focused["href"] == "#main", focused
    assert focused["text"] == "Hoppa till huvudinnehållet", focused
    assert focused["visible"], f"the focused skip link is off screen: {focused}"
    await assert_accessible(page, "sign-in form at 320 px, skip link focused")

    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/logga-in#main$"))
    assert await page.evaluate("() => document.activeElement.id") == "main"


# Pages anyone can reach; 0180 is Stockholm municipality, listed with its demo libraries.
PUBLIC_PAGES = ["/", "/organisations", "/organisations/0180", "/tillganglighet"]


async def test_public_pages_reflow_at_320_px(page: Page) -> None:
    await page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for path in PUBLIC_PAGES:
        response = await page.goto(path)
        assert response is not None and response.status == 200, (path, response)
        width = await page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
        await assert_accessible(page, f"{path} at 320 px")
    assert not too_wide, f"horizontal scroll at 320 px (scrollWidth per page): {too_wide}"
