"""JSON API for the reference data of procurements: CPV codes and dated thresholds."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from portal.procurements import cpv, thresholds
from portal.procurements.schemas import (
    CpvRead,
    ThresholdCreate,
    ThresholdRead,
    ThresholdUpdate,
)
from portal.web.guards import requires_admin
from portal.web.openapi import responses


class ProcurementReferenceApiController(Controller):
    path = "/api/v1"
    tags = ["procurements"]

    @get("/cpv-codes", summary="The CPV codes procurements may use")
    async def cpv_codes(self) -> list[CpvRead]:
        return await cpv.list_codes()

    @get("/procurement-thresholds", summary="The dated thresholds of LOU")
    async def list_thresholds(self) -> list[ThresholdRead]:
        return await thresholds.list_thresholds()

    @post(
        "/procurement-thresholds",
        status_code=HTTP_201_CREATED,
        summary="Add a threshold period (admins); an open-ended earlier period is closed",
        guards=[requires_admin],
        responses=responses(401, 403, 422),
    )
    async def add_threshold(
        self, request: Request, data: JSONBody[ThresholdCreate]
    ) -> ThresholdRead:
        return await thresholds.add_threshold(request.user, data)

    @patch(
        "/procurement-thresholds/{threshold_id:int}",
        summary="Complete a threshold period, e.g. with its SEK figure (admins)",
        guards=[requires_admin],
        responses=responses(401, 403, 404, 422),
    )
    async def update_threshold(
        self, request: Request, threshold_id: FromPath[int], data: JSONBody[ThresholdUpdate]
    ) -> ThresholdRead:
        return await thresholds.update_threshold(request.user, threshold_id, data)
