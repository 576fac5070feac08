"""Joint procurements: create, read, edit, move through the phases, list.

Every write checks permission, validates, changes and audits in one transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec

from portal.accounts.permissions import may_coordinate
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, Invalid, NotAllowed
from portal.i18n import gettext as _
from portal.notifications import events as notification_events
from portal.organisations.schemas import OrganisationRef
from portal.organisations.tables import Organisation
from portal.procurements import access, cpv
from portal.procurements.phases import EDITABLE, TRANSITIONS, Category, Phase
from portal.procurements.schemas import (
    LotRead,
    LotWrite,
    PhaseChangeRead,
    ProcurementCreate,
    ProcurementRead,
    ProcurementUpdate,
    Transition,
)
from portal.procurements.tables import PhaseChange, Procurement, ProcurementLot

SELECT = """
SELECT p.*, o.code AS lead_code, o.name AS lead_name, o.kind AS lead_kind,
       o.county_code AS county_code,
       (SELECT count(*) FROM procurement_participation pp
         WHERE pp.procurement = p.id AND pp.status <> 'withdrawn') AS participant_count
FROM procurement p JOIN organisation o ON o.id = p.lead
"""

DATE_CHAIN = ("interest_deadline", "tender_publication", "tender_deadline", "contract_start")


def date_labels() -> dict[str, str]:
    return {
        "interest_deadline": _("Sista dag för intresseanmälan"),
        "tender_publication": _("Planerad annonsering"),
        "tender_deadline": _("Sista anbudsdag"),
        "contract_start": _("Avtalsstart"),
        "contract_end": _("Avtalsslut"),
    }


# --- reading ----------------------------------------------------------------------------


async def lots_of(procurement_ids: list[int]) -> dict[int, list[LotRead]]:
    rows = await fetch(
        "SELECT * FROM procurement_lot WHERE procurement = ANY($1) ORDER BY position, id",
        procurement_ids,
    )
    lots: dict[int, list[LotRead]] = {pid: [] for pid in procurement_ids}
    for row in rows:
        lots[row["procurement"]].append(
            LotRead(
                id=row["id"],
                position=row["position"],
                title=row["title"],
                cpv_code=row["cpv_code"],
                description=row["description"],
            )
        )
    return lots


def to_read(
    row: dict[str, Any], lots: list[LotRead], viewer: CurrentUser | None
) -> ProcurementRead:
    phase = Phase(row["phase"])
    coordinator = viewer is not None and may_coordinate(viewer, row["county_code"])
    return ProcurementRead(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        category=Category(row["category"]),
        cpv_codes=list(row["cpv_codes"]),
        lots=lots,
        lead=OrganisationRef(code=row["lead_code"], name=row["lead_name"], kind=row["lead_kind"]),
        county_code=row["county_code"],
        phase=phase,
        interest_deadline=row["interest_deadline"],
        tender_publication=row["tender_publication"],
        tender_deadline=row["tender_deadline"],
        contract_start=row["contract_start"],
        contract_end=row["contract_end"],
        extension_years=row["extension_years"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
        allowed_transitions=list(TRANSITIONS[phase]) if coordinator else [],
        may_edit=coordinator and phase in EDITABLE,
        participant_count=(
            row["participant_count"]
            if access.may_see_participants(viewer, row["county_code"])
            else None
        ),
    )


async def row(procurement_id: int, *, lock: bool = False) -> dict[str, Any] | None:
    if lock:
        # Lock the row so that two writers cannot both pass the version check.
        await fetch("SELECT id FROM procurement WHERE id = $1 FOR UPDATE", procurement_id)
    rows = await fetch(SELECT + " WHERE p.id = $1", procurement_id)
    return rows[0] if rows else None


async def visible_row(viewer: CurrentUser | None, procurement_id: int) -> dict[str, Any]:
    return access.require_visible(await row(procurement_id), viewer)


async def get_procurement(viewer: CurrentUser | None, procurement_id: int) -> ProcurementRead:
    found = await visible_row(viewer, procurement_id)
    lots = await lots_of([procurement_id])
    return to_read(found, lots[procurement_id], viewer)


async def timeline(viewer: CurrentUser | None, procurement_id: int) -> list[PhaseChangeRead]:
    """Every move, oldest first; who moved it only for signed-in readers."""
    await visible_row(viewer, procurement_id)
    rows = await fetch(
        "SELECT c.*, u.name AS actor_name FROM procurement_phase_change c "
        "LEFT JOIN user_account u ON u.id = c.actor "
        "WHERE c.procurement = $1 ORDER BY c.occurred_at, c.id",
        procurement_id,
    )
    return [
        PhaseChangeRead(
            from_phase=r["from_phase"],
            to_phase=r["to_phase"],
            comment=r["comment"],
            actor=r["actor_name"] if viewer is not None else None,
            occurred_at=r["occurred_at"],
        )
        for r in rows
    ]


# --- validation -----------------------------------------------------------------------------


def check_dates(values: dict[str, Any]) -> None:
    """Interest deadline ≤ publication ≤ tender deadline ≤ contract start < contract end."""
    labels = date_labels()
    given = [(name, values[name]) for name in DATE_CHAIN if values.get(name) is not None]
    for index, (later, later_date) in enumerate(given):
        for earlier, earlier_date in given[:index]:
            if later_date < earlier_date:
                message = _(
                    "%(later)s kan inte vara före %(earlier)s.",
                    later=labels[later],
                    earlier=labels[earlier].lower(),
                )
                raise Invalid(message, fields={later: message})
    start, end = values.get("contract_start"), values.get("contract_end")
    if start is not None and end is not None and end <= start:
        message = _("Avtalet kan inte sluta innan det börjar.")
        raise Invalid(message, fields={"contract_end": message})


async def _lead(user: CurrentUser, code: str | None) -> dict[str, Any]:
    """The lead organisation (default: the regional library of the user's county)."""
    lead = (
        await Organisation.select().where(Organisation.code == (code or user.county_code)).first()
    )
    if lead is None:
        message = _("Organisationen finns inte.")
        raise Invalid(message, fields={"lead": message})
    if not may_coordinate(user, lead["county_code"]):
        raise NotAllowed(_("Bara regionens samordnare kan leda upphandlingar i länet."))
    return lead


async def _check_codes(cpv_codes: list[str] | None, lots: list[LotWrite] | None) -> None:
    if cpv_codes is not None:
        await cpv.check_codes(cpv_codes, "cpv_codes")
    for index, lot in enumerate(lots or []):
        await cpv.check_codes([lot.cpv_code], f"lots[{index}].cpv_code")


# --- writing -------------------------------------------------------------------------------


async def create_procurement(user: CurrentUser, data: ProcurementCreate) -> ProcurementRead:
    lead = await _lead(user, data.lead)
    values = msgspec.structs.asdict(data)
    check_dates(values)
    await _check_codes(data.cpv_codes, data.lots)
    cpv_codes = list(dict.fromkeys(data.cpv_codes))
    lots = data.lots or [
        LotWrite(title=data.title.strip(), cpv_code=cpv_codes[0] if cpv_codes else None)
    ]
    async with atomic():
        procurement = Procurement(
            title=data.title.strip(),
            description=data.description.strip(),
            category=data.category.value,
            cpv_codes=cpv_codes,
            lead=lead["id"],
            phase=Phase.idea.value,
            interest_deadline=data.interest_deadline,
            tender_publication=data.tender_publication,
            tender_deadline=data.tender_deadline,
            contract_start=data.contract_start,
            contract_end=data.contract_end,
            extension_years=data.extension_years,
            created_by=user.id,
        )
        await procurement.save()
        for position, lot in enumerate(lots, start=1):
            await ProcurementLot(
                procurement=procurement.id,
                position=position,
                title=lot.title.strip(),
                cpv_code=lot.cpv_code,
                description=lot.description.strip(),
            ).save()
        await PhaseChange(
            procurement=procurement.id, from_phase=None, to_phase=Phase.idea.value, actor=user.id
        ).save()
        await audit.record(
            actor_id=user.id,
            action="procurement.create",
            entity_type="procurement",
            entity_id=procurement.id,
            organisation_code=lead["code"],
            changes={"title": procurement.title, "lots": [lot.title for lot in lots]},
        )
    return await get_procurement(user, procurement.id)


async def _replace_lots(procurement_id: int, lots: list[LotWrite]) -> dict[str, Any]:
    """Update the lots named by id, add the new ones, remove the rest (when unused)."""
    if not lots:
        message = _("En upphandling har minst ett delområde.")
        raise Invalid(message, fields={"lots": message})
    existing = {
        r["id"]: r
        for r in await ProcurementLot.select().where(ProcurementLot.procurement == procurement_id)
    }
    kept = set()
    for index, lot in enumerate(lots):
        if lot.id is not None:
            if lot.id not in existing or lot.id in kept:
                message = _("Delområdet hör inte till upphandlingen.")
                raise Invalid(message, fields={f"lots[{index}].id": message})
            kept.add(lot.id)
    removed = sorted(set(existing) - kept)
    if removed:
        used = await fetch(
            "SELECT DISTINCT lot FROM procurement_volume WHERE lot = ANY($1) "
            "AND annual_volume_sek > 0",
            removed,
        )
        if used:
            titles = ", ".join(existing[r["lot"]]["title"] for r in used)
            raise Conflict(
                _(
                    "Delområdet %(titles)s har volymer från deltagare och kan inte tas bort.",
                    titles=titles,
                )
            )
        await ProcurementLot.delete().where(ProcurementLot.id.is_in(removed))
    for position, lot in enumerate(lots, start=1):
        values = {
            ProcurementLot.position: position,
            ProcurementLot.title: lot.title.strip(),
            ProcurementLot.cpv_code: lot.cpv_code,
            ProcurementLot.description: lot.description.strip(),
        }
        if lot.id is not None:
            await ProcurementLot.update(values).where(ProcurementLot.id == lot.id)
        else:
            await ProcurementLot(
                procurement=procurement_id,
                position=position,
                title=lot.title.strip(),
                cpv_code=lot.cpv_code,
                description=lot.description.strip(),
            ).save()
    return {"lots": [[existing[i]["title"] for i in sorted(existing)], [lot.title for lot in lots]]}


async def update_procurement(
    user: CurrentUser, procurement_id: int, data: ProcurementUpdate
) -> ProcurementRead:
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(data).items()
        if value is not msgspec.UNSET and name != "version"
    }
    async with atomic():
        current = access.require_visible(await row(procurement_id, lock=True), user)
        access.require_coordinator(current, user)
        if data.version is not msgspec.UNSET and data.version != current["version"]:
            lots = await lots_of([procurement_id])
            raise Conflict(
                _("Upphandlingen har ändrats av någon annan. Läs in den igen."),
                current=msgspec.to_builtins(to_read(current, lots[procurement_id], user)),
            )
        if current["phase"] not in EDITABLE:
            raise Conflict(_("Upphandlingen är avslutad och kan inte längre ändras."))
        check_dates({**current, **changes})
        await _check_codes(changes.get("cpv_codes"), changes.get("lots"))
        values: dict[str, Any] = {}
        audited: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "lots":
                audited.update(await _replace_lots(procurement_id, value))
            elif name == "lead":
                lead = await _lead(user, value)
                if lead["id"] != current["lead"]:
                    values["lead"] = lead["id"]
                    audited["lead"] = [current["lead_code"], lead["code"]]
            elif name in ("title", "description"):
                values[name] = value.strip()
            elif name == "category":
                values[name] = value.value
            elif name == "cpv_codes":
                values[name] = list(dict.fromkeys(value))
            else:
                values[name] = value
        lead_change = audited.pop("lead", None)
        audited.update(audit.diff({k: current.get(k) for k in values}, values))
        if lead_change is not None:
            audited["lead"] = lead_change
        if values or "lots" in changes:
            values["updated_at"] = datetime.now(UTC)
            values["version"] = current["version"] + 1
            await Procurement.update({getattr(Procurement, k): v for k, v in values.items()}).where(
                Procurement.id == procurement_id
            )
            await audit.record(
                actor_id=user.id,
                action="procurement.update",
                entity_type="procurement",
                entity_id=procurement_id,
                organisation_code=current["lead_code"],
                changes=msgspec.to_builtins(audited),
            )
    return await get_procurement(user, procurement_id)


