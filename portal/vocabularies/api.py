"""JSON API for the controlled vocabularies; changes are for admins."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from portal.accounts.roles import Role
from portal.vocabularies import services
from portal.vocabularies.kinds import Vocabulary
from portal.vocabularies.schemas import TermCreate, TermRead, TermUpdate
from portal.web.guards import requires_role
from portal.web.openapi import responses

requires_admin = requires_role(Role.admin)


class VocabularyApiController(Controller):
    path = "/api/v1/vocabularies"
    tags = ["vocabularies"]

    @get("/{vocabulary:str}", summary="The terms of a vocabulary", responses=responses(400))
    async def list_terms(
        self, vocabulary: FromPath[Vocabulary], include_inactive: FromQuery[bool] = False
    ) -> list[TermRead]:
        return await services.list_terms(vocabulary, include_inactive=include_inactive)

    @post(
        "/{vocabulary:str}",
        status_code=HTTP_201_CREATED,
        summary="Add a term (admins)",
        guards=[requires_admin],
        responses=responses(401, 403, 422),
    )
    async def add_term(
        self, request: Request, vocabulary: FromPath[Vocabulary], data: JSONBody[TermCreate]
    ) -> TermRead:
        return await services.add_term(request.user, vocabulary, data)

    @patch(
        "/{vocabulary:str}/{code:str}",
        summary="Rename or (de)activate a term (admins)",
        guards=[requires_admin],
        responses=responses(401, 403, 404, 422),
    )
    async def update_term(
        self,
        request: Request,
        vocabulary: FromPath[Vocabulary],
        code: FromPath[str],
        data: JSONBody[TermUpdate],
    ) -> TermRead:
        return await services.update_term(request.user, vocabulary, code, data)
