"""The coordinator follows the county's figures: a cataloguer in Sollentuna has just finished
Norrtälje's Finnish and Meänkieli books, and the dashboard shows the hours given and
received, this period beside the one before, as charts, tables and CSV files. A visitor
sees the public region-level figures.

Every page visited is checked with axe-core against WCAG 2.1 A and AA, charts included.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import httpx
import pytest
from playwright.async_api import Browser, Locator, Page, expect

from portal.seeding.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare@regionbibliotek.example"
NORRTALJE = "elin.sjoberg@norrtalje.example"  # posted the Finnish and Meänkieli need
SOLLENTUNA = "aino.virtanen@sollentuna.example"  # the cataloguer of Finnish and Meänkieli
HOURS = 14.5
HOURS_SV = "14,5"  # as the Swedish pages write it
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


async def _signed_in(http: httpx.AsyncClient, email: str) -> dict[str, str]:
    http.cookies.clear()
    await http.get("/")
    answer = await http.post("/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"x-csrftoken": http.cookies["portal_csrf"]}


async def finnish_books_catalogued(base_url: str) -> None:
    """Norrtälje proposes the Sollentuna cataloguer for its Finnish and Meänkieli need; she
    accepts, starts and completes it with 14.5 hours logged (through the JSON API)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        csrf = await _signed_in(http, NORRTALJE)
        found = await http.get("/api/v1/needs/", params={"language": "fit"})
        assert found.status_code == 200, found.text
        need = next(n for n in found.json()["items"] if n["title"].startswith("Finska"))
        suggestions = await http.get(f"/api/v1/needs/{need['id']}/suggestions")
        assert suggestions.status_code == 200, suggestions.text
        expert = next(
            s["provider"] for s in suggestions.json()["items"] if s["municipality"] == "0163"
        )
        proposed = await http.post(
            "/api/v1/matches",
            json={"need_id": need["id"], "provider": {"type": "expert", "id": expert["id"]}},
            headers=csrf,
        )
        assert proposed.status_code == 201, proposed.text
        match = proposed.json()["id"]

        csrf = await _signed_in(http, SOLLENTUNA)
        for step, body in (
            ("accept", {"comment": ""}),
            ("start", {"comment": ""}),
            ("complete", {"hours_logged": HOURS, "comment": "Klart, alla femtio titlar."}),
        ):
            done = await http.post(f"/api/v1/matches/{match}/{step}", json=body, headers=csrf)
            assert done.status_code == 200, f"{step}: {done.text}"


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/logga-in")
    form = page.locator("main form")
    await form.get_by_label("E-postadress").fill(email)
    await form.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    await form.get_by_role("button", name="Logga in").click()
    await expect(page).to_have_url(re.compile(r"/$"))


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def key_figure(page: Page, label: str) -> Locator:
    table = page.get_by_role("table", name="Nyckeltal för perioden")
    return table.get_by_role("row", name=re.compile(f"^{re.escape(label)}"))


def cells(row: Locator) -> Locator:
    return row.get_by_role("cell")


def section(page: Page, title: str) -> Locator:
    return page.get_by_role("region", name=title)


