"""JSON API for one's own notifications and mail preferences."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT

from portal.notifications import services
from portal.notifications.schemas import NotificationRead, PreferencesUpdate
from portal.search.schemas import Page
from portal.web.guards import requires_user
from portal.web.openapi import responses


class NotificationApiController(Controller):
    path = "/api/v1/notifications"
    tags = ["notifications"]
    guards = [requires_user]

    @get("/", summary="My notifications, newest first", responses=responses(401, 400))
    async def list_notifications(
        self,
        request: Request,
        unread: Annotated[bool, QueryParameter(description="Only unread ones")] = False,
        page: Annotated[int, QueryParameter(ge=1, le=10_000)] = 1,
    ) -> Page[NotificationRead]:
        return await services.list_notifications(request.user, unread_only=unread, page=page)

    @post(
        "/{notification_id:int}/read",
        status_code=HTTP_204_NO_CONTENT,
        summary="Mark one notification read",
        responses=responses(401, 403, 404),
    )
    async def mark_read(self, request: Request, notification_id: FromPath[int]) -> None:
        await services.open_notification(request.user, notification_id)

    @post(
        "/read-all",
        status_code=HTTP_204_NO_CONTENT,
        summary="Mark all my notifications read",
        responses=responses(401, 403),
    )
    async def mark_all_read(self, request: Request) -> None:
        await services.mark_all_read(request.user)

    @get(
        "/preferences",
        summary="How often I get mail about each kind of event",
        responses=responses(401),
    )
    async def get_preferences(self, request: Request) -> dict[str, str]:
        return await services.preferences(request.user.id)

    @put(
        "/preferences",
        summary="Choose immediately, daily, weekly or never per kind of event",
        responses=responses(401, 403, 400, 422),
    )
    async def put_preferences(
        self, request: Request, data: JSONBody[PreferencesUpdate]
    ) -> dict[str, str]:
        return await services.set_preferences(request.user.id, data.preferences)
