"""A member of Botkyrka opens a need for Tigrinya cataloguing, sees why the top expert ranks
first and proposes the work; the expert accepts it.

Every page visited is checked with axe-core against WCAG 2.1 A and AA.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from portal.seeding.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

MEMBER = "amina.hassan@botkyrka.example"
EXPERT = "yonas.tesfaye@huddinge.example"
NEED = "Tigrinska bilderböcker till Fittja"
TOP_EXPERT = "Katalogiserar på tigrinska och amhariska"
OTHER_EXPERT = "Tigrinska böcker för vuxna"


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/logga-in")
    form = page.locator("main form")
    await form.get_by_label("E-postadress").fill(email)
    await form.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    await form.get_by_role("button", name="Logga in").click()
    await expect(page).to_have_url(re.compile(r"/$"))


async def test_member_proposes_the_top_expert_and_the_expert_accepts(
    page: Page, browser: Browser, live_server: str
) -> None:
    await sign_in(page, MEMBER)
    await page.goto("/behov")
    await page.locator("#results").get_by_role("link", name=NEED).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(NEED)

    suggestions = page.locator("section[aria-labelledby=suggestions-heading] ol > li")
    await expect(suggestions.first.get_by_role("heading", level=3)).to_have_text(TOP_EXPERT)
    await expect(suggestions.nth(1).get_by_role("heading", level=3)).to_have_text(OTHER_EXPERT)

    # Why first: the wished skills and the level above the requirement, shown per criterion.
    top = suggestions.first
    await top.get_by_text("Varför?").click()
    reasons = top.get_by_role("table")
    await expect(reasons.get_by_role("row", name=re.compile("Önskade kompetenser"))).to_be_visible()
    await expect(
        reasons.get_by_role("row", name=re.compile("Språknivå över kravet"))
    ).to_be_visible()
    await assert_accessible(page, "need page with suggestions")

    await page.get_by_role("link", name="Så räknas poängen").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Så räknas poängen")
    await assert_accessible(page, "scoring explained")
    await page.go_back()

    await top.get_by_role("button", name=re.compile("Föreslå uppdraget")).click()
    await expect(page.get_by_role("status").first).to_contain_text("Förslaget är skickat.")
    await expect(page.locator(".status-line")).to_contain_text("Föreslagen")
    await assert_accessible(page, "proposal sent")

    # The expert, in a browser of their own, finds the proposal and accepts it.
    expert_context = await browser.new_context(base_url=live_server, locale="sv-SE")
    expert_context.set_default_timeout(10_000)
    expert_page = await expert_context.new_page()
    try:
        await sign_in(expert_page, EXPERT)
        nav = expert_page.get_by_role("navigation", name="Huvudmeny")
        await nav.get_by_role("link", name="Matchningar").click()
        await assert_accessible(expert_page, "my matches")
        await expert_page.get_by_role("link", name=NEED).click()
        await assert_accessible(expert_page, "proposal to answer")
        await expert_page.get_by_label("Hälsning (frivillig)").fill("Jag tar det gärna!")
        await expert_page.get_by_role("button", name="Acceptera").click()
        await expect(expert_page.get_by_role("status").first).to_contain_text("accepterat")
        await expect(expert_page.locator(".status-line")).to_contain_text("Accepterad")
        await expect(expert_page.get_by_text("Jag tar det gärna!")).to_be_visible()
        await assert_accessible(expert_page, "accepted match")
    finally:
        await expert_context.close()

    # The member sees the answer on the need and the match.
    await page.reload()
    await expect(page.locator(".status-line")).to_contain_text("Accepterad")