def number(text: str) -> float:
    """A figure as the Swedish pages write it: spaces between thousands, a decimal comma."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".").replace("−", "-")
    return float(re.match(r"-?[\d.]+", cleaned).group())  # type: ignore[union-attr]


async def assert_chart_shown(page: Page, block: Locator, title: str) -> None:
    """The chart is an image the browser really drew, named by its title; the SVG itself is
    a chart of the same title."""
    image = block.get_by_role(
        "img", name=f"Diagram: {title}. Samma siffror finns i tabellen nedan."
    )
    await expect(image).to_be_visible()
    assert await image.evaluate("img => img.complete && img.naturalWidth > 0")
    source = await image.get_attribute("src")
    assert source is not None
    svg = await page.request.get(source)
    assert svg.status == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert title in await svg.text()


async def test_coordinator_follows_the_hours_given_between_municipalities(
    page: Page, browser: Browser, live_server: str
) -> None:
    await finnish_books_catalogued(live_server)
    today = date.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)

    await sign_in(page, COORDINATOR)
    # The sign-in journey leaves the coordinator preferring English (signing in sets the
    # language cookie to it); this journey reads Swedish, so it chooses Swedish again the way
    # the language switch does.
    await page.context.add_cookies([{"name": "portal_lang", "value": "sv", "url": live_server}])
    await page.goto("/dashboard")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Översikt för länet")
    await expect(page.get_by_label("Visa", exact=True)).to_have_value("quarter")
    await expect(page.locator("main")).to_contain_text(f"Perioden {long_date(quarter_start)} – ")

    # This quarter beside the one before: the hours were given today, none before.
    hours = cells(key_figure(page, "Timmar hjälp mellan kommuner"))
    await expect(hours.nth(0)).to_have_text(f"{HOURS_SV} timmar")
    await expect(hours.nth(1)).to_have_text("0 timmar")

    balance = section(page, "Timmar givna och mottagna per kommun")
    await expect(balance.locator("p").first).to_have_text(
        f"{HOURS_SV} timmar hjälp gavs mellan kommunerna under perioden. "
        "Sollentuna kommun gav mest netto."
    )
    await assert_chart_shown(page, balance, "Timmar givna och mottagna per kommun")
    table = balance.get_by_role("table", name="Timmar givna och mottagna per kommun")
    headings = table.get_by_role("columnheader")
    await expect(headings).to_have_text(["Kommun", "Gett (timmar)", "Fått (timmar)", "Saldo"])
    given = table.get_by_role("row", name=re.compile("^Sollentuna kommun"))
    await expect(cells(given)).to_have_text([HOURS_SV, "0", HOURS_SV])
    received = table.get_by_role("row", name=re.compile("^Norrtälje kommun"))
    await expect(cells(received)).to_have_text(["0", HOURS_SV, f"-{HOURS_SV}"])

    flows = section(page, "Vem hjälpte vem (timmar)")
    await expect(flows.locator("p").first).to_have_text(
        f"Största flödet: Sollentuna kommun hjälpte Norrtälje kommun med {HOURS_SV} timmar."
    )
    matrix = flows.get_by_role("table")
    await expect(matrix.get_by_role("columnheader")).to_have_text(
        ["Från \\ Till", "Norrtälje kommun"]
    )
    await expect(cells(matrix.get_by_role("row", name=re.compile("^Sollentuna")))).to_have_text(
        [HOURS_SV]
    )
    await assert_accessible(page, "dashboard, this quarter")

    # The whole year, compared with the year before.
    await page.get_by_label("Visa", exact=True).select_option(label="Innevarande år")
    await page.get_by_role("button", name="Visa perioden").click()
    await expect(page).to_have_url(re.compile(r"/dashboard\?period=year"))
    await expect(page.get_by_label("Visa", exact=True)).to_have_value("year")
    await expect(page.locator("main")).to_contain_text(
        f"Perioden {long_date(date(today.year, 1, 1))} – {long_date(date(today.year, 12, 31))} "
        f"jämförs med {long_date(date(today.year - 1, 1, 1))} – "
        f"{long_date(date(today.year - 1, 12, 31))}."
    )
    posted = cells(key_figure(page, "Nya behov"))
    assert number(await posted.nth(0).inner_text()) >= 8  # the demo's needs, posted today
    await expect(posted.nth(1)).to_have_text("0")
    hours = cells(key_figure(page, "Timmar hjälp mellan kommuner"))
    await expect(hours).to_have_text([f"{HOURS_SV} timmar", "0 timmar"])
    share = cells(key_figure(page, "Andel behov som fått förslag"))
    assert 0 < number(await share.nth(0).inner_text()) <= 100
    await expect(share.nth(1)).to_have_text("–")  # nothing posted the year before

    # The capacity chart and its table: completed work holds none of the four weeks.
    capacity = section(page, "Experternas tid per språk, fyra veckor")
    await assert_chart_shown(page, capacity, "Experternas tid per språk, fyra veckor")
    finnish = capacity.get_by_role("row", name=re.compile("^finska", re.IGNORECASE))
    await expect(cells(finnish)).to_have_text(["1", "0", "16"])
    await assert_accessible(page, "dashboard, this year")

    # The table as CSV, with the period in the link, the same figures, unformatted.
    link = balance.get_by_role(
        "link", name="Ladda ner timmar givna och mottagna per kommun som CSV"
    )
    await expect(link).to_have_attribute("href", re.compile(r"period=year"))
    async with page.expect_download() as waiting:
        await link.click()
    download = await waiting.value
    assert download.suggested_filename == "hours-balance.csv"
    path = await download.path()
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["Kommun", "Gett (timmar)", "Fått (timmar)", "Saldo"]
    assert ["Sollentuna kommun", str(HOURS), "0.0", str(HOURS)] in rows
    assert ["Norrtälje kommun", "0.0", str(HOURS), str(-HOURS)] in rows

    # A municipality's own figures, as the coordinator of its county sees them.
    await page.goto("/organisations/0188/statistics")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Statistik: Norrtälje kommun")
    received = section(page, "Hjälp som kommunen fått (timmar)")
    await expect(received.locator("p").first).to_have_text(
        f"{HOURS_SV} timmar från 1 kommun under perioden."
    )
    await expect(
        cells(received.get_by_role("row", name=re.compile("^Sollentuna kommun")))
    ).to_have_text([HOURS_SV, "1"])
    await assert_accessible(page, "Norrtälje's statistics")

    # A visitor: region-level figures only, no municipality pairs.
    visitor_context = await browser.new_context(base_url=live_server, locale="sv-SE")
    visitor_context.set_default_timeout(10_000)
    visitor = await visitor_context.new_page()
    try:
        await visitor.goto("/statistik")
        await expect(visitor.get_by_role("heading", level=1)).to_have_text(
            "Statistik om samverkan i länet"
        )
        hours = cells(key_figure(visitor, "Timmar hjälp mellan kommuner"))
        await expect(hours).to_have_text([f"{HOURS_SV} timmar", "0 timmar"])
        await expect(visitor.get_by_text("Vem hjälpte vem")).to_have_count(0)
        await expect(visitor.get_by_text("Sollentuna")).to_have_count(0)
        pipeline = section(visitor, "Upphandlingar per fas")
        await assert_chart_shown(visitor, pipeline, "Upphandlingar per fas")
        interest = pipeline.get_by_role("row", name=re.compile("^Intresseanmälan"))
        assert number(await cells(interest).nth(0).inner_text()) >= 1
        assert (
            number(await cells(interest).nth(1).inner_text()) >= 520_000
        )  # Botkyrka commits that much a year
        await assert_accessible(visitor, "public statistics")

        # The visitor cannot open the dashboard or its files.
        await visitor.goto("/dashboard")
        await expect(visitor).to_have_url(re.compile(r"/logga-in"))
        data = await visitor.request.get("/dashboard/data/hour-flows.csv", max_redirects=0)
        assert data.status in (302, 303, 401, 403)
    finally:
        await visitor_context.close()
