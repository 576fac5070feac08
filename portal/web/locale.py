"""Choose the language of each request: explicit choice, then the user's, then the browser's."""

from __future__ import annotations

from litestar.datastructures import Cookie
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from portal.i18n import DEFAULT_LOCALE, LOCALES, current_locale, negotiate

LOCALE_COOKIE = "portal_lang"


def locale_cookie(locale: str, *, secure: bool) -> Cookie:
    return Cookie(
        key=LOCALE_COOKIE,
        value=locale,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def choose_locale(scope: Scope) -> str:
    headers = dict(scope.get("headers", []))
    cookies = headers.get(b"cookie", b"").decode("latin-1")
    for part in cookies.split(";"):
        name, _, value = part.strip().partition("=")
        if name == LOCALE_COOKIE and value in LOCALES:
            return value
    user = scope.get("user")
    if user is not None:
        return user.language.value
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    return negotiate(accept) or DEFAULT_LOCALE


class LocaleMiddleware(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = current_locale.set(choose_locale(scope))
        try:
            await next_app(scope, receive, send)
        finally:
            current_locale.reset(token)
