"""A member of Värmdö offers a book trolley; a member of Danderyd asks for it. The Värmdö
member sees the unread count in the header, reads the notification, follows it to the offer,
marks the rest read and chooses a weekly digest for such requests. An admin reads the mail
that was kept (no mail server in development), and its unsubscribe link works for a visitor.

Both members are created with ``portal user add``, like an administrator would, so the journey
touches no demo record that other journeys use. Every page visited is checked with axe-core.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from portal.seeding.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.test_offer_journey import PASSWORD, add_user, sign_in

pytestmark = pytest.mark.browser

VARMDO = ("klara.berg@varmdo.example", "Klara Berg", "0120")
DANDERYD = ("nils.ek@danderyd.example", "Nils Ek", "0162")
OFFERS = ("Bokvagn i ek", "Skyltställ för bokrea")
ADMIN = "admin@regionbibliotek.example"


async def api(base_url: str, email: str) -> httpx.AsyncClient:
    http = httpx.AsyncClient(base_url=base_url, timeout=10)
    await http.get("/")
    signed_in = await http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    http.headers["x-csrftoken"] = http.cookies["portal_csrf"]
    return http


async def test_a_member_reads_and_marks_notifications(
    live_server: str, browser_database: str, tmp_path: Path, page: Page, browser: Browser
) -> None:
    for email, name, org in (VARMDO, DANDERYD):
        add_user(browser_database, tmp_path, email, name, org)
    varmdo, danderyd = await api(live_server, VARMDO[0]), await api(live_server, DANDERYD[0])
    try:
        offer_ids = []
        for title in OFFERS:
            created = await varmdo.post(
                "/api/v1/offers", json={"title": title, "category": "equipment", "quantity": 2}
            )
            assert created.status_code == 201, created.text
            offer_ids.append(created.json()["id"])
        for offer_id in offer_ids:
            asked = await danderyd.post(
                f"/api/v1/offers/{offer_id}/requests",
                json={"quantity": 1, "message": "Till vår bokrea i maj"},
            )
            assert asked.status_code == 201, asked.text
    finally:
        await varmdo.aclose()
        await danderyd.aclose()

    await sign_in(page, VARMDO[0])
    header_link = page.get_by_role("banner").get_by_role("link", name=re.compile("^Notiser"))
    await expect(header_link).to_have_text("Notiser 2 olästa")
    await header_link.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Notiser")
    items = page.locator(".notification-list > li")
    await expect(items).to_have_count(2)
    newest = f"Danderyd kommun frågar efter 1 st av ”{OFFERS[1]}”"
    await expect(items.first.get_by_role("link")).to_have_text(newest)
    await expect(items.first).to_contain_text("Oläst")
    await assert_accessible(page, "notifications")

    # Following one marks it read and leads to the offer.
    await items.first.get_by_role("link", name=newest).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(OFFERS[1])
    await expect(header_link).to_have_text("Notiser 1 oläst")
    await assert_accessible(page, "the offer the notification is about")

    await header_link.click()
    await page.get_by_role("button", name="Markera alla som lästa").click()
    await expect(page.get_by_role("status")).to_contain_text("markerade som lästa")
    await expect(header_link).to_have_text("Notiser")
    await expect(page.locator(".notification-list > li.unread")).to_have_count(0)
    await assert_accessible(page, "notifications, all read")

    await page.get_by_role("link", name="Välj hur ofta du får e-post").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("E-post om notiser")
    group = page.get_by_role("group", name="Ny förfrågan på min organisations erbjudande")
    await expect(group.get_by_label("Direkt")).to_be_checked()
    await group.get_by_label("Veckosammanfattning").check()
    await assert_accessible(page, "mail preferences")
    await page.get_by_role("button", name="Spara").click()
    await expect(page.locator("main")).to_contain_text("Dina val för e-post är sparade.")
    group = page.get_by_role("group", name="Ny förfrågan på min organisations erbjudande")
    await expect(group.get_by_label("Veckosammanfattning")).to_be_checked()
    await assert_accessible(page, "mail preferences saved")

    # The admin reads the mail that was kept (no mail server in development) ...
    admin_context = await browser.new_context(base_url=live_server, locale="sv-SE")
    visitor_context = await browser.new_context(base_url=live_server, locale="sv-SE")
    try:
        admin = await admin_context.new_page()
        await sign_in(admin, ADMIN, DEMO_PASSWORD)
        await admin.goto("/admin/e-post/")
        await expect(admin.get_by_role("heading", level=1)).to_have_text("Utgående e-post")
        await assert_accessible(admin, "outgoing mail")
        subject = f"Danderyd kommun frågar efter 1 st av ”{OFFERS[0]}”"
        await admin.get_by_role("link", name=subject).first.click()
        await expect(admin.get_by_role("heading", level=1)).to_have_text(subject)
        await assert_accessible(admin, "one mail")
        body = await admin.locator(".mail-body").inner_text()
        assert VARMDO[0] in await admin.locator("main").inner_text()
        # The link names the address the server really serves on (`portal serve --port`).
        found = re.search(rf"{re.escape(live_server)}(/avregistrera/\S+)", body)
        assert found, body

        # ... and its unsubscribe link works for anyone holding it, signed in or not.
        visitor = await visitor_context.new_page()
        await visitor.goto(found[1])
        await expect(visitor.locator("main")).to_contain_text(
            "Vill du sluta få e-post om: Ny förfrågan på min organisations erbjudande?"
        )
        await assert_accessible(visitor, "unsubscribe")
        await visitor.get_by_role("button", name="Ja, sluta skicka e-post om det här").click()
        await expect(visitor.locator("main")).to_contain_text("Klart. Du får inte längre e-post")
        await assert_accessible(visitor, "unsubscribed")
    finally:
        await admin_context.close()
        await visitor_context.close()

    await page.reload()
    group = page.get_by_role("group", name="Ny förfrågan på min organisations erbjudande")
    await expect(group.get_by_label("Aldrig")).to_be_checked()
