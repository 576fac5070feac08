"""Expert profiles: a cataloguer's languages, skills and hours. Permission, validation, change,
audit.

Who sees what: visitors see visible profiles in a reduced public form (no name, e-mail,
organisation or free text); signed-in users see visible profiles in full; hidden profiles are
seen only by their owner and by coordinators of the owner's county (and admins).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import msgspec

from portal.accounts.permissions import may_coordinate
from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.generated import declared_columns
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Invalid, NotAllowed, NotFound
from portal.experts.schemas import (
    ExpertFilters,
    ExpertProfileRead,
    ExpertProfileWrite,
    ExpertSort,
)
from portal.experts.tables import ExpertProfile
from portal.i18n import gettext as _
from portal.organisations import services as organisations
from portal.organisations.kinds import OrganisationKind
from portal.organisations.schemas import OrganisationRef
from portal.organisations.tables import Organisation
from portal.search.bitmap_index import FacetIndex, IndexDefinition
from portal.search.facets import FacetSpec, count_facets
from portal.search.query import Conditions, Member, Rows, numbered, swedish_prefix_query
from portal.search.schemas import Facet, Page
from portal.vocabularies import services as vocabularies
from portal.vocabularies.kinds import Level, Vocabulary
from portal.vocabularies.labels import mode_labels
from portal.vocabularies.schemas import LanguageLevel

SOURCE = (
    'expert_profile e JOIN user_account u ON u.id = e."user" '
    "JOIN organisation o ON o.id = u.organisation"
)
# Lists choose, count and facet profiles on the profile alone: conditions on the user or the
# organisation are subqueries, so no row of the 20 000 waits on a join.
COUNT_SOURCE = "expert_profile e"
# Profiles of deactivated users are hidden; there are few, and a partial index lists them
# (an anti-join, which the planner estimates well, unlike NOT IN).
ACTIVE = (
    'NOT EXISTS (SELECT FROM user_account inactive WHERE inactive.id = e."user" '
    "AND NOT inactive.active)"
)
_JOINS = """
JOIN user_account u ON u.id = e."user"
JOIN organisation o ON o.id = u.organisation
LEFT JOIN organisation m ON m.code = e.municipality_code
"""
# Stored Swedish documents (generated columns, see portal.db.generated).
DOCUMENT = "e.search_vector"
# Visitors may not search the description they cannot read: the indexed document finds the
# candidates, the headline alone decides.
PUBLIC_DOCUMENT = "e.headline_vector"

_COLUMNS = f"""
{declared_columns(ExpertProfile, "e")},
u.name AS expert_name, u.email AS expert_email, u.active AS expert_active,
o.code AS org_code, o.name AS org_name, o.kind AS org_kind, o.county_code AS org_county,
m.name AS municipality_name
"""
_SELECT = f"SELECT {_COLUMNS} FROM expert_profile e {_JOINS}"  # noqa: S608 - constant text

# The ways a profile works, as an array: experts may work both remote and on site.
_MODE = (
    "array_remove(ARRAY[CASE WHEN e.remote THEN 'remote' END, "
    "CASE WHEN e.onsite THEN 'onsite' END], NULL)"
)

# The fields an audit event compares, as stored on the row.
_AUDITED = (
    "headline",
    "description",
    "languages",
    "scripts",
    "skills",
    "material_types",
    "capacity_hours_per_week",
    "available_from",
    "available_until",
    "remote",
    "onsite",
    "travel_km",
    "municipality_code",
    "visible",
)


# --- reading ----------------------------------------------------------------------------


def _languages(row: dict[str, Any]) -> list[LanguageLevel]:
    languages = row["languages"]
    if isinstance(languages, str):
        languages = json.loads(languages)
    return msgspec.convert(languages, list[LanguageLevel])


def _may_change(row: dict[str, Any], user: CurrentUser) -> bool:
    return row["user"] == user.id or may_coordinate(user, row["org_county"])


def _may_see(row: dict[str, Any], viewer: CurrentUser | None) -> bool:
    if row["visible"] and row["expert_active"]:
        return True
    return viewer is not None and _may_change(row, viewer)


def _to_read(row: dict[str, Any], viewer: CurrentUser | None) -> ExpertProfileRead:
    public = viewer is None
    return ExpertProfileRead(
        id=row["id"],
        headline=row["headline"],
        languages=_languages(row),
        scripts=list(row["scripts"]),
        skills=list(row["skills"]),
        material_types=list(row["material_types"]),
        capacity_hours_per_week=row["capacity_hours_per_week"],
        available_from=row["available_from"],
        available_until=row["available_until"],
        remote=row["remote"],
        onsite=row["onsite"],
        travel_km=row["travel_km"],
        municipality=row["municipality_code"],
        municipality_name=row["municipality_name"] or row["municipality_code"],
        visible=row["visible"],
        updated_at=row["updated_at"],
        public_view=public,
        editable=viewer is not None and _may_change(row, viewer),
        own=viewer is not None and row["user"] == viewer.id,
        name=None if public else row["expert_name"],
        email=None if public else row["expert_email"],
        organisation=(
            None
            if public
            else OrganisationRef(code=row["org_code"], name=row["org_name"], kind=row["org_kind"])
        ),
        description=None if public else row["description"],
    )


async def _row(where: str, value: Any) -> dict[str, Any] | None:
    rows = await fetch(f"{_SELECT} WHERE {where}", value)
    return rows[0] if rows else None


async def _row_by_id(profile_id: int) -> dict[str, Any]:
    row = await _row("e.id = $1", profile_id)
    if row is None:
        raise NotFound(_("Expertprofilen finns inte."))
    return row


async def get_profile(viewer: CurrentUser | None, profile_id: int) -> ExpertProfileRead:
    row = await _row_by_id(profile_id)
    if not _may_see(row, viewer):
        raise NotFound(_("Expertprofilen finns inte."))
    return _to_read(row, viewer)


def _require_expert(user: CurrentUser) -> None:
    if not user.has_role(Role.expert):
        raise NotAllowed(_("Bara användare med rollen expert kan ha en expertprofil."))


async def get_own_profile(user: CurrentUser) -> ExpertProfileRead | None:
    """The signed-in expert's own profile, or None when they have not made one yet."""
    _require_expert(user)
    row = await _row('e."user" = $1', user.id)
    return _to_read(row, user) if row is not None else None


