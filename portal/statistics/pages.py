"""Statistics pages: the coordinator's dashboard, a municipality's own figures, and the
public region-level figures; each table also as a chart (SVG) and a CSV file."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import msgspec
from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from portal.errors import NotFound
from portal.i18n import gettext as _
from portal.procurements.phases import today as local_today
from portal.statistics import charts, services
from portal.statistics.periods import Period, PeriodKind, resolve
from portal.web.guards import requires_user

PeriodQuery = FromQuery[str | None]


def _period(period: str | None, start: str | None, end: str | None) -> tuple[Period, str | None]:
    return resolve(period, start, end, local_today())


def _query(period: Period) -> str:
    if period.kind is PeriodKind.custom:
        values = {
            "period": "custom",
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
        }
    else:
        values = {"period": period.kind.value}
    return urlencode(values)


def _svg(dataset) -> Response:
    return Response(
        charts.render(dataset),
        media_type="image/svg+xml",
        headers={
            "content-security-policy": charts.SVG_POLICY,
            "cache-control": "private, max-age=60",
            # The chart speaks the reader's language: a switch must not show a cached one.
            "vary": "Cookie, Accept-Language",
        },
    )


def _csv(dataset) -> Response:
    return Response(
        dataset.csv(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{dataset.name}.csv"'},
    )


def _context(overview: services.Overview, message: str | None, base: str) -> dict[str, Any]:
    return {
        "overview": overview,
        "period_message": message,
        "query": _query(overview.period),
        "base": base,
        "kinds": list(PeriodKind),
    }


class StatisticsPageController(Controller):
    include_in_schema = False

    @get("/dashboard", name="statistics.dashboard", guards=[requires_user])
    async def dashboard(
        self,
        request: Request,
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Template:
        county = services.require_coordinator(request.user)
        chosen, message = _period(period, start, end)
        overview = await services.dashboard(county, chosen, local_today())
        return Template(
            "statistics/dashboard.html", context=_context(overview, message, "/dashboard")
        )

    @get("/dashboard/diagram/{name:str}", name="statistics.dashboard_chart")
    async def dashboard_chart(
        self,
        request: Request,
        name: FromPath[str],
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Response:
        county = services.require_coordinator(request.user)
        chosen, _message = _period(period, start, end)
        names = tuple(services.DASHBOARD)
        return _svg(
            await services.dataset(names, name.removesuffix(".svg"), county, chosen, local_today())
        )

    @get("/dashboard/data/{name:str}", name="statistics.dashboard_csv")
    async def dashboard_csv(
        self,
        request: Request,
        name: FromPath[str],
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Response:
        county = services.require_coordinator(request.user)
        chosen, _message = _period(period, start, end)
        names = tuple(services.DASHBOARD)
        return _csv(
            await services.dataset(names, name.removesuffix(".csv"), county, chosen, local_today())
        )

    @get("/statistik", name="statistics.public")
    async def public(
        self,
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Template:
        chosen, message = _period(period, start, end)
        overview = await services.public("01", chosen, local_today())
        return Template("statistics/public.html", context=_context(overview, message, "/statistik"))

    @get("/statistik/diagram/{name:str}", name="statistics.public_chart")
    async def public_chart(
        self,
        name: FromPath[str],
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Response:
        chosen, _message = _period(period, start, end)
        return _svg(
            await services.dataset(
                services.PUBLIC, name.removesuffix(".svg"), "01", chosen, local_today()
            )
        )

    @get("/statistik/data/{name:str}", name="statistics.public_csv")
    async def public_csv(
        self,
        name: FromPath[str],
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Response:
        chosen, _message = _period(period, start, end)
        return _csv(
            await services.dataset(
                services.PUBLIC, name.removesuffix(".csv"), "01", chosen, local_today()
            )
        )

    @get("/statistik.json", name="statistics.public_json")
    async def public_json(
        self,
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Response:
        chosen, message = _period(period, start, end)
        overview = await services.public("01", chosen, local_today())
        body = msgspec.to_builtins(overview) | {"period_message": message}
        return Response(body, media_type="application/json")

    @get(
        "/organisations/{code:str}/statistics",
        name="statistics.municipality",
        guards=[requires_user],
    )
    async def municipality(
        self,
        request: Request,
        code: FromPath[str],
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Template:
        row = await services.municipality_for(request.user, code)
        chosen, message = _period(period, start, end)
        overview = await services.municipality(row, chosen)
        context = _context(overview, message, f"/organisations/{code}/statistics")
        context["municipality"] = row
        return Template("statistics/municipality.html", context=context)

    @get("/organisations/{code:str}/statistics/data/{name:str}", name="statistics.municipality_csv")
    async def municipality_csv(
        self,
        request: Request,
        code: FromPath[str],
        name: FromPath[str],
        period: PeriodQuery = None,
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
    ) -> Response:
        row = await services.municipality_for(request.user, code)
        chosen, _message = _period(period, start, end)
        overview = await services.municipality(row, chosen)
        found = overview.datasets.get(name.removesuffix(".csv"))
        if found is None:
            raise NotFound(_("Det finns ingen sådan tabell."))
        return _csv(found)
