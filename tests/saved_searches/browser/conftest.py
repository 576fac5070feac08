"""The browser fixtures of tests/browser (a real ``portal serve`` and Chromium), for the saved
searches' journey."""

from tests.browser.conftest import (  # noqa: F401
    browser,
    browser_database,
    chromium,
    context,
    live_server,
    page,
)
