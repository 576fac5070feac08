"""JSON API for private message threads."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.exceptions import (
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from portal.messages import services
from portal.messages.schemas import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    MessageCreate,
    MessageRead,
    ThreadSummary,
)
from portal.search.schemas import Page
from portal.web.guards import requires_user
from portal.web.openapi import responses

Organisation = Annotated[
    str | None,
    QueryParameter(
        description="Procurement threads: the code of the organisation whose private thread "
        "with the lead it is. Members default to their own organisation; the lead's staff "
        "and the county's coordinators must choose.",
        min_length=2,
        max_length=64,
    ),
]

SUBJECTS = "`need`, `offer_request`, `match` or `procurement`"


class MessageApiController(Controller):
    path = "/api/v1"
    tags = ["messages"]
    guards = [requires_user]

    @get(
        "/threads/{subject_type:str}/{subject_id:int}",
        summary=f"The messages of a private thread, oldest first; the subject is {SUBJECTS}",
        responses=responses(400, 401, 403, 404, 422),
        raises=[
            NotAuthorizedException,
            PermissionDeniedException,
            NotFoundException,
            ValidationException,
        ],
    )
    async def list_messages(
        self,
        request: Request,
        subject_type: FromPath[str],
        subject_id: FromPath[int],
        organisation: Organisation = None,
        page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
        page_size: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
    ) -> Page[MessageRead]:
        return await services.list_messages(
            request.user,
            subject_type,
            subject_id,
            organisation=organisation,
            page=page,
            page_size=page_size,
        )

    @post(
        "/threads/{subject_type:str}/{subject_id:int}",
        status_code=HTTP_201_CREATED,
        summary="Write in a private thread (at most 5000 characters); the others who take "
        "part are notified",
        responses=responses(400, 401, 403, 404, 422),
        raises=[
            NotAuthorizedException,
            PermissionDeniedException,
            NotFoundException,
            ValidationException,
        ],
    )
    async def post_message(
        self,
        request: Request,
        subject_type: FromPath[str],
        subject_id: FromPath[int],
        data: JSONBody[MessageCreate],
        organisation: Organisation = None,
    ) -> MessageRead:
        return await services.post_message(
            request.user, subject_type, subject_id, data, organisation=organisation
        )

    @get(
        "/procurements/{procurement_id:int}/threads",
        summary="Every organisation's private thread on a procurement, with counts (the lead "
        "and the county's coordinators)",
        responses=responses(401, 403, 404),
        raises=[NotAuthorizedException, PermissionDeniedException, NotFoundException],
    )
    async def procurement_threads(
        self, request: Request, procurement_id: FromPath[int]
    ) -> list[ThreadSummary]:
        return await services.procurement_threads(request.user, procurement_id)
