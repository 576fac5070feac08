"""HTML pages: my notifications, my mail preferences, unsubscribing from a mail's link, and
the outbox for admins (with the kept mails of a development install)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from portal.errors import NotFound
from portal.i18n import gettext as _
from portal.notifications import admin, services, tokens
from portal.notifications.kinds import Frequency, Kind, frequency_labels, kind_labels
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_admin, requires_user
from portal.web.navigation import safe_next, see_other


class NotificationPageController(Controller):
    path = "/notiser"
    include_in_schema = False
    guards = [requires_user]

    @get("/", name="notifications.list")
    async def list_page(
        self, request: Request, page: FromQuery[int] = 1, unread: FromQuery[bool] = False
    ) -> Template:
        result = await services.list_notifications(
            request.user, unread_only=unread, page=max(1, min(page, 10_000))
        )
        return Template(
            "notifications/list.html",
            context={"result": result, "unread_only": unread, "kind_labels": kind_labels()},
        )

    @get("/{notification_id:int}", name="notifications.open")
    async def open(self, request: Request, notification_id: FromPath[int]) -> Redirect:
        """Following a notification marks it read and goes to its record."""
        item = await services.open_notification(request.user, notification_id)
        return see_other(safe_next(item.link) or "/notiser")

    @post("/{notification_id:int}/las", name="notifications.mark_read")
    async def mark_read(self, request: Request, notification_id: FromPath[int]) -> Redirect:
        await services.open_notification(request.user, notification_id)
        form = await request.form()
        flash(request, _("Notisen är markerad som läst."), "success")
        return see_other(safe_next(formdata.text(form, "next")) or "/notiser")

    @post("/las-alla", name="notifications.mark_all_read")
    async def mark_all_read(self, request: Request) -> Redirect:
        count = await services.mark_all_read(request.user)
        flash(request, _("%(n)s notiser är markerade som lästa.", n=count), "success")
        return see_other("/notiser")

    @get("/installningar", name="notifications.preferences")
    async def preferences_page(self, request: Request) -> Template:
        return Template(
            "notifications/preferences.html",
            context=await self._preferences_context(request),
        )

    @post("/installningar", name="notifications.save_preferences")
    async def save_preferences(self, request: Request) -> Template | Redirect:
        form = await request.form()
        changes: dict[Kind, Frequency] = {}
        errors: dict[str, str] = {}
        for kind in Kind:
            value = formdata.text(form, kind.value)
            if value is None:
                continue
            try:
                changes[kind] = Frequency(value)
            except ValueError:
                errors[kind.value] = _("Välj ett av alternativen.")
        if errors:
            context = await self._preferences_context(request)
            context["errors"] = errors
            return Template("notifications/preferences.html", context=context, status_code=422)
        await services.set_preferences(request.user.id, changes)
        flash(request, _("Dina val för e-post är sparade."), "success")
        return see_other("/notiser/installningar")

    async def _preferences_context(self, request: Request) -> dict[str, Any]:
        return {
            "chosen": await services.preferences(request.user.id),
            "kinds": list(Kind),
            "kind_labels": kind_labels(),
            "frequencies": list(Frequency),
            "frequency_labels": frequency_labels(),
            "errors": {},
        }


class UnsubscribePageController(Controller):
    """Links in mails: signed per person and kind, so they work without signing in and cannot
    change anyone else's settings. GET asks for confirmation (link checkers only GET); POST
    also serves mail clients' one-click unsubscribe (RFC 8058), which carries no CSRF token:
    the signature is what authorises it."""

    path = "/avregistrera"
    include_in_schema = False

    @get("/{user_id:int}/{kind:str}/{token:str}", name="notifications.unsubscribe")
    async def confirm(
        self, user_id: FromPath[int], kind: FromPath[str], token: FromPath[str]
    ) -> Template:
        chosen = _checked(user_id, kind, token)
        return Template(
            "notifications/unsubscribe.html",
            context={
                "label": kind_labels()[chosen],
                "done": False,
                "action": _path(user_id, kind, token),
            },
        )

    @post("/{user_id:int}/{kind:str}/{token:str}", name="notifications.unsubscribe_do")
    async def unsubscribe(
        self, user_id: FromPath[int], kind: FromPath[str], token: FromPath[str]
    ) -> Template:
        chosen = _checked(user_id, kind, token)
        await services.set_preferences(user_id, {chosen: Frequency.never}, actor_kind="mail-link")
        return Template(
            "notifications/unsubscribe.html",
            context={"label": kind_labels()[chosen], "done": True, "action": ""},
        )


def _path(user_id: int, kind: str, token: str) -> str:
    return f"/avregistrera/{user_id}/{kind}/{token}"


def _checked(user_id: int, kind: str, token: str) -> Kind:
    if kind not in Kind.__members__ or not tokens.valid(user_id, kind, token):
        raise NotFound(_("Länken gäller inte. Ändra dina val under Notiser när du är inloggad."))
    return Kind(kind)


class MailOutboxPageController(Controller):
    path = "/admin/e-post"
    include_in_schema = False
    guards = [requires_admin]

    @get("/", name="mail.outbox")
    async def outbox_page(self, request: Request) -> Template:
        return Template("notifications/outbox.html", context=await admin.overview())

    @get("/{mail_id:int}", name="mail.detail")
    async def mail_page(self, mail_id: FromPath[int]) -> Template:
        return Template(
            "notifications/mail.html",
            context={"mail": await admin.mail(mail_id), "status_labels": admin.status_labels()},
        )

    @post("/{mail_id:int}/skicka-igen", name="mail.resend")
    async def resend(self, request: Request, mail_id: FromPath[int]) -> Redirect:
        await admin.resend(request.user, mail_id)
        flash(request, _("Brevet ligger i kön igen."), "success")
        return see_other(f"/admin/e-post/{mail_id}")
