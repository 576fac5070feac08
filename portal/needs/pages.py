"""HTML pages for needs: list with facets (htmx-updated), detail, create, edit, status."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.accounts.schemas import CurrentUser
from portal.errors import Conflict, Invalid
from portal.i18n import gettext as _
from portal.messages.pages import thread_view
from portal.messages.schemas import SubjectType
from portal.needs import services
from portal.needs.filters import provide_need_filters
from portal.needs.labels import status_labels
from portal.needs.schemas import NeedCreate, NeedFilters, NeedRead, NeedUpdate, StatusChange
from portal.needs.status import NeedStatus
from portal.organisations import services as organisations
from portal.validation import convert
from portal.vocabularies import services as vocabularies
from portal.vocabularies.kinds import Level, Vocabulary
from portal.vocabularies.labels import mode_labels
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_user

LANGUAGE_ROWS = 4


async def _vocabulary_context() -> dict[str, Any]:
    return {
        "languages": await vocabularies.list_terms(Vocabulary.language),
        "scripts": await vocabularies.list_terms(Vocabulary.script),
        "skills": await vocabularies.list_terms(Vocabulary.skill),
        "material_types": await vocabularies.list_terms(Vocabulary.material_type),
        "levels": list(Level),
        "language_rows": LANGUAGE_ROWS,
    }


async def _libraries_for(user: CurrentUser) -> list[Any]:
    """Places on-site work can happen: the user's organisation and its municipality's libraries."""
    own = await organisations.get_organisation(user.organisation_code)
    municipality = own.municipality_code or own.code
    try:
        home = await organisations.get_organisation(municipality)
    except Exception:
        return [own]
    return [home, *home.children]


def _form_to_dict(form: Any) -> dict[str, Any]:
    return formdata.drop_none(
        {
            "title": formdata.text(form, "title") or "",
            "description": formdata.text(form, "description") or "",
            "required_languages": formdata.language_rows(form, "language", LANGUAGE_ROWS),
            "required_scripts": formdata.values(form, "required_scripts"),
            "required_skills": formdata.values(form, "required_skills"),
            "wished_skills": formdata.values(form, "wished_skills"),
            "material_type": formdata.text(form, "material_type"),
            "titles_count": formdata.text(form, "titles_count"),
            "estimated_hours": formdata.text(form, "estimated_hours"),
            "deadline": formdata.text(form, "deadline"),
            "remote": formdata.text(form, "mode") != "onsite",
            "library": formdata.text(form, "library"),
            "splittable": formdata.checkbox(form, "splittable"),
        }
    )


def _form_values(need: NeedRead) -> dict[str, Any]:
    return {
        "title": need.title,
        "description": need.description,
        "required_languages": [
            {"code": lang.code, "level": lang.level.value} for lang in need.required_languages
        ],
        "required_scripts": need.required_scripts,
        "required_skills": need.required_skills,
        "wished_skills": need.wished_skills,
        "material_type": need.material_type,
        "titles_count": need.titles_count,
        "estimated_hours": need.estimated_hours,
        "deadline": need.deadline.isoformat() if need.deadline else None,
        "remote": need.remote,
        "library": need.library,
        "splittable": need.splittable,
        "version": need.version,
    }


class NeedPageController(Controller):
    path = "/behov"
    include_in_schema = False
    dependencies = {"filters": Provide(provide_need_filters)}

    @get("/", name="needs.list")
    async def list_page(self, request: Request, filters: NamedDependency[NeedFilters]) -> Template:
        result = await services.list_needs(request.user, filters, with_facets=True)
        partial = request.headers.get("hx-request") == "true"
        return Template(
            "needs/_results.html" if partial else "needs/list.html",
            context={
                "result": result,
                "filters": filters,
                "status_labels": status_labels(),
                "mode_labels": mode_labels(),
                "language_names": await vocabularies.names(Vocabulary.language),
            },
        )

    @get("/nytt", name="needs.new", guards=[requires_user])
    async def new_form(self, request: Request) -> Template:
        return Template(
            "needs/form.html",
            context={
                **await _vocabulary_context(),
                "libraries": await _libraries_for(request.user),
                "values": {"remote": True, "splittable": True},
                "errors": {},
                "need": None,
            },
        )

    @post("/nytt", name="needs.create", guards=[requires_user])
    async def create(self, request: Request) -> Template | Redirect:
        form = await request.form()
        data = _form_to_dict(form)
        data["status"] = "draft" if form.get("action") == "draft" else "open"
        try:
            need = await services.create_need(request.user, convert(data, NeedCreate))
        except Invalid as error:
            return Template(
                "needs/form.html",
                context={
                    **await _vocabulary_context(),
                    "libraries": await _libraries_for(request.user),
                    "values": data,
                    "errors": error.fields or {"form": error.message},
                    "error_message": error.message,
                    "need": None,
                },
                status_code=422,
            )
        flash(request, _("Behovet är sparat."), "success")
        return Redirect(f"/behov/{need.id}", status_code=HTTP_303_SEE_OTHER)

    @get("/{need_id:int}", name="needs.detail")
    async def detail(self, request: Request, need_id: FromPath[int]) -> Template:
        need = await services.get_need(request.user, need_id)
        context = await _detail_context(need)
        if request.user is not None and need.allowed_transitions:
            context |= await _matching_context(request.user, need)
        context["thread"] = await thread_view(request, SubjectType.need, need.id)
        return Template("needs/detail.html", context=context)

    @get("/{need_id:int}/redigera", name="needs.edit", guards=[requires_user])
    async def edit_form(self, request: Request, need_id: FromPath[int]) -> Template:
        need = await services.get_need(request.user, need_id)
        return Template(
            "needs/form.html",
            context={
                **await _vocabulary_context(),
                "libraries": await _libraries_for(request.user),
                "values": _form_values(need),
                "errors": {},
                "need": need,
            },
        )

    @post("/{need_id:int}/redigera", name="needs.update", guards=[requires_user])
    async def update(self, request: Request, need_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        data = _form_to_dict(form)
        data.setdefault("material_type", None)
        data.setdefault("titles_count", None)
        data.setdefault("estimated_hours", None)
        data.setdefault("deadline", None)
        data.setdefault("library", None)
        if formdata.text(form, "version"):
            data["version"] = formdata.text(form, "version")
        need = await services.get_need(request.user, need_id)
        try:
            await services.update_need(request.user, need_id, convert(data, NeedUpdate))
        except (Invalid, Conflict) as error:
            fields = error.fields if isinstance(error, Invalid) else {}
            return Template(
                "needs/form.html",
                context={
                    **await _vocabulary_context(),
                    "libraries": await _libraries_for(request.user),
                    "values": data,
                    "errors": fields or {"form": error.message},
                    "error_message": error.message,
                    "need": need,
                },
                status_code=409 if isinstance(error, Conflict) else 422,
            )
        flash(request, _("Ändringarna är sparade."), "success")
        return Redirect(f"/behov/{need_id}", status_code=HTTP_303_SEE_OTHER)

    @get("/{need_id:int}/status", name="needs.confirm_status", guards=[requires_user])
    async def confirm_status(
        self, request: Request, need_id: FromPath[int], to: FromQuery[NeedStatus]
    ) -> Template:
        need = await services.get_need(request.user, need_id)
        return Template(
            "needs/confirm_status.html",
            context={"need": need, "to": to, "status_labels": status_labels()},
        )

    @post("/{need_id:int}/status", name="needs.status", guards=[requires_user])
    async def change_status(self, request: Request, need_id: FromPath[int]) -> Redirect:
        form = await request.form()
        change = convert(
            {
                "to": formdata.text(form, "to") or "",
                "comment": formdata.text(form, "comment") or "",
            },
            StatusChange,
        )
        try:
            await services.change_status(request.user, need_id, change)
        except Conflict as error:
            flash(request, error.message, "error")
        else:
            flash(request, _("Statusen är ändrad."), "success")
        return Redirect(f"/behov/{need_id}", status_code=HTTP_303_SEE_OTHER)


async def _detail_context(need: NeedRead) -> dict[str, Any]:
    return {
        "need": need,
        "status_labels": status_labels(),
        "language_names": await vocabularies.names(Vocabulary.language),
        "script_names": await vocabularies.names(Vocabulary.script),
        "skill_names": await vocabularies.names(Vocabulary.skill),
        "material_names": await vocabularies.names(Vocabulary.material_type),
    }


async def _matching_context(user: CurrentUser, need: NeedRead) -> dict[str, Any]:
    """For the need's own organisation: the best providers with their reasons, and the
    proposals made so far."""
    from portal.matches import services as matches
    from portal.matches.labels import criterion_labels
    from portal.matches.labels import status_labels as match_status_labels
    from portal.matches.schemas import MatchFilters
    from portal.matches.suggestions import suggestions_for

    open_for_proposals = need.status in (NeedStatus.open, NeedStatus.matched)
    return {
        "suggestions": await suggestions_for(user, need.id, 5) if open_for_proposals else None,
        "matches": (await matches.list_matches(user, MatchFilters(need_id=need.id))).items,
        "criterion_labels": criterion_labels(),
        "match_status_labels": match_status_labels(),
    }
