"""The unread count in every page header, looked up once per page request."""

from __future__ import annotations

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from portal.notifications.services import unread_count


class UnreadCountMiddleware(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        user = scope.get("user")
        if user is not None and scope.get("method") == "GET" and _is_page(scope["path"]):
            scope["unread_notifications"] = await unread_count(user.id)  # type: ignore[typeddict-unknown-key]
        await next_app(scope, receive, send)


def _is_page(path: str) -> bool:
    return not path.startswith(_NOT_PAGES)


_NOT_PAGES = ("/api/", "/static/", "/schema", "/healthz")
