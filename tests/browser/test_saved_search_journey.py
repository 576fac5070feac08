"""Browser journey: a member filters the needs on Somali, saves the search from the list
(the form follows the filters htmx changes), opens it again from "Mina sparade sökningar",
changes how often it alerts and deletes it after confirming. axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from portal.seeding.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

MEMBER = "meron.haile@sodertalje.example"
NAME = "Somaliska behov i länet"


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/logga-in")
    form = page.locator("main form")
    await form.get_by_label("E-postadress").fill(email)
    await form.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    await form.get_by_role("button", name="Logga in").click()
    await expect(page).to_have_url(re.compile(r"/$"))


async def test_member_saves_a_filtered_search_and_manages_it(page: Page) -> None:
    await sign_in(page, MEMBER)
    await page.goto("/behov")
    save_form = page.locator("#save-search")
    await expect(save_form.locator('input[name="query"]')).to_have_value("")

    # Filtering swaps the results in place; the save form follows the new address.
    await page.get_by_role("group", name="Språk").get_by_label(re.compile(r"^Somaliska")).check()
    await expect(page).to_have_url(re.compile(r"language=som"))
    await expect(save_form.locator('input[name="query"]')).to_have_value(
        re.compile(r"(^|&)language=som(&|$)")
    )
    await assert_accessible(page, "needs list filtered, with the save form")

    await save_form.get_by_label("Namn på sökningen").fill(NAME)
    await save_form.get_by_label("Besked om nya träffar").select_option("weekly")
    await save_form.get_by_role("button", name="Spara sökning").click()
    await expect(page).to_have_url(re.compile(r"/behov\?language=som"))
    await expect(page.get_by_role("status").first).to_contain_text(f"Sökningen ”{NAME}” är sparad.")

    await page.locator("#save-search").get_by_role("link", name="Mina sparade sökningar").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mina sparade sökningar")
    row = page.get_by_role("row", name=re.compile(NAME))
    await expect(row).to_contain_text("Veckosammanfattning")
    await assert_accessible(page, "my saved searches")

    # The saved search opens the list with its filters.
    await row.get_by_role("link", name=NAME, exact=True).click()
    await expect(page).to_have_url(re.compile(r"/behov\?language=som"))
    await expect(
        page.get_by_role("group", name="Språk").get_by_label(re.compile(r"^Somaliska"))
    ).to_be_checked()
    await page.go_back()

    await (
        page.get_by_role("row", name=re.compile(NAME))
        .get_by_role("link", name=re.compile(r"^Ändra"))
        .click()
    )
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ändra sparad sökning")
    await assert_accessible(page, "change a saved search")
    await page.get_by_role("group", name="Besked om nya träffar").get_by_label("Direkt").check()
    await page.get_by_role("button", name="Spara ändringen").click()
    await expect(page.get_by_role("row", name=re.compile(NAME))).to_contain_text("Direkt")

    await (
        page.get_by_role("row", name=re.compile(NAME))
        .get_by_role("link", name=re.compile(r"^Ta bort"))
        .click()
    )
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Ta bort sökningen ”{NAME}”?")
    await assert_accessible(page, "confirm deleting a saved search")
    await page.get_by_role("button", name="Ja, ta bort").click()
    await expect(page.get_by_text("Du har inga sparade sökningar ännu.")).to_be_visible()
    await assert_accessible(page, "no saved searches left")
