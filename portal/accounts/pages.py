"""Sign-in and sign-out pages."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.accounts import services
from portal.errors import NotAuthenticated, TooManyAttempts
from portal.i18n import gettext as _
from portal.web import throttle
from portal.web.auth import SESSION_USER_KEY, rotate_session_id
from portal.web.forms import FormData
from portal.web.locale import locale_cookie
from portal.web.navigation import safe_next


class AccountPageController(Controller):
    include_in_schema = False

    @get("/logga-in", name="accounts.login")
    async def login_form(self, request: Request, next: FromQuery[str | None] = None) -> Template:
        return Template(
            "accounts/login.html",
            context={"next": safe_next(next), "email": "", "error": None},
        )

    @post("/logga-in", name="accounts.login_submit")
    async def login(self, request: Request, data: FormData) -> Template | Redirect:
        email = data.get("email", "").strip()
        password = data.get("password", "")
        next_url = safe_next(data.get("next"))

        def again(error: str, status: int) -> Template:
            return Template(
                "accounts/login.html",
                context={"next": next_url, "email": email, "error": error},
                status_code=status,
            )

        if not email or not password:
            return again(_("Fyll i både e-postadress och lösenord."), 422)
        try:
            await throttle.check(request)
            user = await services.authenticate(email, password)
        except TooManyAttempts as error:
            return again(error.message, 429)
        except NotAuthenticated as error:
            await throttle.record_failure(request)
            return again(error.message, 401)
        await throttle.reset(request)
        rotate_session_id(request.scope)
        request.set_session({SESSION_USER_KEY: user.id})
        secure = request.app.state.settings.production
        return Redirect(
            next_url or "/",
            status_code=HTTP_303_SEE_OTHER,
            cookies=[locale_cookie(user.language.value, secure=secure)],
        )

    @post("/logga-ut", name="accounts.logout")
    async def logout(self, request: Request) -> Redirect:
        request.clear_session()
        return Redirect("/", status_code=HTTP_303_SEE_OTHER)
