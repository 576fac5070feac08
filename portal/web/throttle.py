"""Sign-in throttling: after too many failures a minute from one client, answer 429.

Only failures count, so a person who signs in correctly is never slowed down. The counter
lives in the app's store (file or Redis), shared by every worker.
"""

from __future__ import annotations

from litestar import Request
from litestar.stores.base import Store

from portal.errors import TooManyAttempts
from portal.i18n import gettext as _

MAX_FAILURES = 10
WINDOW_SECONDS = 60
STORE_NAME = "throttle"


def _store(request: Request) -> Store:
    return request.app.stores.get(STORE_NAME)


def _key(request: Request) -> str:
    client = request.client.host if request.client else "unknown"
    return f"login-failures:{client}"


async def check(request: Request) -> None:
    """Refuse before the password is even looked at when the client is over the limit."""
    raw = await _store(request).get(_key(request))
    if raw is not None and int(raw) >= MAX_FAILURES:
        raise TooManyAttempts(
            _("För många misslyckade inloggningar. Vänta en minut och försök igen.")
        )


async def record_failure(request: Request) -> None:
    store = _store(request)
    key = _key(request)
    raw = await store.get(key)
    count = int(raw) + 1 if raw is not None else 1
    # The window starts at the first failure; later failures do not extend it.
    ttl = await store.expires_in(key) if raw is not None else None
    await store.set(key, str(count), expires_in=ttl if ttl and ttl > 0 else WINDOW_SECONDS)


async def reset(request: Request) -> None:
    await _store(request).delete(_key(request))
