"""HTML pages for expert profiles: list with facets (htmx-updated), detail, own profile form."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.accounts.roles import Role
from portal.errors import Invalid, NotAllowed
from portal.experts import services
from portal.experts.filters import provide_expert_filters
from portal.experts.schemas import ExpertFilters, ExpertProfileRead, ExpertProfileWrite
from portal.i18n import gettext as _
from portal.validation import convert
from portal.vocabularies import services as vocabularies
from portal.vocabularies.kinds import Level, Vocabulary
from portal.vocabularies.labels import mode_labels
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_user

LANGUAGE_ROWS = 6


async def _vocabulary_context() -> dict[str, Any]:
    return {
        "languages": await vocabularies.list_terms(Vocabulary.language),
        "scripts": await vocabularies.list_terms(Vocabulary.script),
        "skills": await vocabularies.list_terms(Vocabulary.skill),
        "material_types": await vocabularies.list_terms(Vocabulary.material_type),
        "levels": list(Level),
        "language_rows": LANGUAGE_ROWS,
        "municipalities": await services.municipalities(),
    }


async def _names() -> dict[str, Any]:
    return {
        "language_names": await vocabularies.names(Vocabulary.language),
        "script_names": await vocabularies.names(Vocabulary.script),
        "skill_names": await vocabularies.names(Vocabulary.skill),
        "material_names": await vocabularies.names(Vocabulary.material_type),
    }


def _form_to_dict(form: Any) -> dict[str, Any]:
    return formdata.drop_none(
        {
            "headline": formdata.text(form, "headline") or "",
            "description": formdata.text(form, "description") or "",
            "languages": formdata.language_rows(form, "language", LANGUAGE_ROWS),
            "scripts": formdata.values(form, "scripts"),
            "skills": formdata.values(form, "skills"),
            "material_types": formdata.values(form, "material_types"),
            "capacity_hours_per_week": formdata.text(form, "capacity_hours_per_week"),
            "available_from": formdata.text(form, "available_from"),
            "available_until": formdata.text(form, "available_until"),
            "remote": formdata.checkbox(form, "remote"),
            "onsite": formdata.checkbox(form, "onsite"),
            "travel_km": formdata.text(form, "travel_km"),
            "municipality": formdata.text(form, "municipality"),
            "visible": formdata.checkbox(form, "visible"),
        }
    )


def _form_values(profile: ExpertProfileRead) -> dict[str, Any]:
    return {
        "headline": profile.headline,
        "description": profile.description or "",
        "languages": [{"code": lang.code, "level": lang.level.value} for lang in profile.languages],
        "scripts": profile.scripts,
        "skills": profile.skills,
        "material_types": profile.material_types,
        "capacity_hours_per_week": f"{profile.capacity_hours_per_week:g}",
        "available_from": profile.available_from.isoformat() if profile.available_from else None,
        "available_until": (
            profile.available_until.isoformat() if profile.available_until else None
        ),
        "remote": profile.remote,
        "onsite": profile.onsite,
        "travel_km": profile.travel_km,
        "municipality": profile.municipality,
        "visible": profile.visible,
    }


def _new_values(request: Request) -> dict[str, Any]:
    """A fresh form: remote work, visible, and the user's own municipality when they have one."""
    home = request.user.organisation_code.split("-")[0]
    return {"remote": True, "onsite": False, "visible": True, "municipality": home}


class ExpertPageController(Controller):
    path = "/experter"
    include_in_schema = False
    dependencies = {"filters": Provide(provide_expert_filters)}

    @get("/", name="experts.list")
    async def list_page(
        self, request: Request, filters: NamedDependency[ExpertFilters]
    ) -> Template:
        result = await services.list_profiles(request.user, filters, with_facets=True)
        partial = request.headers.get("hx-request") == "true"
        user = request.user
        return Template(
            "experts/_results.html" if partial else "experts/list.html",
            context={
                "result": result,
                "filters": filters,
                "levels": list(Level),
                "mode_labels": mode_labels(),
                "language_names": await vocabularies.names(Vocabulary.language),
                "is_expert": user is not None and user.has_role(Role.expert),
                "own_profile_id": await services.own_profile_id(user),
            },
        )

    @get("/min-profil", name="experts.edit_own", guards=[requires_user])
    async def edit_own(self, request: Request) -> Template:
        profile = await services.get_own_profile(request.user)
        return Template(
            "experts/form.html",
            context={
                **await _vocabulary_context(),
                "values": _form_values(profile) if profile else _new_values(request),
                "errors": {},
                "profile": profile,
            },
        )

    @post("/min-profil", name="experts.save_own", guards=[requires_user])
    async def save_own(self, request: Request) -> Template | Redirect:
        form = await request.form()
        data = _form_to_dict(form)
        try:
            profile, created = await services.save_own_profile(
                request.user, convert(data, ExpertProfileWrite)
            )
        except Invalid as error:
            return Template(
                "experts/form.html",
                context={
                    **await _vocabulary_context(),
                    "values": data,
                    "errors": error.fields or {"form": error.message},
                    "error_message": error.message,
                    "profile": await services.get_own_profile(request.user),
                },
                status_code=422,
            )
        flash(
            request,
            _("Din profil är skapad.") if created else _("Ändringarna är sparade."),
            "success",
        )
        return Redirect(
            request.app.route_reverse("experts.detail", profile_id=profile.id),
            status_code=HTTP_303_SEE_OTHER,
        )

    @get("/{profile_id:int}", name="experts.detail")
    async def detail(self, request: Request, profile_id: FromPath[int]) -> Template:
        profile = await services.get_profile(request.user, profile_id)
        return Template(
            "experts/detail.html",
            context={"profile": profile, "mode_labels": mode_labels(), **await _names()},
        )

    @get("/{profile_id:int}/redigera", name="experts.edit", guards=[requires_user])
    async def edit(self, request: Request, profile_id: FromPath[int]) -> Template:
        """Coordinators (and the owner) edit a profile by id."""
        profile = await services.get_profile(request.user, profile_id)
        if not profile.editable:
            raise NotAllowed(_("Bara experten själv eller en samordnare kan ändra profilen."))
        return Template(
            "experts/form.html",
            context={
                **await _vocabulary_context(),
                "values": _form_values(profile),
                "errors": {},
                "profile": profile,
                "editing_other": not profile.own,
            },
        )

    @post("/{profile_id:int}/redigera", name="experts.update", guards=[requires_user])
    async def update(self, request: Request, profile_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        data = _form_to_dict(form)
        try:
            await services.replace_profile(
                request.user, profile_id, convert(data, ExpertProfileWrite)
            )
        except Invalid as error:
            return Template(
                "experts/form.html",
                context={
                    **await _vocabulary_context(),
                    "values": data,
                    "errors": error.fields or {"form": error.message},
                    "error_message": error.message,
                    "profile": await services.get_profile(request.user, profile_id),
                    "editing_other": True,
                },
                status_code=422,
            )
        flash(request, _("Ändringarna är sparade."), "success")
        return Redirect(
            request.app.route_reverse("experts.detail", profile_id=profile_id),
            status_code=HTTP_303_SEE_OTHER,
        )