async def own_profile_id(user: CurrentUser | None) -> int | None:
    if user is None:
        return None
    rows = await fetch('SELECT id FROM expert_profile WHERE "user" = $1', user.id)
    return rows[0]["id"] if rows else None


# --- validation -----------------------------------------------------------------------------


async def _check_vocabulary(data: ExpertProfileWrite) -> None:
    codes = [lang.code for lang in data.languages]
    if len(set(codes)) != len(codes):
        message = _("Samma språk får bara anges en gång.")
        raise Invalid(message, fields={"languages": message})
    await vocabularies.check_codes(Vocabulary.language, codes, "languages")
    await vocabularies.check_codes(Vocabulary.script, data.scripts, "scripts")
    await vocabularies.check_codes(Vocabulary.skill, data.skills, "skills")
    await vocabularies.check_codes(Vocabulary.material_type, data.material_types, "material_types")


def _check_rules(data: ExpertProfileWrite) -> None:
    if (
        data.available_from is not None
        and data.available_until is not None
        and data.available_until < data.available_from
    ):
        message = _("Tillgänglig till kan inte vara före tillgänglig från.")
        raise Invalid(message, fields={"available_until": message})
    if not (data.remote or data.onsite):
        message = _("Välj minst ett arbetssätt: på distans eller på plats.")
        raise Invalid(message, fields={"remote": message})


async def _check_municipality(code: str) -> None:
    exists = await Organisation.exists().where(
        Organisation.code == code, Organisation.kind == OrganisationKind.municipality.value
    )
    if not exists:
        message = _("Kommunen finns inte.")
        raise Invalid(message, fields={"municipality": message})


async def _validate(data: ExpertProfileWrite) -> None:
    _check_rules(data)
    await _check_vocabulary(data)
    await _check_municipality(data.municipality)


def _values(data: ExpertProfileWrite) -> dict[str, Any]:
    """The row's columns for ``data``; sets are sorted so that equal profiles compare equal."""
    return {
        "headline": data.headline.strip(),
        "description": data.description.strip(),
        "languages": [{"code": lang.code, "level": lang.level.value} for lang in data.languages],
        "language_codes": [lang.code for lang in data.languages],
        "scripts": sorted(set(data.scripts)),
        "skills": sorted(set(data.skills)),
        "material_types": sorted(set(data.material_types)),
        "capacity_hours_per_week": data.capacity_hours_per_week,
        "available_from": data.available_from,
        "available_until": data.available_until,
        "remote": data.remote,
        "onsite": data.onsite,
        "travel_km": data.travel_km if data.onsite else 0,
        "municipality_code": data.municipality,
        "visible": data.visible,
    }


