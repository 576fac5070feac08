"""Browser tests: a real ``portal serve`` on a fresh database, driven by Debian's Chromium.

The server runs in a subprocess exactly as in production (``portal seed --demo`` first), on
its own database on the test PostgreSQL server, so nothing here shares a transaction with the
other tests. Playwright never downloads a browser: it launches ``/usr/bin/chromium``. Without
that browser the tests are skipped, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from tests.databases import ServerHandle

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SECRET_KEY = "browser-test-secret-key-0123456789-abcdefghijklmnop"
SEED_TIMEOUT = 120.0
STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
ACTION_TIMEOUT_MS = 10_000


def _portal_command() -> Path:
    """The ``portal`` script installed next to this interpreter (the venv's bin directory)."""
    script = Path(sys.executable).parent / "portal"
    if not script.exists():
        pytest.fail(f"the portal script is not installed next to {sys.executable}", pytrace=False)
    return script


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, limit: int = 8000) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return text[-limit:] or "(empty)"


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; skip without it, or fail when CI=true says it must be there."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{message}; CI=true, so a missing browser is an error", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
async def browser_database(chromium: Path, pg_server: ServerHandle) -> AsyncIterator[str]:
    """An empty database of its own for the server under test, dropped afterwards."""
    url = await pg_server.fresh_database("portal_browser")
    try:
        yield url
    finally:
        await pg_server.drop_database(url)


@pytest.fixture(scope="session")
def live_server(
    chromium: Path, browser_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Seed the demo data and run ``portal serve`` on a free port; yields its base URL."""
    data_dir = tmp_path_factory.mktemp("portal-browser")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    env.update(
        PORTAL_DATABASE_URL=browser_database,
        PORTAL_DATA_DIR=str(data_dir),
        PORTAL_SECRET_KEY=SECRET_KEY,
        # Like `make run`: a queue worker in the server's own process.
        PORTAL_INPROCESS_WORKER="true",
        PYTHONUNBUFFERED="1",
    )
    portal = _portal_command()

    try:
        seeded = subprocess.run(
            [str(portal), "seed", "--demo"],
            env=env,
            cwd=data_dir,
            capture_output=True,
            text=True,
            timeout=SEED_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"`portal seed --demo` took over {SEED_TIMEOUT:.0f} s: {error}", pytrace=False)
    if seeded.returncode != 0:
        pytest.fail(
            f"`portal seed --demo` exited with {seeded.returncode}:\n"
            f"{seeded.stdout}\n{seeded.stderr}",
            pytrace=False,
        )

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(portal), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(server, base_url, log_path)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=STOP_TIMEOUT)


def _wait_until_healthy(server: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last = "no answer yet"
    with httpx.Client(base_url=base_url, timeout=2.0) as http:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(
                    f"`portal serve` exited with {server.returncode} before it was healthy; "
                    f"its log:\n{_tail(log_path)}",
                    pytrace=False,
                )
            try:
                response = http.get("/healthz")
            except httpx.TransportError as error:
                last = f"{type(error).__name__}: {error}"
            else:
                if response.status_code == 200:
                    return
                last = f"HTTP {response.status_code}: {response.text[:200]}"
            time.sleep(0.2)
    pytest.fail(
        f"`portal serve` at {base_url} was not healthy within {STARTUP_TIMEOUT:.0f} s "
        f"(last: {last}); its log:\n{_tail(log_path)}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    playwright = await async_playwright().start()
    try:
        launched = await playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()
    finally:
        await playwright.stop()


@pytest.fixture
async def context(browser: Browser, live_server: str) -> AsyncIterator[BrowserContext]:
    """A fresh browser profile (no cookies) asking for Swedish, as most visitors do."""
    ctx = await browser.new_context(
        base_url=live_server,
        locale="sv-SE",
        viewport={"width": 1280, "height": 900},
    )
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        yield ctx
    finally:
        await ctx.close()


@pytest.fixture
async def page(context: BrowserContext) -> Page:
    return await context.new_page()
