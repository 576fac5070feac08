"""Litestar's CSRF protection, skipped only for requests authenticated by a bearer token.

A browser never adds an Authorization header on its own, so a bearer request cannot be a
cross-site forgery; every cookie-authenticated unsafe request still needs the token.
"""

from __future__ import annotations

from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send

from portal.web.auth import bearer_token


class PortalCSRFMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and bearer_token(scope) is not None:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
