from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal.notifications import config as mail_config
from portal.settings import Settings, load_settings
from tests.notifications.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def mail_settings(settings: Settings, smtp_url: str | None) -> Settings:
    environ = {
        "PORTAL_DATA_DIR": str(settings.data_dir),
        "PORTAL_DATABASE_URL": settings.database_url or "",
        "PORTAL_SECRET_KEY": settings.secret_key or "",
        "PORTAL_BASE_URL": "http://portal.test",
    }
    if smtp_url:
        environ["PORTAL_SMTP_URL"] = smtp_url
    return load_settings(environ)


@pytest.fixture
def mail_to(settings: Settings, smtp: SmtpServer) -> Iterator[SmtpServer]:
    """Mail goes to the test's SMTP server; the app's own configuration comes back after."""
    mail_config.configure(mail_settings(settings, smtp.url))
    try:
        yield smtp
    finally:
        mail_config.configure(settings)
