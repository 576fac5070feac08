"""Site-wide pages: home, accessibility statement, language switch and health."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.accounts import services as accounts
from portal.accounts.roles import Language
from portal.db.health import database_ok
from portal.organisations import services as organisations
from portal.organisations.kinds import OrganisationKind
from portal.web.forms import FormData
from portal.web.locale import locale_cookie
from portal.web.navigation import safe_next
from portal.web.openapi import responses


class SitePageController(Controller):
    include_in_schema = False

    @get("/", name="home")
    async def home(self) -> Template:
        municipalities = await organisations.list_organisations(
            kind=OrganisationKind.municipality, per_page=1
        )
        libraries = await organisations.list_organisations(
            kind=OrganisationKind.library, per_page=1
        )
        return Template(
            "pages/home.html",
            context={
                "municipality_count": municipalities.total,
                "library_count": libraries.total,
            },
        )

    @get("/tillganglighet", name="accessibility")
    async def accessibility(self) -> Template:
        return Template("pages/accessibility.html")

    @post("/sprak", name="language")
    async def set_language(self, request: Request, data: FormData) -> Redirect:
        language = data.get("lang", "")
        target = safe_next(data.get("next")) or "/"
        if language not in Language.__members__:
            return Redirect(target, status_code=HTTP_303_SEE_OTHER)
        if request.user is not None:
            await accounts.set_language(request.user, Language(language))
        secure = request.app.state.settings.production
        return Redirect(
            target,
            status_code=HTTP_303_SEE_OTHER,
            cookies=[locale_cookie(language, secure=secure)],
        )


class HealthController(Controller):
    tags = ["health"]

    @get("/healthz", summary="Service and database health", responses=responses(503))
    async def health(self) -> Response[dict[str, str]]:
        if await database_ok():
            return Response({"status": "ok", "database": "ok"})
        return Response({"status": "degraded", "database": "unreachable"}, status_code=503)