async def move(user: CurrentUser, procurement_id: int, change: Transition) -> ProcurementRead:
    """Move to another phase; a disallowed move is a conflict naming the allowed ones."""
    async with atomic():
        current = access.require_visible(await row(procurement_id, lock=True), user)
        access.require_coordinator(current, user)
        phase = Phase(current["phase"])
        allowed = TRANSITIONS[phase]
        if change.to not in allowed:
            names = ", ".join(p.value for p in allowed) or _("inga")
            raise Conflict(
                _(
                    "Upphandlingen kan inte gå från %(current)s till %(to)s. "
                    "Tillåtet: %(allowed)s.",
                    current=phase.value,
                    to=change.to.value,
                    allowed=names,
                ),
                allowed=[p.value for p in allowed],
            )
        comment = change.comment.strip()
        if not comment:
            message = _("Skriv en kommentar om varför upphandlingen går vidare.")
            raise Invalid(message, fields={"comment": message})
        await Procurement.update(
            {
                Procurement.phase: change.to.value,
                Procurement.updated_at: datetime.now(UTC),
                Procurement.version: current["version"] + 1,
            }
        ).where(Procurement.id == procurement_id)
        await PhaseChange(
            procurement=procurement_id,
            from_phase=phase.value,
            to_phase=change.to.value,
            comment=comment,
            actor=user.id,
        ).save()
        await audit.record(
            actor_id=user.id,
            action="procurement.phase",
            entity_type="procurement",
            entity_id=procurement_id,
            organisation_code=current["lead_code"],
            changes={"phase": [phase.value, change.to.value], "comment": comment},
        )
        await notification_events.procurement_moved(procurement_id, change.to.value, user.id)
    return await get_procurement(user, procurement_id)
