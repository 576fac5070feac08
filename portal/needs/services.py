"""Needs: what an organisation wants help with. Permission, validation, change, audit."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import msgspec

from portal.accounts.permissions import may_act_for
from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.generated import declared_columns
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.needs.labels import status_labels
from portal.needs.schemas import (
    Contact,
    NeedCreate,
    NeedFilters,
    NeedKind,
    NeedRead,
    NeedSort,
    NeedUpdate,
    StatusChange,
)
from portal.needs.status import EDITABLE, PUBLIC, TRANSITIONS, NeedStatus
from portal.needs.tables import Need
from portal.offers.labels import category_labels
from portal.organisations import services as organisations
from portal.organisations.schemas import OrganisationRef
from portal.organisations.tables import Organisation
from portal.search.bitmap_index import FacetIndex, IndexDefinition
from portal.search.distance import (
    DISTANCE_SQL,
    ORIGIN_JOIN,
    municipality_join,
    origin_code,
)
from portal.search.facets import FacetSpec, count_facets
from portal.search.query import Conditions, Member, Rows, numbered, swedish_prefix_query
from portal.search.schemas import Facet, Page
from portal.vocabularies import services as vocabularies
from portal.vocabularies.kinds import Vocabulary
from portal.vocabularies.labels import mode_labels
from portal.vocabularies.schemas import LanguageLevel

SOURCE = "need n JOIN organisation o ON o.id = n.organisation" + municipality_join("n")
# Totals and facet counts read the need alone (the covering index answers them); list
# conditions therefore name organisations by subquery instead of through the join.
COUNT_SOURCE = "need n"
# The stored Swedish document (a generated column, see portal.db.generated).
DOCUMENT = "n.search_vector"
IN_ORGANISATIONS = "n.organisation IN (SELECT id FROM organisation WHERE {})"
# A need's list keys ("s:open", "l:som", "o:12", ...), indexed per kind by GIN together with
# the search document (migration 2026-12-04T16:30): every list filter but the deadline said as
# keys, so that a bitmap of this one index counts the matches without reading them.
KEYS = (
    "need_list_keys(n.status, n.municipality_code, n.remote, n.material_type, n.category, "
    "n.organisation, n.language_codes, n.required_scripts, n.required_skills)"
)
KEYS_OF_ORGANISATIONS = "ARRAY(SELECT 'o:' || id FROM organisation WHERE {})"

# Each facet's value(s) of a need as SQL (an array when flagged): counted in SQL and held by
# the in-memory facet index alike.
FACETS: dict[str, tuple[str, bool]] = {
    "language": ("n.language_codes", True),
    "script": ("n.required_scripts", True),
    "skill": ("n.required_skills", True),
    "material_type": ("n.material_type", False),
    "category": ("n.category", False),
    "municipality": ("n.municipality_code", False),
    "mode": ("CASE WHEN n.remote THEN 'remote' ELSE 'onsite' END", False),
    "status": ("n.status", False),
}
INDEX = FacetIndex(
    IndexDefinition(
        table="need",
        source=COUNT_SOURCE,
        rows=COUNT_SOURCE,
        id="n.id",
        facets={**FACETS, "kind": ("n.kind", False)},
        changed=("SELECT id FROM need WHERE change_xid >= $1::text::xid8",),
        xid="n.change_xid",
    )
)


def _keys(prefix: str, values: list[Any]) -> list[str]:
    return [f"{prefix}:{value}" for value in values]


def _has_keys(prefix: str, values: list[Any]) -> tuple[str, tuple[Any, ...]]:
    """The indexed form of "the need has one of ``values``" (see KEYS)."""
    return f"{KEYS} && {{}}::text[]", (_keys(prefix, values),)


_COLUMNS = f"""
{declared_columns(Need, "n")}, o.code AS org_code, o.name AS org_name, o.kind AS org_kind,
o.county_code AS org_county, l.code AS library_code,
u.name AS contact_name, u.email AS contact_email
"""
_JOINS = """
LEFT JOIN organisation l ON l.id = n.library
LEFT JOIN user_account u ON u.id = n.contact
"""
_SELECT = f"SELECT {_COLUMNS}, NULL::float8 AS distance_km FROM {SOURCE} {_JOINS}"  # noqa: S608


def _select_from(origin: bool) -> str:
    if not origin:
        return _SELECT
    return (
        f"SELECT {_COLUMNS}, {DISTANCE_SQL} AS distance_km "  # noqa: S608 - constant text
        f"FROM {SOURCE} {_JOINS} {ORIGIN_JOIN}"
    )


# --- reading ----------------------------------------------------------------------------


def _to_read(row: dict[str, Any], viewer: CurrentUser | None) -> NeedRead:
    languages = row["required_languages"]
    if isinstance(languages, str):
        languages = json.loads(languages)
    status = NeedStatus(row["status"])
    owner = viewer is not None and may_act_for(viewer, row["org_code"], row["org_county"])
    return NeedRead(
        id=row["id"],
        kind=row["kind"],
        title=row["title"],
        description=row["description"],
        required_languages=msgspec.convert(languages, list[LanguageLevel]),
        required_scripts=list(row["required_scripts"]),
        required_skills=list(row["required_skills"]),
        wished_skills=list(row["wished_skills"]),
        material_type=row["material_type"],
        titles_count=row["titles_count"],
        estimated_hours=row["estimated_hours"],
        deadline=row["deadline"],
        remote=row["remote"],
        library=row["library_code"],
        splittable=row["splittable"],
        status=status,
        organisation=OrganisationRef(
            code=row["org_code"], name=row["org_name"], kind=row["org_kind"]
        ),
        municipality_code=row["municipality_code"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
        allowed_transitions=list(TRANSITIONS[status]) if owner else [],
        category=row["category"],
        quantity=row["quantity"],
        unit=row["unit"],
        within_km=row["within_km"],
        distance_km=(round(row["distance_km"], 1) if row.get("distance_km") is not None else None),
        contact=(
            Contact(name=row["contact_name"], email=row["contact_email"])
            if viewer is not None and row["contact_name"]
            else None
        ),
    )


def _visibility(conditions: Conditions, viewer: CurrentUser | None) -> None:
    public = [s.value for s in PUBLIC]
    if viewer is None:
        conditions.add(
            "n.status = ANY({})",
            public,
            indexed=_has_keys("s", public),
            members=(Member("status", public),),
        )
        return
    if viewer.has_role(Role.admin):
        return
    if viewer.has_role(Role.coordinator):
        own, values = "county_code = {}", (viewer.county_code,)
    else:
        code = viewer.organisation_code
        own, values = "code = {} OR code LIKE {}", (code, f"{code}-%")
    conditions.add(
        "n.status = ANY({}) OR " + IN_ORGANISATIONS.format(own),
        public,
        *values,
        indexed=(
            f"{KEYS} && ({{}}::text[] || {KEYS_OF_ORGANISATIONS.format(own)})",
            (_keys("s", public), *values),
        ),
        members=(Member("status", public), Rows(IN_ORGANISATIONS.format(own), values)),
    )


async def _row(need_id: int) -> dict[str, Any]:
    rows = await fetch(_SELECT + " WHERE n.id = $1", need_id)
    if not rows:
        raise NotFound(_("Behovet finns inte."))
    return rows[0]


def _may_see(row: dict[str, Any], viewer: CurrentUser | None) -> bool:
    if row["status"] in PUBLIC:
        return True
    return viewer is not None and may_act_for(viewer, row["org_code"], row["org_county"])


async def get_need(viewer: CurrentUser | None, need_id: int) -> NeedRead:
    row = await _row(need_id)
    if not _may_see(row, viewer):
        raise NotFound(_("Behovet finns inte."))
    return _to_read(row, viewer)


# --- validation -----------------------------------------------------------------------------


async def _check_vocabulary(values: dict[str, Any]) -> None:
    if "required_languages" in values:
        codes = [lang.code for lang in values["required_languages"]]
        if len(set(codes)) != len(codes):
            message = _("Samma språk får bara anges en gång.")
            raise Invalid(message, fields={"required_languages": message})
        await vocabularies.check_codes(Vocabulary.language, codes, "required_languages")
    for field, vocabulary in (
        ("required_scripts", Vocabulary.script),
        ("required_skills", Vocabulary.skill),
        ("wished_skills", Vocabulary.skill),
    ):
        if field in values:
            await vocabularies.check_codes(vocabulary, values[field], field)
    if values.get("material_type"):
        await vocabularies.check_codes(
            Vocabulary.material_type, [values["material_type"]], "material_type"
        )


def _check_deadline(deadline: date | None) -> None:
    if deadline is not None and deadline < date.today():
        message = _("Sista datum kan inte ligga bakåt i tiden.")
        raise Invalid(message, fields={"deadline": message})


async def _library_id(code: str | None, owner: dict[str, Any]) -> int | None:
    if code is None:
        return None
    library = await Organisation.select().where(Organisation.code == code).first()
    same_place = library is not None and (
        library["id"] == owner["id"]
        or (
            owner["municipality_code"] is not None
            and library["municipality_code"] == owner["municipality_code"]
        )
        or (owner["municipality_code"] is None and library["county_code"] == owner["county_code"])
    )
    if library is None or not same_place:
        message = _("Biblioteket finns inte i organisationens kommun.")
        raise Invalid(message, fields={"library": message})
    return library["id"]


def _onsite_needs_library(remote: bool, library_id: int | None) -> None:
    if not remote and library_id is None:
        message = _("Ange vilket bibliotek arbetet ska göras på.")
        raise Invalid(message, fields={"library": message})


_CATALOGUING_ONLY = (
    "required_languages",
    "required_scripts",
    "required_skills",
    "wished_skills",
    "material_type",
    "titles_count",
)


def _check_kind(kind: NeedKind, values: dict[str, Any]) -> None:
    """Resource needs say what and how much; cataloguing needs say languages and skills."""
    if kind is NeedKind.resource:
        for field in ("category", "quantity"):
            if values.get(field) is None:
                message = _("Resursbehov anger kategori och antal.")
                raise Invalid(message, fields={field: _("Måste fyllas i.")})
        for field in _CATALOGUING_ONLY:
            if values.get(field):
                message = _("Gäller bara katalogiseringsbehov.")
                raise Invalid(message, fields={field: message})
    else:
        for field in ("category", "quantity", "unit", "within_km"):
            if values.get(field) is not None:
                message = _("Gäller bara resursbehov.")
                raise Invalid(message, fields={field: message})


def _require_poster(user: CurrentUser) -> None:
    if not user.has_role(Role.member, Role.coordinator, Role.admin):
        raise NotAllowed(_("Bara medlemmar i en organisation kan lägga upp behov."))


def _languages_json(languages: list[LanguageLevel]) -> list[dict[str, str]]:
    return [{"code": lang.code, "level": lang.level.value} for lang in languages]


# --- writing -------------------------------------------------------------------------------


async def create_need(user: CurrentUser, data: NeedCreate) -> NeedRead:
    _require_poster(user)
    owner_code = data.organisation or user.organisation_code
    owner = await Organisation.select().where(Organisation.code == owner_code).first()
    if owner is None:
        message = _("Organisationen finns inte.")
        raise Invalid(message, fields={"organisation": message})
    if not may_act_for(user, owner["code"], owner["county_code"]):
        raise NotAllowed(_("Du kan bara lägga upp behov för din egen organisation."))
    _check_deadline(data.deadline)
    _check_kind(data.kind, msgspec.structs.asdict(data))
    await _check_vocabulary(msgspec.structs.asdict(data))
    library_id = await _library_id(data.library, owner)
    _onsite_needs_library(data.remote, library_id)

    async with atomic():
        need = Need(
            kind=data.kind.value,
            category=data.category.value if data.category else None,
            quantity=data.quantity,
            unit=data.unit.strip() if data.unit else None,
            within_km=data.within_km,
            organisation=owner["id"],
            municipality_code=owner["municipality_code"],
            title=data.title.strip(),
            description=data.description.strip(),
            required_languages=_languages_json(data.required_languages),
            language_codes=[lang.code for lang in data.required_languages],
            required_scripts=sorted(set(data.required_scripts)),
            required_skills=sorted(set(data.required_skills)),
            wished_skills=sorted(set(data.wished_skills) - set(data.required_skills)),
            material_type=data.material_type,
            titles_count=data.titles_count,
            estimated_hours=data.estimated_hours,
            deadline=data.deadline,
            remote=data.remote,
            library=library_id,
            splittable=data.splittable,
            contact=user.id,
            created_by=user.id,
            status=data.status,
        )
        await need.save()
        await audit.record(
            actor_id=user.id,
            action="need.create",
            entity_type="need",
            entity_id=need.id,
            organisation_code=owner["code"],
            changes={"title": need.title, "status": need.status},
        )
    return await get_need(user, need.id)


async def _owned_row(user: CurrentUser, need_id: int) -> dict[str, Any]:
    row = await _row(need_id)
    if not may_act_for(user, row["org_code"], row["org_county"]):
        if not _may_see(row, user):
            raise NotFound(_("Behovet finns inte."))
        raise NotAllowed(_("Bara den organisation som äger behovet kan ändra det."))
    return row


async def update_need(user: CurrentUser, need_id: int, data: NeedUpdate) -> NeedRead:
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(data).items()
        if value is not msgspec.UNSET and name != "version"
    }
    async with atomic():
        # Lock the row so that two editors cannot both pass the version check.
        await fetch("SELECT id FROM need WHERE id = $1 FOR UPDATE", need_id)
        row = await _owned_row(user, need_id)
        if data.version is not msgspec.UNSET and data.version != row["version"]:
            raise Conflict(
                _("Behovet har ändrats av någon annan. Läs in det igen."),
                current=msgspec.to_builtins(_to_read(row, user)),
            )
        if row["status"] not in EDITABLE:
            raise Conflict(_("Behovet kan inte längre ändras."))
        if "deadline" in changes and changes["deadline"] != row["deadline"]:
            _check_deadline(changes["deadline"])
        _check_kind(NeedKind(row["kind"]), {**row, **changes})
        await _check_vocabulary(changes)
        values: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "required_languages":
                values["required_languages"] = _languages_json(value)
                values["language_codes"] = [lang.code for lang in value]
            elif name == "library":
                owner = (
                    await Organisation.select()
                    .where(Organisation.id == row["organisation"])
                    .first()
                )
                values["library"] = await _library_id(value, owner)
            elif name in ("title", "description"):
                values[name] = value.strip()
            elif name == "category":
                values[name] = value.value if value else None
            elif name in ("required_scripts", "required_skills", "wished_skills"):
                values[name] = sorted(set(value))
            else:
                values[name] = value
        remote = values.get("remote", row["remote"])
        library = values["library"] if "library" in values else row["library"]
        _onsite_needs_library(remote, library)
        if values:
            before = {k: row.get(k) for k in values}
            values["updated_at"] = datetime.now(UTC)
            values["version"] = row["version"] + 1
            await Need.update({getattr(Need, k): v for k, v in values.items()}).where(
                Need.id == need_id
            )
            await audit.record(
                actor_id=user.id,
                action="need.update",
                entity_type="need",
                entity_id=need_id,
                organisation_code=row["org_code"],
                changes=msgspec.to_builtins(audit.diff(before, values)),
            )
    return await get_need(user, need_id)


async def change_status(user: CurrentUser, need_id: int, change: StatusChange) -> NeedRead:
    async with atomic():
        await fetch("SELECT id FROM need WHERE id = $1 FOR UPDATE", need_id)
        row = await _owned_row(user, need_id)
        current = NeedStatus(row["status"])
        allowed = TRANSITIONS[current]
        if change.to not in allowed:
            names = ", ".join(s.value for s in allowed) or _("inga")
            raise Conflict(
                _(
                    "Behovet kan inte gå från %(current)s till %(to)s. Tillåtet: %(allowed)s.",
                    current=current.value,
                    to=change.to.value,
                    allowed=names,
                ),
                allowed=[s.value for s in allowed],
            )
        await Need.update(
            {
                Need.status: change.to.value,
                Need.updated_at: datetime.now(UTC),
                Need.version: row["version"] + 1,
            }
        ).where(Need.id == need_id)
        await audit.record(
            actor_id=user.id,
            action="need.status",
            entity_type="need",
            entity_id=need_id,
            organisation_code=row["org_code"],
            changes={"status": [current.value, change.to.value], "comment": change.comment},
        )
    return await get_need(user, need_id)


# --- lists ---------------------------------------------------------------------------------


def _conditions(viewer: CurrentUser | None, filters: NeedFilters) -> Conditions:
    """Every condition of the list: who may see what, then the filters."""
    conditions = Conditions()
    _visibility(conditions, viewer)
    conditions.items += _filters(filters).items
    return conditions


def _statuses(filters: NeedFilters) -> list[str]:
    return [s.value for s in filters.status] or [NeedStatus.open.value]


def _filters(filters: NeedFilters) -> Conditions:
    """The conditions of the filters alone. When every chosen status is public they imply
    who may see the needs, and the list and its total need nothing else."""
    conditions = Conditions()
    # Each kind has its own key index, whose predicate answers this.
    conditions.add(
        "n.kind = {}", filters.kind.value, members=(Member("kind", [filters.kind.value]),)
    )
    if filters.category:
        chosen = [c.value for c in filters.category]
        conditions.add(
            "n.category = ANY({})",
            chosen,
            facet="category",
            indexed=_has_keys("c", chosen),
            selective=True,
            members=(Member("category", chosen),),
        )
    for facet, column, prefix, chosen in (
        ("language", "n.language_codes", "l", filters.language),
        ("script", "n.required_scripts", "sc", filters.script),
        ("skill", "n.required_skills", "sk", filters.skill),
    ):
        if chosen:
            conditions.add(
                f"{column} && {{}}::varchar[]",
                chosen,
                facet=facet,
                indexed=_has_keys(prefix, chosen),
                selective=True,
                members=(Member(facet, chosen),),
            )
    if filters.material_type:
        conditions.add(
            "n.material_type = ANY({})",
            filters.material_type,
            facet="material_type",
            indexed=_has_keys("mt", filters.material_type),
            selective=True,
            members=(Member("material_type", filters.material_type),),
        )
    if filters.municipality:
        # Not selective: the covering index (status, municipality_code) finds these.
        conditions.add(
            "n.municipality_code = ANY({})",
            filters.municipality,
            facet="municipality",
            indexed=_has_keys("m", filters.municipality),
            members=(Member("municipality", filters.municipality),),
        )
    statuses = _statuses(filters)
    others = [s.value for s in NeedStatus if s.value not in statuses]
    conditions.add(
        "n.status = ANY({})",
        statuses,
        facet="status",
        indexed=_has_keys("s", statuses),
        negated=("n.status = ANY({})", (others,)),
        members=(Member("status", statuses),),
    )
    if len(filters.mode) == 1:
        remote = filters.mode[0] == "remote"
        conditions.add(
            "n.remote = {}",
            remote,
            facet="mode",
            indexed=_has_keys("r", [str(remote).lower()]),
            members=(Member("mode", filters.mode),),
        )
    if filters.deadline_before is not None:
        conditions.add("n.deadline <= {}", filters.deadline_before)
    if filters.organisation:
        conditions.add(
            IN_ORGANISATIONS.format("code = {}"),
            filters.organisation,
            indexed=(
                f"{KEYS} && {KEYS_OF_ORGANISATIONS.format('code = {}')}",
                (filters.organisation,),
            ),
            selective=True,
        )
    query = swedish_prefix_query(filters.q or "")
    if query:
        # The second column of the key index, as well as an index of its own.
        conditions.add(f"{DOCUMENT} @@ to_tsquery('swedish', {{}})", query, selective=True)
    return conditions


_ORDER = {
    NeedSort.deadline: "n.deadline ASC NULLS LAST, n.id DESC",
    NeedSort.newest: "n.created_at DESC, n.id DESC",
    NeedSort.relevance: "n.created_at DESC, n.id DESC",
    NeedSort.distance: "n.created_at DESC, n.id DESC",
}


async def _origin(viewer: CurrentUser | None, filters: NeedFilters) -> str | None:
    """The municipality distances are measured from; a distance limit needs one."""
    origin = await origin_code(viewer.organisation_code if viewer else None, filters.near)
    if filters.within_km is not None and origin is None:
        message = _("Ange en kommun att mäta avståndet från.")
        raise Invalid(message, fields={"near": message})
    return origin


def _within(
    origin: str | None, within_km: float, where: str, values: list[Any]
) -> tuple[str, str, list[Any]]:
    """FROM, WHERE and values of the needs that pass ``where`` within ``within_km`` of
    ``origin`` (the origin's code comes first: it is in FROM)."""
    return (
        f"{COUNT_SOURCE} {municipality_join('n')} {ORIGIN_JOIN}",
        f"({where}) AND {DISTANCE_SQL} <= {{}}",
        [origin, *values, within_km],
    )


async def list_needs(
    viewer: CurrentUser | None, filters: NeedFilters, *, with_facets: bool = False
) -> Page[NeedRead]:
    conditions = _conditions(viewer, filters)
    origin = await _origin(viewer, filters)
    # The page and the total: the visibility rule is left out when the statuses imply it.
    # (The facets keep it: the status facet counts the other statuses too.)
    matching = (
        _filters(filters) if set(_statuses(filters)) <= {s.value for s in PUBLIC} else conditions
    )
    where, where_values = matching.where()
    by_distance = origin is not None and (
        filters.within_km is not None or filters.sort is NeedSort.distance
    )
    if by_distance:
        rows = await _page_by_distance(filters, origin, where, where_values)
    else:
        rows = await _page(filters, origin, where, where_values)

    if with_facets and filters.within_km is None:
        # The total comes with the facet counts: from the in-memory index when it can
        # answer, else from the same SQL pass over the rows.
        specs = await _facet_specs(filters)
        counts = await INDEX.count(specs, conditions) or await count_facets(
            source=COUNT_SOURCE, specs=specs, conditions=conditions
        )
        total, facets = counts.total, counts.facets
    else:
        total = await INDEX.total(matching) if filters.within_km is None else None
        if total is None:
            total = await _count(matching, filters, origin, where, where_values)
        facets = await need_facets(conditions, filters) if with_facets else None
    return Page(
        items=[_to_read(row, viewer) for row in rows],
        total=total,
        page=filters.page,
        page_size=filters.page_size,
        facets=facets,
    )


async def matching_ids(viewer: CurrentUser | None, filters: NeedFilters) -> list[int]:
    """The id of every need the list shows ``viewer`` with ``filters``, newest first (what
    a saved search's alerts compare between passes)."""
    where, values = _conditions(viewer, filters).where()
    source = COUNT_SOURCE
    if filters.within_km is not None:
        origin = await _origin(viewer, filters)
        source, where, values = _within(origin, filters.within_km, where, values)
    sql = f"SELECT n.id FROM {source} WHERE {where} ORDER BY n.id DESC"  # noqa: S608
    return [row["id"] for row in await fetch(numbered(sql, values), *values)]


async def _count(
    matching: Conditions,
    filters: NeedFilters,
    origin: str | None,
    where: str,
    where_values: list[Any],
) -> int:
    """The list's total in SQL."""
    if filters.within_km is None:
        # With a selective filter, the indexed forms: one bitmap of one index, the rows
        # left unread. Otherwise (status, municipality, mode, deadline) a covering btree
        # index counts faster than the long posting lists of a status or two.
        source = COUNT_SOURCE
        count_where, count_values = matching.where(
            form="indexed" if matching.selective else "plain"
        )
    else:
        source, count_where, count_values = _within(origin, filters.within_km, where, where_values)
    sql = f"SELECT count(*) AS n FROM {source} WHERE {count_where}"  # noqa: S608
    return (await fetch(numbered(sql, count_values), *count_values))[0]["n"]


def _limit(filters: NeedFilters) -> str:
    return f"LIMIT {int(filters.page_size)} OFFSET {int((filters.page - 1) * filters.page_size)}"


async def _page(
    filters: NeedFilters, origin: str | None, where: str, where_values: list[Any]
) -> list[dict[str, Any]]:
    """One page of needs: chosen from the need alone, then joined for the twenty rows only
    (joined first, a misjudged row count could make the planner join every match)."""
    order = outer_order = _ORDER[filters.sort]
    rank, rank_values = "", []
    query = swedish_prefix_query(filters.q or "")
    if filters.sort is NeedSort.relevance and query:
        rank = f", ts_rank({DOCUMENT}, to_tsquery('swedish', {{}})) AS relevance"
        rank_values = [query]
        order, outer_order = "relevance DESC, n.id DESC", "n.relevance DESC, n.id DESC"
    distance = DISTANCE_SQL if origin is not None else "NULL::float8"
    page = (
        f"SELECT n.*{rank} FROM {COUNT_SOURCE} WHERE {where} "  # noqa: S608
        f"ORDER BY {order} {_limit(filters)}"
    )
    sql = (
        f"SELECT {_COLUMNS}, {distance} AS distance_km "  # noqa: S608
        f"FROM ({page}) AS n JOIN organisation o ON o.id = n.organisation "
        f"{municipality_join('n')} {_JOINS} {ORIGIN_JOIN if origin is not None else ''} "
        f"ORDER BY {outer_order}"
    )
    values = [*rank_values, *where_values, *([origin] if origin is not None else [])]
    return await fetch(numbered(sql, values), *values)


async def _page_by_distance(
    filters: NeedFilters, origin: str, where: str, where_values: list[Any]
) -> list[dict[str, Any]]:
    """One page when the distance from ``origin`` sorts or limits the needs."""
    values = [origin, *where_values]  # placeholders in text order: FROM, then WHERE
    if filters.within_km is not None:
        where = f"({where}) AND {DISTANCE_SQL} <= {{}}"
        values.append(filters.within_km)
    order = _ORDER[filters.sort]
    query = swedish_prefix_query(filters.q or "")
    if filters.sort is NeedSort.relevance and query:
        order = f"ts_rank({DOCUMENT}, to_tsquery('swedish', {{}})) DESC, n.id DESC"
        values.append(query)
    elif filters.sort is NeedSort.distance:
        order = "distance_km ASC NULLS LAST, n.deadline ASC NULLS LAST, n.id DESC"
    sql = f"{_select_from(True)} WHERE {where} ORDER BY {order} {_limit(filters)}"
    return await fetch(numbered(sql, values), *values)


async def _facet_specs(filters: NeedFilters) -> list[FacetSpec]:
    if filters.kind is NeedKind.resource:
        by_kind = [
            FacetSpec(
                "category",
                *FACETS["category"],
                category_labels(),
                [c.value for c in filters.category],
            ),
        ]
    else:
        by_kind = [
            # Scripts follow from languages: their combinations are few, grouped together.
            FacetSpec(
                "language",
                *FACETS["language"],
                await vocabularies.names(Vocabulary.language),
                filters.language,
                group="language",
            ),
            FacetSpec(
                "script",
                *FACETS["script"],
                await vocabularies.names(Vocabulary.script),
                filters.script,
                group="language",
            ),
            FacetSpec(
                "skill",
                *FACETS["skill"],
                await vocabularies.names(Vocabulary.skill),
                filters.skill,
            ),
            FacetSpec(
                "material_type",
                *FACETS["material_type"],
                await vocabularies.names(Vocabulary.material_type),
                filters.material_type,
            ),
        ]
    return [
        *by_kind,
        FacetSpec(
            "municipality",
            *FACETS["municipality"],
            await organisations.municipality_names(),
            filters.municipality,
        ),
        FacetSpec(
            "mode",
            *FACETS["mode"],
            mode_labels(),
            filters.mode,
        ),
        FacetSpec(
            "status",
            *FACETS["status"],
            status_labels(),
            [s.value for s in filters.status] or [NeedStatus.open.value],
        ),
    ]


async def need_facets(conditions: Conditions, filters: NeedFilters) -> list[Facet]:
    """Counts per value of every facet, each with all filters but its own."""
    counts = await count_facets(
        source=COUNT_SOURCE, specs=await _facet_specs(filters), conditions=conditions
    )
    return counts.facets
