"""Exports of joint procurements: participants as CSV/XLSX, deadlines as iCalendar feeds,
and Open Contracting Data Standard release packages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath

from portal.errors import NotFound
from portal.i18n import gettext as _
from portal.procurements import exports, feeds, ocds
from portal.procurements.schemas import FeedRead
from portal.web.guards import requires_user
from portal.web.openapi import responses

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS = "text/calendar; charset=utf-8"


def _settings(request: Request) -> Any:
    return request.app.state.settings


class ProcurementExportController(Controller):
    tags = ["procurements"]

    @get(
        "/api/v1/procurements/{procurement_id:int}/participations.csv",
        name="procurements.participants_csv",
        summary="Participants as CSV (semicolon-separated, UTF-8, Swedish headings)",
        guards=[requires_user],
        responses=responses(401, 403, 404),
        media_type="text/csv",
    )
    async def participants_csv(self, request: Request, procurement_id: FromPath[int]) -> Response:
        procurement, headings, rows = await exports.participants(request.user, procurement_id)
        return Response(
            exports.to_csv(headings, rows),
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": (
                    f'attachment; filename="{exports.filename(procurement, "csv")}"'
                )
            },
        )

    @get(
        "/api/v1/procurements/{procurement_id:int}/participations.xlsx",
        name="procurements.participants_xlsx",
        summary="Participants as an Excel workbook (numbers as numbers)",
        guards=[requires_user],
        responses=responses(401, 403, 404),
        media_type=XLSX,
    )
    async def participants_xlsx(self, request: Request, procurement_id: FromPath[int]) -> Response:
        procurement, headings, rows = await exports.participants(request.user, procurement_id)
        return Response(
            exports.to_xlsx(procurement.title, headings, rows),
            media_type=XLSX,
            headers={
                "content-disposition": (
                    f'attachment; filename="{exports.filename(procurement, "xlsx")}"'
                )
            },
        )

    @get(
        "/api/v1/procurements/{procurement_id:int}/ocds",
        name="procurements.ocds",
        summary="The procurement as an OCDS 1.1 release package",
        responses=responses(404),
    )
    async def ocds_package(self, request: Request, procurement_id: FromPath[int]) -> dict[str, Any]:
        settings = _settings(request)
        return await ocds.procurement_package(
            request.user,
            procurement_id,
            prefix=settings.ocid_prefix,
            base_url=settings.public_url,
        )

    @get(
        "/api/v1/ocds/releases",
        name="procurements.ocds_all",
        summary="Every procurement past the idea phase as one OCDS 1.1 release package",
        responses=responses(404),
    )
    async def ocds_releases(self, request: Request) -> dict[str, Any]:
        settings = _settings(request)
        return await ocds.all_releases(
            request.user, prefix=settings.ocid_prefix, base_url=settings.public_url
        )

    @get(
        "/procurements/deadlines.ics",
        name="procurements.deadlines",
        summary="iCalendar feed of the dates of every public procurement",
        media_type=ICS,
    )
    async def deadlines(self, request: Request) -> Response:
        body = exports.calendar(
            await feeds.public_procurements(),
            base_url=_settings(request).public_url,
            name=_("Samordnade upphandlingar"),
        )
        return Response(body, media_type=ICS, headers=exports.calendar_headers("upphandlingar.ics"))

    @get(
        "/procurements/deadlines/{feed:str}",
        name="procurements.organisation_deadlines",
        summary="An organisation's secret iCalendar feed (`<token>.ics`)",
        responses=responses(404),
        media_type=ICS,
    )
    async def organisation_deadlines(self, request: Request, feed: FromPath[str]) -> Response:
        if not feed.endswith(".ics"):
            raise NotFound(_("Kalendern finns inte."))
        organisation = await feeds.organisation_for_token(feed.removesuffix(".ics"))
        body = exports.calendar(
            await feeds.organisation_procurements(organisation),
            base_url=_settings(request).public_url,
            name=_("Upphandlingar för %(organisation)s", organisation=organisation["name"]),
        )
        return Response(
            body,
            media_type=ICS,
            headers={
                **exports.calendar_headers("upphandlingar.ics"),
                "cache-control": "private, no-store",
                "referrer-policy": "no-referrer",
            },
        )

    @get(
        "/api/v1/procurement-feeds/{organisation_code:str}",
        summary="The secret deadline feed URL of your organisation (created on first use)",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def get_feed(self, request: Request, organisation_code: FromPath[str]) -> FeedRead:
        return await feeds.feed(request.user, organisation_code, _settings(request).public_url)

    @post(
        "/api/v1/procurement-feeds/{organisation_code:str}",
        status_code=200,
        summary="Replace your organisation's feed URL; the old one stops working",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def regenerate_feed(self, request: Request, organisation_code: FromPath[str]) -> FeedRead:
        return await feeds.regenerate(
            request.user, organisation_code, _settings(request).public_url
        )
