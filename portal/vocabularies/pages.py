"""The admin page for the controlled vocabularies."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.accounts.roles import Role
from portal.errors import Invalid
from portal.i18n import gettext as _
from portal.validation import convert
from portal.vocabularies import services
from portal.vocabularies.kinds import Vocabulary
from portal.vocabularies.schemas import TermCreate, TermUpdate
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_role

requires_admin = requires_role(Role.admin)


def vocabulary_titles() -> dict[str, str]:
    return {
        Vocabulary.language: _("Språk (ISO 639-2)"),
        Vocabulary.script: _("Skriftsystem (ISO 15924)"),
        Vocabulary.skill: _("Kompetenser och standarder"),
        Vocabulary.material_type: _("Medietyper"),
    }


class VocabularyPageController(Controller):
    path = "/admin/vokabular"
    include_in_schema = False
    guards = [requires_admin]

    @get("/", name="vocabularies.index")
    async def index(self) -> Redirect:
        return Redirect(f"/admin/vokabular/{Vocabulary.skill.value}")

    @get("/{vocabulary:str}", name="vocabularies.edit")
    async def edit(self, vocabulary: FromPath[Vocabulary]) -> Template:
        return await _page(vocabulary)

    @post("/{vocabulary:str}", name="vocabularies.add")
    async def add(self, request: Request, vocabulary: FromPath[Vocabulary]) -> Template | Redirect:
        form = await request.form()
        values = {
            "code": formdata.text(form, "code") or "",
            "name_sv": formdata.text(form, "name_sv") or "",
            "name_en": formdata.text(form, "name_en") or "",
        }
        try:
            await services.add_term(request.user, vocabulary, convert(values, TermCreate))
        except Invalid as error:
            return await _page(vocabulary, errors=error.fields, values=values, status=422)
        flash(request, _("Termen är tillagd."))
        return Redirect(f"/admin/vokabular/{vocabulary.value}", status_code=HTTP_303_SEE_OTHER)

    @post("/{vocabulary:str}/{code:str}", name="vocabularies.toggle")
    async def toggle(
        self, request: Request, vocabulary: FromPath[Vocabulary], code: FromPath[str]
    ) -> Redirect:
        form = await request.form()
        active = formdata.text(form, "active") == "true"
        await services.update_term(request.user, vocabulary, code, TermUpdate(active=active))
        flash(request, _("Termen är aktiverad.") if active else _("Termen är inaktiverad."))
        return Redirect(f"/admin/vokabular/{vocabulary.value}", status_code=HTTP_303_SEE_OTHER)


async def _page(
    vocabulary: Vocabulary,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    return Template(
        "vocabularies/edit.html",
        context={
            "vocabulary": vocabulary.value,
            "titles": vocabulary_titles(),
            "terms": await services.list_terms(vocabulary, include_inactive=True),
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status,
    )