# --- writing -------------------------------------------------------------------------------


async def _replace(user: CurrentUser, row: dict[str, Any], data: ExpertProfileWrite) -> None:
    values = _values(data)
    before = {key: row.get(key) for key in _AUDITED}
    if isinstance(before["languages"], str):
        before["languages"] = json.loads(before["languages"])
    changes = audit.diff(before, {key: values[key] for key in _AUDITED})
    await ExpertProfile.update(
        {
            **{getattr(ExpertProfile, key): value for key, value in values.items()},
            ExpertProfile.updated_at: datetime.now(UTC),
        }
    ).where(ExpertProfile.id == row["id"])
    await audit.record(
        actor_id=user.id,
        action="expert_profile.update",
        entity_type="expert_profile",
        entity_id=row["id"],
        organisation_code=row["org_code"],
        changes=msgspec.to_builtins(changes),
    )


async def save_own_profile(
    user: CurrentUser, data: ExpertProfileWrite
) -> tuple[ExpertProfileRead, bool]:
    """Create or replace the signed-in expert's profile; also says whether it was created."""
    _require_expert(user)
    await _validate(data)
    async with atomic():
        # Lock the user so that two saves cannot both decide to create the profile.
        await fetch("SELECT id FROM user_account WHERE id = $1 FOR UPDATE", user.id)
        row = await _row('e."user" = $1', user.id)
        if row is not None:
            await _replace(user, row, data)
            profile_id = row["id"]
        else:
            values = _values(data)
            profile = ExpertProfile(user=user.id, **values)
            await profile.save()
            profile_id = profile.id
            await audit.record(
                actor_id=user.id,
                action="expert_profile.create",
                entity_type="expert_profile",
                entity_id=profile_id,
                organisation_code=user.organisation_code,
                changes=msgspec.to_builtins(
                    {key: values[key] for key in ("headline", "municipality_code", "visible")}
                ),
            )
    return await get_profile(user, profile_id), row is None


async def replace_profile(
    user: CurrentUser, profile_id: int, data: ExpertProfileWrite
) -> ExpertProfileRead:
    """Replace a profile by id: its owner, coordinators of the owner's county, or admins."""
    async with atomic():
        await fetch("SELECT id FROM expert_profile WHERE id = $1 FOR UPDATE", profile_id)
        row = await _row_by_id(profile_id)
        if not _may_change(row, user):
            if not _may_see(row, user):
                raise NotFound(_("Expertprofilen finns inte."))
            raise NotAllowed(_("Bara experten själv eller en samordnare kan ändra profilen."))
        await _validate(data)
        await _replace(user, row, data)
    return await get_profile(user, profile_id)


# --- lists ---------------------------------------------------------------------------------


_SHOWN = f"e.visible AND {ACTIVE}"


async def _own_hidden_profile(viewer: CurrentUser | None) -> int | None:
    """The viewer's own profile when it is hidden from others (one indexed row, or none)."""
    if viewer is None:
        return None
    sql = f'SELECT e.id FROM expert_profile e WHERE e."user" = $1 AND NOT ({_SHOWN})'  # noqa: S608
    rows = await fetch(sql, viewer.id)
    return rows[0]["id"] if rows else None


def _visibility(
    conditions: Conditions, viewer: CurrentUser | None, own_hidden: int | None = None
) -> None:
    """Visible profiles of active users; a member also sees their own hidden profile
    (``own_hidden``, looked up first: usually there is none, and the plain condition lets
    the lists read the profiles in order and count them from an index)."""
    visible = _SHOWN
    if viewer is None:
        conditions.add(visible, members=(SHOWN,))
    elif viewer.has_role(Role.admin):
        return
    elif viewer.has_role(Role.coordinator):
        in_county = (
            "SELECT u.id FROM user_account u JOIN organisation o ON o.id = u.organisation "
            "WHERE o.county_code = {}"
        )
        in_county_sql = f'e."user" = {{}} OR e."user" IN ({in_county})'
        in_county_values = (viewer.id, viewer.county_code)
        conditions.add(
            f"({visible}) OR {in_county_sql}",
            *in_county_values,
            members=(SHOWN, Rows(in_county_sql, in_county_values)),
        )
    elif own_hidden is None:
        conditions.add(visible, members=(SHOWN,))
    else:
        conditions.add(
            f"({visible}) OR e.id = {{}}",
            own_hidden,
            members=(SHOWN, Rows("e.id = {}", (own_hidden,))),
        )


def _levels_from(level: Level) -> list[str]:
    return [lv.value for lv in Level if lv.at_least(level)]


def _language_facet(level: Level | None) -> str:
    """The language facet's name in the facet index for a chosen level."""
    return "language" if level is None else f"language@{level.value}"


def _language_expression(level: Level | None) -> str:
    """The codes a profile counts under in the language facet: all of them, or only those
    spoken at least at the chosen level."""
    if level is None:
        return "e.language_codes"
    # Written into the SQL rather than passed as a value because facet expressions take no
    # values. Safe: enum values only.
    levels = " || ".join(f'@.level == "{at}"' for at in _levels_from(level))
    return (
        "ARRAY(SELECT jsonb_array_elements_text("
        f"jsonb_path_query_array(e.languages, '$[*] ? ({levels}).code')))"
    )


# Each facet's value(s) of a profile as SQL (arrays when flagged), counted in SQL and held by
# the in-memory facet index alike; the index also holds the languages per level and whether
# the profile is shown to everyone (visible, of an active user).
FACETS: dict[str, tuple[str, bool]] = {
    "script": ("e.scripts", True),
    "skill": ("e.skills", True),
    "material_type": ("e.material_types", True),
    "municipality": ("e.municipality_code", False),
    "mode": (_MODE, True),
}
INDEX = FacetIndex(
    IndexDefinition(
        table="expert_profile",
        source='expert_profile e JOIN user_account u ON u.id = e."user"',
        rows=COUNT_SOURCE,
        id="e.id",
        facets={
            **{_language_facet(lv): (_language_expression(lv), True) for lv in (None, *Level)},
            **FACETS,
            "shown": ("CASE WHEN e.visible AND u.active THEN 'yes' END", False),
        },
        # Each by its own index: an OR over the join would read every profile.
        changed=(
            "SELECT id FROM expert_profile WHERE change_xid >= $1::text::xid8",
            'SELECT p.id FROM user_account a JOIN expert_profile p ON p."user" = a.id '
            "WHERE a.change_xid >= $1::text::xid8",
        ),
        xid="greatest(e.change_xid, u.change_xid)",
    )
)
SHOWN = Member("shown", ("yes",))


def _conditions(
    viewer: CurrentUser | None,
    filters: ExpertFilters,
    today: date,
    own_hidden: int | None = None,
) -> Conditions:
    conditions = Conditions()
    _visibility(conditions, viewer, own_hidden)
    if filters.language:
        sql = "e.language_codes && {}::varchar[]"  # uses the GIN index
        if filters.level is not None:
            # A language at the level or above: {"code": ..., "level": ...} in the list.
            spoken = [
                json.dumps({"code": code, "level": level})
                for code in filters.language
                for level in _levels_from(filters.level)
            ]
            sql += " AND e.languages @> ANY({}::text[]::jsonb[])"
            values = (filters.language, [f"[{s}]" for s in spoken])
        else:
            values = (filters.language,)
        members = (Member(_language_facet(filters.level), filters.language),)
        conditions.add(sql, *values, facet="language", members=members)
    for facet, column, chosen in (
        ("script", "e.scripts", filters.script),
        ("skill", "e.skills", filters.skill),
        ("material_type", "e.material_types", filters.material_type),
    ):
        if chosen:
            conditions.add(
                f"{column} && {{}}::varchar[]",
                chosen,
                facet=facet,
                members=(Member(facet, chosen),),
            )
    if filters.municipality:
        conditions.add(
            "e.municipality_code = ANY({})",
            filters.municipality,
            facet="municipality",
            members=(Member("municipality", filters.municipality),),
        )
    if filters.mode:
        # Works remote, on site, or either: the columns themselves, which the planner can
        # estimate (the names are the checked literals "remote" and "onsite").
        ways = sorted({way for way in filters.mode if way in ("remote", "onsite")})
        conditions.add(
            " OR ".join(f"e.{way}" for way in ways),
            facet="mode",
            members=(Member("mode", ways),),
        )
    if filters.available:
        conditions.add(
            "e.capacity_hours_per_week > 0 "
            "AND (e.available_until IS NULL OR e.available_until >= {})",
            today,
        )
    query = swedish_prefix_query(filters.q or "")
    if query:
        conditions.add(f"{DOCUMENT} @@ to_tsquery('swedish', {{}})", query)
        if viewer is None:
            conditions.add(f"{PUBLIC_DOCUMENT} @@ to_tsquery('swedish', {{}})", query)
    return conditions


_ORDER = {
    ExpertSort.newest: "e.updated_at DESC, e.id DESC",
    ExpertSort.capacity: "e.capacity_hours_per_week DESC, e.id DESC",
}


async def list_profiles(
    viewer: CurrentUser | None, filters: ExpertFilters, *, with_facets: bool = False
) -> Page[ExpertProfileRead]:
    own_hidden = None
    if viewer is not None and not viewer.has_role(Role.admin, Role.coordinator):
        own_hidden = await _own_hidden_profile(viewer)
    conditions = _conditions(viewer, filters, date.today(), own_hidden)
    where, values = conditions.where()
    order = outer_order = _ORDER.get(filters.sort)
    rank, rank_values = "", []
    if filters.sort is ExpertSort.relevance:
        if filters.q:
            document = DOCUMENT if viewer is not None else PUBLIC_DOCUMENT
            rank = f", ts_rank({document}, websearch_to_tsquery('swedish', {{}})) AS relevance"
            rank_values = [filters.q]
            order, outer_order = "relevance DESC, e.id DESC", "e.relevance DESC, e.id DESC"
        else:
            order = outer_order = _ORDER[ExpertSort.newest]
    offset = (filters.page - 1) * filters.page_size
    # The page is chosen from the profiles alone, then joined for its twenty rows.
    page = (
        f"SELECT e.*{rank} FROM {COUNT_SOURCE} WHERE {where} "  # noqa: S608
        f"ORDER BY {order} LIMIT {int(filters.page_size)} OFFSET {int(offset)}"
    )
    sql = f"SELECT {_COLUMNS} FROM ({page}) AS e {_JOINS} ORDER BY {outer_order}"  # noqa: S608
    page_values = [*rank_values, *values]
    rows = await fetch(numbered(sql, page_values), *page_values)
    if with_facets:
        # The total comes with the facet counts: from the in-memory index when it can
        # answer, else from the same SQL pass over the profiles.
        specs = await _facet_specs(filters)
        counts = await INDEX.count(specs, conditions) or await count_facets(
            source=COUNT_SOURCE, specs=specs, conditions=conditions
        )
        total, facets = counts.total, counts.facets
    else:
        total = await INDEX.total(conditions)
        if total is None:
            count_sql = f"SELECT count(*) AS n FROM {COUNT_SOURCE} WHERE {where}"  # noqa: S608
            total = (await fetch(numbered(count_sql, values), *values))[0]["n"]
        facets = None
    return Page(
        items=[_to_read(row, viewer) for row in rows],
        total=total,
        page=filters.page,
        page_size=filters.page_size,
        facets=facets,
    )


async def _facet_specs(filters: ExpertFilters) -> list[FacetSpec]:
    return [
        # Combinations that are few are grouped together: scripts follow from languages,
        # and home municipality and ways of working make few pairs.
        FacetSpec(
            "language",
            _language_expression(filters.level),
            True,
            await vocabularies.names(Vocabulary.language),
            filters.language,
            group="language",
            key=_language_facet(filters.level),
        ),
        FacetSpec(
            "script",
            *FACETS["script"],
            await vocabularies.names(Vocabulary.script),
            filters.script,
            group="language",
        ),
        FacetSpec(
            "skill", *FACETS["skill"], await vocabularies.names(Vocabulary.skill), filters.skill
        ),
        FacetSpec(
            "material_type",
            *FACETS["material_type"],
            await vocabularies.names(Vocabulary.material_type),
            filters.material_type,
        ),
        FacetSpec(
            "municipality",
            *FACETS["municipality"],
            await organisations.municipality_names(),
            filters.municipality,
            group="place",
        ),
        FacetSpec("mode", *FACETS["mode"], mode_labels(), filters.mode, group="place"),
    ]


async def expert_facets(conditions: Conditions, filters: ExpertFilters) -> list[Facet]:
    """Counts per value of every facet, each with all filters but its own."""
    counts = await count_facets(
        source=COUNT_SOURCE, specs=await _facet_specs(filters), conditions=conditions
    )
    return counts.facets


async def municipalities() -> list[OrganisationRef]:
    """The municipalities an expert may name as home, for the form."""
    rows = await (
        Organisation.select(Organisation.code, Organisation.name, Organisation.kind)
        .where(Organisation.kind == OrganisationKind.municipality.value)
        .order_by(Organisation.name)
    )
    return msgspec.convert(rows, list[OrganisationRef])
