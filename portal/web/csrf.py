"""Litestar's CSRF protection, skipped only for requests authenticated by a bearer token.

A browser never adds an Authorization header on its own, so a bearer request cannot be a
cross-site forgery; every cookie-authenticated unsafe request still needs the token.
"""

from __future__ import annotations

from litestar import Request
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Cookie
from litestar.middleware.csrf import CSRFMiddleware, generate_csrf_token
from litestar.types import Receive, Scope, Send

from portal.web.auth import bearer_token


class PortalCSRFMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and bearer_token(scope) is not None:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def fresh_csrf_cookie(request: Request) -> tuple[str, Cookie] | None:
    """A CSRF token and its cookie for a client that has none yet.

    The JSON sign-in is exempt from CSRF (a cross-site form cannot send JSON), so API clients
    would otherwise have to fetch a page before their first unsafe request.
    """
    config: CSRFConfig = request.app.state.csrf_config
    if request.cookies.get(config.cookie_name):
        return None
    token = generate_csrf_token(secret=config.secret)
    cookie = Cookie(
        key=config.cookie_name,
        value=token,
        path=config.cookie_path,
        secure=config.cookie_secure,
        httponly=config.cookie_httponly,
        samesite=config.cookie_samesite,
        domain=config.cookie_domain,
    )
    return token, cookie
