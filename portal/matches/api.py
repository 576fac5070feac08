"""JSON API for matching: suggestions, proposals and their workflow, region-wide runs, the
scoring weights and the hours ledger."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED

from portal.matches import ledger as ledgers
from portal.matches import runs, services, suggestions, weights
from portal.matches.schemas import (
    Cancel,
    Complete,
    Decline,
    ExplanationRead,
    Ledger,
    MatchCreate,
    MatchFilters,
    MatchRead,
    ProposeFromRun,
    RunAccepted,
    RunCreate,
    RunRead,
    Step,
    Suggestions,
)
from portal.matches.status import MatchStatus
from portal.search.schemas import Page
from portal.web.guards import requires_user
from portal.web.openapi import responses

Limit = Annotated[int, QueryParameter(ge=1, le=50, description="How many suggestions")]


class ProposalsMade(msgspec.Struct, frozen=True):
    created: list[int]
    failed: dict[str, str]


class MatchingApiController(Controller):
    path = "/api/v1"
    tags = ["matching"]

    @get(
        "/needs/{need_id:int}/suggestions",
        summary="Ranked providers for a need, best first, each with its score breakdown",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def suggestions(
        self, request: Request, need_id: FromPath[int], limit: Limit = 10
    ) -> Suggestions:
        return Suggestions(await suggestions.suggestions_for(request.user, need_id, limit))

    @get(
        "/needs/{need_id:int}/suggestions/{provider_type:str}/{provider_id:int}",
        summary="Why one provider ranks as it does for a need, or which hard constraints fail",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def explain(
        self,
        request: Request,
        need_id: FromPath[int],
        provider_type: FromPath[Literal["expert", "offer"]],
        provider_id: FromPath[int],
    ) -> ExplanationRead:
        return await suggestions.explain_for(request.user, need_id, provider_type, provider_id)

    @post(
        "/matches",
        status_code=HTTP_201_CREATED,
        summary="Propose a provider for a need of your organisation",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def propose(self, request: Request, data: JSONBody[MatchCreate]) -> MatchRead:
        return await services.propose(request.user, data)

    @get(
        "/matches",
        summary="Matches you take part in (`mine=true`); coordinators see their county's",
        guards=[requires_user],
        responses=responses(400, 401),
    )
    async def list_matches(
        self,
        request: Request,
        mine: FromQuery[bool] = False,
        status: FromQuery[list[MatchStatus] | None] = None,
        need_id: FromQuery[int | None] = None,
        page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
        page_size: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
    ) -> Page[MatchRead]:
        filters = MatchFilters(
            mine=mine, status=status or [], need_id=need_id, page=page, page_size=page_size
        )
        return await services.list_matches(request.user, filters)

    @get(
        "/matches/{match_id:int}",
        summary="One match with its timeline",
        guards=[requires_user],
        responses=responses(401, 404),
    )
    async def get_match(self, request: Request, match_id: FromPath[int]) -> MatchRead:
        return await services.get_match(request.user, match_id)

    @post(
        "/matches/{match_id:int}/accept",
        status_code=HTTP_200_OK,
        summary="Accept a proposal (the expert or the offering organisation); reserves capacity",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409),
    )
    async def accept(
        self, request: Request, match_id: FromPath[int], data: JSONBody[Step | None] = None
    ) -> MatchRead:
        return await services.accept(request.user, match_id, data.comment if data else "")

    @post(
        "/matches/{match_id:int}/decline",
        status_code=HTTP_200_OK,
        summary="Decline a proposal with a reason",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def decline(
        self, request: Request, match_id: FromPath[int], data: JSONBody[Decline]
    ) -> MatchRead:
        return await services.decline(request.user, match_id, data.reason)

    @post(
        "/matches/{match_id:int}/start",
        status_code=HTTP_200_OK,
        summary="Mark accepted work as begun",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409),
    )
    async def start(
        self, request: Request, match_id: FromPath[int], data: JSONBody[Step | None] = None
    ) -> MatchRead:
        return await services.start(request.user, match_id, data.comment if data else "")

    @post(
        "/matches/{match_id:int}/complete",
        status_code=HTTP_200_OK,
        summary="Complete the work, logging the hours it took (experts)",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def complete(
        self, request: Request, match_id: FromPath[int], data: JSONBody[Complete]
    ) -> MatchRead:
        return await services.complete(request.user, match_id, data.hours_logged, data.comment)

    @post(
        "/matches/{match_id:int}/cancel",
        status_code=HTTP_200_OK,
        summary="Cancel a match before it is completed, with a reason",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def cancel(
        self, request: Request, match_id: FromPath[int], data: JSONBody[Cancel]
    ) -> MatchRead:
        return await services.cancel(request.user, match_id, data.reason)

    @post(
        "/matching/runs",
        status_code=HTTP_202_ACCEPTED,
        summary="Start a region-wide assignment over all open needs (coordinators)",
        guards=[requires_user],
        responses=responses(401, 403, 409, 422),
    )
    async def start_run(
        self, request: Request, data: JSONBody[RunCreate | None] = None
    ) -> RunAccepted:
        run_id = await runs.start_run(request.user, data or RunCreate())
        return RunAccepted(id=run_id, status="queued")

    @get(
        "/matching/runs/{run_id:int}",
        summary="A run's status and progress; when done its assignments, total score and gap",
        guards=[requires_user],
        responses=responses(401, 404),
    )
    async def get_run(self, request: Request, run_id: FromPath[int]) -> RunRead:
        return await runs.get_run(request.user, run_id)

    @post(
        "/matching/runs/{run_id:int}/proposals",
        status_code=HTTP_201_CREATED,
        summary="Turn chosen assignments of a run into proposals",
        guards=[requires_user],
        responses=responses(401, 404, 409, 422),
    )
    async def propose_from_run(
        self, request: Request, run_id: FromPath[int], data: JSONBody[ProposeFromRun]
    ) -> ProposalsMade:
        created, failed = await runs.propose_from_run(request.user, run_id, data.chosen)
        return ProposalsMade(created, failed)

    @get("/matching/weights", summary="The score's criteria and their weights")
    async def get_weights(self) -> dict[str, float]:
        return await weights.current_weights()

    @put(
        "/matching/weights",
        summary="Change the weights (coordinators and admins)",
        guards=[requires_user],
        responses=responses(401, 403, 422),
    )
    async def put_weights(
        self, request: Request, data: JSONBody[dict[str, float]]
    ) -> dict[str, float]:
        return await weights.save_weights(request.user, data)

    @get(
        "/ledger",
        summary="Hours given and received between municipalities, from completed matches",
        guards=[requires_user],
        responses=responses(401, 404),
    )
    async def ledger(self, request: Request, organisation: FromQuery[str | None] = None) -> Ledger:
        return await ledgers.ledger(request.user, request.user.county_code, organisation)
