"""HTML pages: save a list's current search, my saved searches, change one, delete one.

The form on each list posts the list's current query string; with htmx, which changes the
filters without reloading the page, the form is fetched again after each change (the
``HX-Current-URL`` header says which filters are showing). Without JavaScript every change
of filter reloads the page, and the form with it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from litestar import Controller, Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from portal.errors import Invalid
from portal.i18n import gettext as _
from portal.notifications.kinds import Frequency, frequency_labels
from portal.saved_searches import lists, services
from portal.saved_searches.schemas import SavedList, SavedSearchCreate, SavedSearchUpdate
from portal.validation import convert
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_user
from portal.web.navigation import see_other

ListParam = Annotated[str, QueryParameter(name="list", max_length=20)]


def _labels() -> dict[str, Any]:
    return {
        "list_labels": lists.list_labels(),
        "frequency_labels": frequency_labels(),
        "frequencies": list(Frequency),
        "describe_query": lists.describe_query,
    }


def _known_list(value: str | None) -> SavedList | None:
    try:
        return SavedList(value or "")
    except ValueError:
        return None


class SavedSearchPageController(Controller):
    path = "/sparade-sokningar"
    include_in_schema = False
    guards = [requires_user]

    @get("/", name="saved_searches.list")
    async def list_page(self, request: Request) -> Template:
        searches = await services.list_saved_searches(request.user)
        return Template(
            "saved_searches/list.html",
            context={**_labels(), "searches": searches, "limit": services.MAX_PER_USER},
        )

    @get("/formular", name="saved_searches.save_form")
    async def save_form(self, request: Request, list_name: ListParam = "") -> Template:
        """The save form of a list page, for the filters its address now shows (htmx)."""
        saved_list = _known_list(list_name)
        query = ""
        current = request.headers.get("hx-current-url")
        if saved_list is not None and current:
            address = urlsplit(current)
            if address.path.rstrip("/") == lists.LISTS[saved_list].path:
                query = address.query
        return Template(
            "saved_searches/_save_form.html",
            context={"save_list": saved_list.value if saved_list else "", "save_query": query},
        )

    @get("/ny", name="saved_searches.new")
    async def new_form(
        self,
        request: Request,
        list_name: ListParam = "",
        saved_query: Annotated[str, QueryParameter(name="query", max_length=lists.MAX_QUERY)] = "",
    ) -> Template:
        values = {"list": list_name, "query": saved_query, "name": "", "frequency": "daily"}
        return Template(
            "saved_searches/new.html", context={**_labels(), "values": values, "errors": {}}
        )

    @post("/", name="saved_searches.create")
    async def create(self, request: Request) -> Template | Redirect:
        form = await request.form()
        values = {
            "name": formdata.text(form, "name") or "",
            "list": formdata.text(form, "list") or "",
            "query": str(form.get("query") or ""),
            "frequency": formdata.text(form, "frequency") or Frequency.daily.value,
        }
        try:
            saved = await services.create_saved_search(
                request.user, convert(values, SavedSearchCreate)
            )
        except Invalid as error:
            return Template(
                "saved_searches/new.html",
                context={
                    **_labels(),
                    "values": values,
                    "errors": error.fields or {"form": error.message},
                    "error_message": error.message,
                },
                status_code=422,
            )
        flash(request, _("Sökningen ”%(name)s” är sparad.", name=saved.name), "success")
        return see_other(saved.url)

    @get("/{search_id:int}/andra", name="saved_searches.edit")
    async def edit_form(self, request: Request, search_id: FromPath[int]) -> Template:
        search = await services.get_saved_search(request.user, search_id)
        values = {"name": search.name, "frequency": search.frequency.value}
        return Template(
            "saved_searches/edit.html",
            context={**_labels(), "search": search, "values": values, "errors": {}},
        )

    @post("/{search_id:int}/andra", name="saved_searches.update")
    async def update(self, request: Request, search_id: FromPath[int]) -> Template | Redirect:
        search = await services.get_saved_search(request.user, search_id)
        form = await request.form()
        values = {"name": formdata.text(form, "name") or ""}
        frequency = formdata.text(form, "frequency")
        if frequency is not None:
            values["frequency"] = frequency
        try:
            await services.update_saved_search(
                request.user, search_id, convert(values, SavedSearchUpdate)
            )
        except Invalid as error:
            return Template(
                "saved_searches/edit.html",
                context={
                    **_labels(),
                    "search": search,
                    "values": {"frequency": search.frequency.value, **values},
                    "errors": error.fields or {"form": error.message},
                    "error_message": error.message,
                },
                status_code=422,
            )
        flash(request, _("Ändringen är sparad."), "success")
        return see_other("/sparade-sokningar")

    @get("/{search_id:int}/ta-bort", name="saved_searches.confirm_delete")
    async def confirm_delete(self, request: Request, search_id: FromPath[int]) -> Template:
        search = await services.get_saved_search(request.user, search_id)
        return Template("saved_searches/confirm_delete.html", context={"search": search})

    @post("/{search_id:int}/ta-bort", name="saved_searches.delete")
    async def delete(self, request: Request, search_id: FromPath[int]) -> Redirect:
        search = await services.get_saved_search(request.user, search_id)
        await services.delete_saved_search(request.user, search_id)
        flash(request, _("Sökningen ”%(name)s” är borttagen.", name=search.name), "success")
        return see_other("/sparade-sokningar")
