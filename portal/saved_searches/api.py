"""JSON API for one's own saved searches."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post
from litestar.exceptions import (
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from portal.saved_searches import services
from portal.saved_searches.schemas import SavedSearchCreate, SavedSearchRead, SavedSearchUpdate
from portal.web.guards import requires_user
from portal.web.openapi import responses


class SavedSearchApiController(Controller):
    path = "/api/v1/saved-searches"
    tags = ["saved searches"]
    guards = [requires_user]

    @get(
        "/",
        summary="My saved searches",
        responses=responses(401),
        raises=[NotAuthorizedException],
    )
    async def list_searches(self, request: Request) -> list[SavedSearchRead]:
        return await services.list_saved_searches(request.user)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary=(
            "Save a list's filters (`list`: needs, offers, experts or procurements; `query`: "
            "the list's query string) with a name and how to be alerted of new needs and "
            "offers that match"
        ),
        responses=responses(401, 403, 422),
        raises=[NotAuthorizedException, PermissionDeniedException, ValidationException],
    )
    async def create(self, request: Request, data: JSONBody[SavedSearchCreate]) -> SavedSearchRead:
        return await services.create_saved_search(request.user, data)

    @get(
        "/{search_id:int}",
        summary="One of my saved searches",
        responses=responses(401, 404),
        raises=[NotAuthorizedException, NotFoundException],
    )
    async def get_search(self, request: Request, search_id: FromPath[int]) -> SavedSearchRead:
        return await services.get_saved_search(request.user, search_id)

    @patch(
        "/{search_id:int}",
        summary="Rename a saved search or change how often it alerts",
        responses=responses(401, 403, 404, 422),
        raises=[
            NotAuthorizedException,
            PermissionDeniedException,
            NotFoundException,
            ValidationException,
        ],
    )
    async def update(
        self, request: Request, search_id: FromPath[int], data: JSONBody[SavedSearchUpdate]
    ) -> SavedSearchRead:
        return await services.update_saved_search(request.user, search_id, data)

    @delete(
        "/{search_id:int}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a saved search",
        responses=responses(401, 403, 404),
        raises=[NotAuthorizedException, PermissionDeniedException, NotFoundException],
    )
    async def delete_search(self, request: Request, search_id: FromPath[int]) -> None:
        await services.delete_saved_search(request.user, search_id)
