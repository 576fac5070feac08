from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal.notifications import config as mail_config
from portal.settings import Settings


@pytest.fixture
def mail_configured(settings: Settings) -> Iterator[None]:
    """Mail composed as the app composes it (addresses, signed unsubscribe links)."""
    mail_config.configure(settings)
    yield
