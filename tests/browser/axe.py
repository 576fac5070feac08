"""Run axe-core (the copy shipped in axe-playwright-python) on a Playwright page."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from playwright.async_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# resultTypes only trims the details axe gathers for passes; violations are always complete.
RUN_AXE = (
    "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
    " resultTypes: ['violations']})"
)


@cache
def axe_script() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def describe(violations: list[dict[str, Any]]) -> str:
    """One block per violation: rule id, impact, help, and the CSS targets of its nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(axe_script())
    results = await page.evaluate(RUN_AXE, WCAG_TAGS)
    return results["violations"]


async def assert_accessible(page: Page, what: str = "") -> None:
    """Fail with a readable list if axe finds any WCAG 2.1 A/AA violation on the page."""
    violations = await axe_violations(page)
    if violations:
        where = f"{what} ({page.url})" if what else page.url
        raise AssertionError(
            f"axe found {len(violations)} accessibility violation(s) on {where}:\n"
            + describe(violations)
        )
