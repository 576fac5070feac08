"""Reusable route guards. Each raises; services check again for the record at hand."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.i18n import gettext as _


def current_user(connection: ASGIConnection) -> CurrentUser | None:
    return connection.scope.get("user")


async def requires_user(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    if current_user(connection) is None:
        raise NotAuthorizedException(_("Du behöver logga in."))


def requires_role(*roles: Role):
    """A guard that lets through users holding any of ``roles``."""

    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        await requires_user(connection, handler)
        user = current_user(connection)
        assert user is not None
        if not user.has_role(*roles):
            raise PermissionDeniedException(_("Du saknar behörighet för det här."))

    guard.__name__ = f"requires_{'_or_'.join(roles)}"
    return guard


requires_coordinator = requires_role(Role.coordinator)
requires_admin = requires_role(Role.admin)
