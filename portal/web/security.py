"""Security headers on every response."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

# No inline script anywhere: behaviour comes from files under /static only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def security_headers(*, hsts: bool) -> Callable[[Message, Scope], Awaitable[None]]:
    """A ``before_send`` hook: it sees every response, including the router's own 404s."""
    headers = dict(HEADERS)
    if hsts:
        headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            existing = MutableScopeHeaders.from_message(message)
            for name, value in headers.items():
                if name not in existing:
                    existing[name] = value

    return add_headers
