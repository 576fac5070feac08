"""An expert fills in a profile with two languages, then finds it in the experts list.

Every page visited is checked with axe-core against WCAG 2.1 A and AA.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from portal.seeding.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

EXPERT = "leyla.karimi@stockholm.example"
HEADLINE = "Persiska och arabiska – vuxenlitteratur och ljudböcker"


async def test_expert_fills_in_a_profile_with_two_languages(page: Page) -> None:
    await page.goto("/logga-in")
    form = page.locator("main form")
    await form.get_by_label("E-postadress").fill(EXPERT)
    await form.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    await form.get_by_role("button", name="Logga in").click()
    await expect(page).to_have_url(re.compile(r"/$"))

    nav = page.get_by_role("navigation", name="Huvudmeny")
    await nav.get_by_role("link", name="Experter").click()
    await expect(page).to_have_url(re.compile(r"/experter$"))
    await assert_accessible(page, "experts list")

    await page.get_by_role("link", name="Skapa din profil").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Skapa din profil")
    await assert_accessible(page, "new profile form")

    await page.get_by_label("Rubrik").fill(HEADLINE)
    await page.get_by_label("Språk 1", exact=True).select_option("per")
    await page.get_by_label("Nivå i språk 1").select_option("native")
    await page.get_by_label("Språk 2", exact=True).select_option("ara")
    await page.get_by_label("Nivå i språk 2").select_option("fluent")
    await page.get_by_role("group", name="Skriftsystem").get_by_label("Arabiska").check()
    skills = page.get_by_role("group", name="Kompetens")
    await skills.get_by_label("MARC 21").check()
    await skills.get_by_label("ALA-LC-translitterering").check()
    # An impossible capacity first: the error is shown beside the field.
    await page.get_by_label("Timmar i veckan").fill("500")
    await page.get_by_role("button", name="Spara profilen").click()
    await expect(page.locator("#capacity_hours_per_week-error")).to_be_visible()
    await expect(page.get_by_label("Rubrik")).to_have_value(HEADLINE)
    await assert_accessible(page, "profile form with an error")

    await page.get_by_label("Timmar i veckan").fill("8")
    await page.get_by_role("button", name="Spara profilen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    await expect(page.locator("main")).to_contain_text("Persiska")
    await expect(page.locator("main")).to_contain_text("Arabiska")
    await assert_accessible(page, "profile detail")

    await nav.get_by_role("link", name="Experter").click()
    await page.get_by_role("group", name="Språk").get_by_label(re.compile(r"^Persiska")).check()
    await expect(page).to_have_url(re.compile(r"language=per"))
    await expect(page.locator("#results").get_by_role("link", name=HEADLINE)).to_be_visible()
    await assert_accessible(page, "experts list filtered on Persian")
