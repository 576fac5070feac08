"""The list filters of expert profiles, read from the query string by the API and the pages."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar.exceptions import ValidationException
from litestar.params import QueryParameter

from portal.experts.schemas import ExpertFilters, ExpertSort
from portal.i18n import gettext as _
from portal.vocabularies.kinds import Level

Many = Annotated[list[str] | None, QueryParameter(max_items=50)]


def _optional_level(value: str | None) -> Level | None:
    """The filter form's "all levels" option sends an empty value: no filter, not an error."""
    if value is None or not value.strip():
        return None
    try:
        return Level(value.strip())
    except ValueError:
        message = _("Ogiltigt val: %(value)s.", value=value)
        raise ValidationException(
            message, extra=[{"message": message, "key": "level", "source": "query"}]
        ) from None


async def provide_expert_filters(
    language: Annotated[list[str] | None, QueryParameter(description="ISO 639-2/B codes")] = None,
    level: Annotated[
        str | None,
        QueryParameter(
            description=(
                "Minimum level in the chosen languages (basic, good, fluent, native); "
                "applies with `language`; empty means any level"
            ),
            max_length=20,
        ),
    ] = None,
    script: Annotated[list[str] | None, QueryParameter(description="ISO 15924 codes")] = None,
    skill: Annotated[list[str] | None, QueryParameter(description="Skill slugs")] = None,
    material_type: Many = None,
    municipality: Annotated[
        list[str] | None, QueryParameter(description="Home municipality codes")
    ] = None,
    mode: Annotated[list[Literal["remote", "onsite"]] | None, QueryParameter()] = None,
    available: Annotated[
        bool,
        QueryParameter(
            description="Only profiles with hours to give whose availability has not ended"
        ),
    ] = False,
    q: Annotated[
        str | None, QueryParameter(max_length=200, description="Swedish full text")
    ] = None,
    sort: Annotated[ExpertSort, QueryParameter()] = ExpertSort.newest,
    page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
) -> ExpertFilters:
    return ExpertFilters(
        language=language or [],
        level=_optional_level(level),
        script=script or [],
        skill=skill or [],
        material_type=material_type or [],
        municipality=municipality or [],
        mode=mode or [],
        available=available,
        q=(q or "").strip() or None,
        sort=sort,
        page=page,
        page_size=page_size,
    )
