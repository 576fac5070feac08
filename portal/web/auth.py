"""Who is asking: a personal bearer token, or the user id kept in the server-side session."""

from __future__ import annotations

import secrets

from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import ASGIMiddleware
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import ASGIApp, Empty, Receive, Scope, Send

from portal.accounts import services as accounts
from portal.accounts.schemas import CurrentUser

SESSION_USER_KEY = "user_id"
_NEW_SESSION_ID = "portal.new_session_id"


def bearer_token(scope: Scope) -> str | None:
    header = MutableScopeHeaders(scope).get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class AuthenticationMiddleware(ASGIMiddleware):
    """Puts the CurrentUser (or None) into ``scope["user"]``; never rejects by itself.

    A request that carries a bearer token is judged by the token alone, so a session cookie
    sent along cannot lend it a different identity (and CSRF can safely skip it).
    """

    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        user: CurrentUser | None = None
        token = bearer_token(scope)
        if token is not None:
            user = await accounts.user_for_token(token)
            scope["auth"] = "token" if user else "invalid-token"
        else:
            session = scope.get("session") or {}
            user_id = session.get(SESSION_USER_KEY) if isinstance(session, dict) else None
            if isinstance(user_id, int):
                user = await accounts.current_user_by_id(user_id)
            scope["auth"] = "session" if user else None
        scope["user"] = user
        await next_app(scope, receive, send)


def rotate_session_id(scope: Scope) -> None:
    """Give the session a fresh id when privileges change (sign-in), against fixation."""
    scope[_NEW_SESSION_ID] = secrets.token_hex(32)  # type: ignore[literal-required]


class RotatingSessionBackend(ServerSideSessionBackend):
    def get_session_id(self, connection) -> str:  # type: ignore[no-untyped-def]
        return connection.scope.get(_NEW_SESSION_ID) or super().get_session_id(connection)

    async def store_in_message(self, scope_session, message, connection) -> None:  # type: ignore[no-untyped-def]
        cookie_id = connection.cookies.get(self.config.key)
        if not scope_session:
            # Anonymous visitors get no session row and no cookie; an emptied one is cleared.
            if cookie_id in (None, "null"):
                return
            scope_session = Empty
        new_id = connection.scope.get(_NEW_SESSION_ID)
        if new_id and cookie_id and cookie_id != "null":
            await self.delete(
                cookie_id, store=self.config.get_store_from_app(connection.scope["app"])
            )
        await super().store_in_message(scope_session, message, connection)


class PortalSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend
