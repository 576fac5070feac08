"""Resource offers: what organisations can share. Permission, validation, change, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import msgspec

from portal.accounts.permissions import may_act_for
from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.offers.kinds import (
    EDITABLE,
    OFFER_TRANSITIONS,
    PUBLIC_OFFER_STATUSES,
    OfferStatus,
    Terms,
)
from portal.offers.labels import category_labels, delivery_labels, status_labels, terms_labels
from portal.offers.schemas import (
    AttachmentRead,
    OfferCreate,
    OfferFilters,
    OfferRead,
    OfferSort,
    OfferStatusChange,
    OfferUpdate,
)
from portal.offers.tables import OfferAttachment, ResourceOffer
from portal.organisations import services as organisations
from portal.organisations.schemas import OrganisationRef
from portal.organisations.tables import Organisation
from portal.search.distance import (
    DISTANCE_SQL,
    ORIGIN_JOIN,
    municipality_join,
    origin_code,
)
from portal.search.facets import count_values
from portal.search.query import Conditions, full_text, numbered, swedish_prefix_query
from portal.search.schemas import Facet, Page

SOURCE = "resource_offer r JOIN organisation o ON o.id = r.organisation" + municipality_join("r")
DOCUMENT = full_text("r.title", "r.description")
DISTANCE = DISTANCE_SQL

_COLUMNS = """
r.*, o.code AS org_code, o.name AS org_name, o.kind AS org_kind, o.county_code AS org_county,
loc.code AS loc_code, loc.name AS loc_name, loc.kind AS loc_kind
"""


def _select(with_origin: bool) -> str:
    distance = DISTANCE if with_origin else "NULL::float8"
    origin = ORIGIN_JOIN if with_origin else ""
    return (
        f"SELECT {_COLUMNS}, {distance} AS distance_km FROM {SOURCE}"  # noqa: S608
        f" LEFT JOIN organisation loc ON loc.id = r.location{origin}"
    )


# --- reading ----------------------------------------------------------------------------


def _owner(viewer: CurrentUser | None, row: dict[str, Any]) -> bool:
    return viewer is not None and may_act_for(viewer, row["org_code"], row["org_county"])


def _to_read(
    row: dict[str, Any], viewer: CurrentUser | None, attachments: list[AttachmentRead] | None = None
) -> OfferRead:
    status = OfferStatus(row["status"])
    own = _owner(viewer, row)
    location = (
        OrganisationRef(code=row["loc_code"], name=row["loc_name"], kind=row["loc_kind"])
        if row["loc_code"]
        else None
    )
    distance = row.get("distance_km")
    return OfferRead(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        category=row["category"],
        quantity=row["quantity"],
        quantity_left=row["quantity_left"],
        unit=row["unit"],
        available_from=row["available_from"],
        available_until=row["available_until"],
        terms=row["terms"],
        cost_sek=row["cost_sek"],
        delivery=row["delivery"],
        location=location,
        organisation=OrganisationRef(
            code=row["org_code"], name=row["org_name"], kind=row["org_kind"]
        ),
        municipality_code=row["municipality_code"],
        status=status,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
        allowed_transitions=list(OFFER_TRANSITIONS[status]) if own else [],
        distance_km=round(distance, 1) if distance is not None else None,
        attachments=attachments or [],
        own=own,
    )


def may_see(row: dict[str, Any], viewer: CurrentUser | None) -> bool:
    return row["status"] in PUBLIC_OFFER_STATUSES or _owner(viewer, row)


async def offer_row(offer_id: int) -> dict[str, Any]:
    rows = await fetch(_select(False) + " WHERE r.id = $1", offer_id)
    if not rows:
        raise NotFound(_("Erbjudandet finns inte."))
    return rows[0]


async def visible_row(viewer: CurrentUser | None, offer_id: int) -> dict[str, Any]:
    row = await offer_row(offer_id)
    if not may_see(row, viewer):
        raise NotFound(_("Erbjudandet finns inte."))
    return row


async def attachments_of(offer_id: int) -> list[AttachmentRead]:
    rows = (
        await OfferAttachment.select(
            OfferAttachment.id,
            OfferAttachment.filename,
            OfferAttachment.content_type,
            OfferAttachment.size,
        )
        .where(OfferAttachment.offer == offer_id)
        .order_by(OfferAttachment.id)
    )
    return msgspec.convert(rows, list[AttachmentRead])


async def get_offer(viewer: CurrentUser | None, offer_id: int) -> OfferRead:
    row = await visible_row(viewer, offer_id)
    return _to_read(row, viewer, await attachments_of(offer_id))


# --- validation -----------------------------------------------------------------------------


def _field_error(field: str, message: str) -> Invalid:
    return Invalid(message, fields={field: message})


def _check_dates(available_from: date | None, available_until: date | None) -> None:
    if available_until is not None and available_until < date.today():
        raise _field_error("available_until", _("Slutdatumet kan inte ligga bakåt i tiden."))
    if available_from and available_until and available_until < available_from:
        raise _field_error(
            "available_until", _("Slutdatumet måste vara samma dag som startdatumet eller senare.")
        )


def _check_terms(terms: Terms, cost_sek: Any) -> None:
    if terms is Terms.cost_sharing and cost_sek is None:
        raise _field_error("cost_sek", _("Ange kostnaden i kronor vid kostnadsdelning."))
    if terms is not Terms.cost_sharing and cost_sek is not None:
        raise _field_error("cost_sek", _("En kostnad anges bara vid kostnadsdelning."))


async def _location_id(code: str | None, owner: dict[str, Any]) -> int | None:
    """The place of the offer: the owner itself, or a library or the municipality it is in."""
    if code is None:
        return None
    place = await Organisation.select().where(Organisation.code == code).first()
    same_place = place is not None and (
        place["id"] == owner["id"]
        or (
            owner["municipality_code"] is not None
            and place["municipality_code"] == owner["municipality_code"]
        )
    )
    if place is None or not same_place:
        raise _field_error("location", _("Platsen måste ligga i organisationens kommun."))
    return place["id"]


def _require_member(user: CurrentUser) -> None:
    if not user.has_role(Role.member, Role.coordinator, Role.admin):
        raise NotAllowed(_("Bara medlemmar i en organisation kan erbjuda resurser."))


# --- writing -------------------------------------------------------------------------------


async def create_offer(user: CurrentUser, data: OfferCreate) -> OfferRead:
    _require_member(user)
    owner_code = data.organisation or user.organisation_code
    owner = await Organisation.select().where(Organisation.code == owner_code).first()
    if owner is None:
        raise _field_error("organisation", _("Organisationen finns inte."))
    if not may_act_for(user, owner["code"], owner["county_code"]):
        raise NotAllowed(_("Du kan bara erbjuda resurser för din egen organisation."))
    if data.status not in (OfferStatus.draft, OfferStatus.published):
        raise _field_error("status", _("Ett nytt erbjudande är ett utkast eller publicerat."))
    _check_dates(data.available_from, data.available_until)
    _check_terms(data.terms, data.cost_sek)
    location_id = await _location_id(data.location, owner)
    async with atomic():
        offer = ResourceOffer(
            organisation=owner["id"],
            municipality_code=owner["municipality_code"],
            location=location_id,
            title=data.title.strip(),
            description=data.description.strip(),
            category=data.category.value,
            quantity=data.quantity,
            quantity_left=data.quantity,
            unit=data.unit.strip(),
            available_from=data.available_from,
            available_until=data.available_until,
            terms=data.terms.value,
            cost_sek=data.cost_sek,
            delivery=data.delivery.value,
            status=data.status.value,
            created_by=user.id,
        )
        await offer.save()
        await audit.record(
            actor_id=user.id,
            action="offer.create",
            entity_type="offer",
            entity_id=offer.id,
            organisation_code=owner["code"],
            changes={"title": offer.title, "quantity": offer.quantity, "status": offer.status},
        )
    return await get_offer(user, offer.id)


async def locked_own_row(user: CurrentUser, offer_id: int) -> dict[str, Any]:
    await fetch("SELECT id FROM resource_offer WHERE id = $1 FOR UPDATE", offer_id)
    row = await offer_row(offer_id)
    if not _owner(user, row):
        if not may_see(row, user):
            raise NotFound(_("Erbjudandet finns inte."))
        raise NotAllowed(_("Bara den organisation som erbjuder resursen kan ändra den."))
    return row


async def update_offer(user: CurrentUser, offer_id: int, data: OfferUpdate) -> OfferRead:
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(data).items()
        if value is not msgspec.UNSET and name != "version"
    }
    async with atomic():
        row = await locked_own_row(user, offer_id)
        if data.version is not msgspec.UNSET and data.version != row["version"]:
            raise Conflict(
                _("Erbjudandet har ändrats av någon annan. Läs in det igen."),
                current=msgspec.to_builtins(_to_read(row, user)),
            )
        if row["status"] not in EDITABLE:
            raise Conflict(_("Erbjudandet kan inte längre ändras."))
        values: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "location":
                owner = (
                    await Organisation.select()
                    .where(Organisation.id == row["organisation"])
                    .first()
                )
                values["location"] = await _location_id(value, owner)
            elif name == "quantity":
                allocated = row["quantity"] - row["quantity_left"]
                if value < allocated:
                    raise _field_error(
                        "quantity",
                        _("%(n)s är redan utlovade; antalet kan inte bli lägre.", n=allocated),
                    )
                values["quantity"] = value
                values["quantity_left"] = value - allocated
            elif isinstance(value, str):
                values[name] = value.strip()
            elif hasattr(value, "value"):
                values[name] = value.value
            else:
                values[name] = value
        available_from = changes.get("available_from", row["available_from"])
        available_until = changes.get("available_until", row["available_until"])
        if "available_from" in changes or "available_until" in changes:
            _check_dates(available_from, available_until)
        _check_terms(
            Terms(values.get("terms", row["terms"])), values.get("cost_sek", row["cost_sek"])
        )
        if values:
            before = {k: row.get(k) for k in values}
            values["updated_at"] = datetime.now(UTC)
            values["version"] = row["version"] + 1
            await ResourceOffer.update(
                {getattr(ResourceOffer, k): v for k, v in values.items()}
            ).where(ResourceOffer.id == offer_id)
            await audit.record(
                actor_id=user.id,
                action="offer.update",
                entity_type="offer",
                entity_id=offer_id,
                organisation_code=row["org_code"],
                changes=msgspec.to_builtins(audit.diff(before, values)),
            )
    return await get_offer(user, offer_id)


async def change_status(user: CurrentUser, offer_id: int, change: OfferStatusChange) -> OfferRead:
    async with atomic():
        row = await locked_own_row(user, offer_id)
        current = OfferStatus(row["status"])
        allowed = OFFER_TRANSITIONS[current]
        if change.to not in allowed:
            names = ", ".join(s.value for s in allowed) or _("inga")
            raise Conflict(
                _(
                    "Erbjudandet kan inte gå från %(current)s till %(to)s. Tillåtet: %(allowed)s.",
                    current=current.value,
                    to=change.to.value,
                    allowed=names,
                ),
                allowed=[s.value for s in allowed],
            )
        await ResourceOffer.update(
            {
                ResourceOffer.status: change.to.value,
                ResourceOffer.updated_at: datetime.now(UTC),
                ResourceOffer.version: row["version"] + 1,
            }
        ).where(ResourceOffer.id == offer_id)
        await audit.record(
            actor_id=user.id,
            action="offer.status",
            entity_type="offer",
            entity_id=offer_id,
            organisation_code=row["org_code"],
            changes={"status": [current.value, change.to.value], "comment": change.comment},
        )
    return await get_offer(user, offer_id)


async def expire_due_offers(today: date | None = None) -> int:
    """Published or reserved offers whose last day has passed become expired."""
    today = today or date.today()
    async with atomic():
        rows = await fetch(
            "UPDATE resource_offer SET status = 'expired', updated_at = now(), "
            "version = version + 1 WHERE status IN ('published', 'reserved') "
            "AND available_until < $1 RETURNING id",
            today,
        )
        for row in rows:
            await audit.record(
                actor_id=None,
                actor_kind="system",
                action="offer.expire",
                entity_type="offer",
                entity_id=row["id"],
            )
    return len(rows)


# --- lists ---------------------------------------------------------------------------------


def _visibility(conditions: Conditions, viewer: CurrentUser | None) -> None:
    # Public offers whose last day has passed are hidden even before the expiry job runs.
    public = (
        "(r.status = ANY({}) AND (r.available_until IS NULL OR r.available_until >= CURRENT_DATE))"
    )
    statuses = [s.value for s in PUBLIC_OFFER_STATUSES]
    if viewer is None:
        conditions.add(public, statuses)
    elif viewer.has_role(Role.admin):
        return
    elif viewer.has_role(Role.coordinator):
        conditions.add(f"{public} OR o.county_code = {{}}", statuses, viewer.county_code)
    else:
        own = viewer.organisation_code
        conditions.add(f"{public} OR o.code = {{}} OR o.code LIKE {{}}", statuses, own, f"{own}-%")


def _conditions(viewer: CurrentUser | None, filters: OfferFilters) -> Conditions:
    conditions = Conditions()
    _visibility(conditions, viewer)
    if filters.category:
        conditions.add(
            "r.category = ANY({})", [c.value for c in filters.category], facet="category"
        )
    if filters.municipality:
        conditions.add("r.municipality_code = ANY({})", filters.municipality, facet="municipality")
    if filters.terms:
        conditions.add("r.terms = ANY({})", [t.value for t in filters.terms], facet="terms")
    if filters.delivery:
        conditions.add(
            "r.delivery = ANY({})", [d.value for d in filters.delivery], facet="delivery"
        )
    statuses = [s.value for s in filters.status] or [OfferStatus.published.value]
    conditions.add("r.status = ANY({})", statuses, facet="status")
    if filters.organisation:
        conditions.add("o.code = {}", filters.organisation)
    query = swedish_prefix_query(filters.q or "")
    if query:
        conditions.add(f"{DOCUMENT} @@ to_tsquery('swedish', {{}})", query)
    return conditions


async def _rows(
    viewer: CurrentUser | None, filters: OfferFilters, conditions: Conditions
) -> tuple[str | None, str, str, list[Any]]:
    """The offers the list shows: the municipality distances are measured from, then FROM,
    WHERE and its values in text order (the origin's code, in FROM, first)."""
    origin = await origin_code(viewer.organisation_code if viewer else None, filters.near)
    if filters.within_km is not None and origin is None:
        raise _field_error("near", _("Ange en kommun att mäta avståndet från."))
    where, where_values = conditions.where()
    if origin is None:
        return None, SOURCE, where, where_values
    values = [origin, *where_values]
    if filters.within_km is not None:
        where = f"({where}) AND {DISTANCE} <= {{}}"
        values.append(filters.within_km)
    return origin, SOURCE + ORIGIN_JOIN, where, values


async def matching_ids(viewer: CurrentUser | None, filters: OfferFilters) -> list[int]:
    """The id of every offer the list shows ``viewer`` with ``filters``, newest first (what
    a saved search's alerts compare between passes)."""
    _, source, where, values = await _rows(viewer, filters, _conditions(viewer, filters))
    sql = f"SELECT r.id FROM {source} WHERE {where} ORDER BY r.id DESC"  # noqa: S608
    return [row["id"] for row in await fetch(numbered(sql, values), *values)]


async def list_offers(
    viewer: CurrentUser | None, filters: OfferFilters, *, with_facets: bool = False
) -> Page[OfferRead]:
    conditions = _conditions(viewer, filters)
    origin, source, where, base_values = await _rows(viewer, filters, conditions)

    order_values: list[Any] = []
    query = swedish_prefix_query(filters.q or "")
    if filters.sort is OfferSort.relevance and query:
        order = f"ts_rank({DOCUMENT}, to_tsquery('swedish', {{}})) DESC, r.id DESC"
        order_values = [query]
    elif filters.sort is OfferSort.distance and origin is not None:
        order = "distance_km ASC NULLS LAST, r.id DESC"
    elif filters.sort is OfferSort.available_until:
        order = "r.available_until ASC NULLS LAST, r.id DESC"
    else:
        order = "r.created_at DESC, r.id DESC"

    offset = (filters.page - 1) * filters.page_size
    sql = (
        f"{_select(origin is not None)} WHERE {where} ORDER BY {order} "
        f"LIMIT {filters.page_size} OFFSET {offset}"
    )
    list_values = [*base_values, *order_values]
    rows = await fetch(numbered(sql, list_values), *list_values)
    count_sql = f"SELECT count(*) AS n FROM {source} WHERE {where}"  # noqa: S608
    total = (await fetch(numbered(count_sql, base_values), *base_values))[0]["n"]
    facets = await offer_facets(conditions, filters) if with_facets else None
    return Page(
        items=[_to_read(row, viewer) for row in rows],
        total=total,
        page=filters.page,
        page_size=filters.page_size,
        facets=facets,
    )


async def offer_facets(conditions: Conditions, filters: OfferFilters) -> list[Facet]:
    specs = [
        ("category", "r.category", category_labels(), [c.value for c in filters.category]),
        (
            "municipality",
            "r.municipality_code",
            await organisations.municipality_names(),
            filters.municipality,
        ),
        ("terms", "r.terms", terms_labels(), [t.value for t in filters.terms]),
        ("delivery", "r.delivery", delivery_labels(), [d.value for d in filters.delivery]),
        (
            "status",
            "r.status",
            status_labels(),
            [s.value for s in filters.status] or [OfferStatus.published.value],
        ),
    ]
    return [
        await count_values(
            source=SOURCE,
            expression=expression,
            is_array=False,
            facet=name,
            conditions=conditions,
            labels=labels,
            selected=list(selected),
        )
        for name, expression, labels, selected in specs
    ]
