"""Participations: an organisation registers interest or commits, with an annual volume per
lot; coordinators record the power of attorney (fullmakt). Also the totals of a procurement
against the thresholds in force."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec

from portal.accounts.permissions import may_act_for, may_coordinate
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.organisations.schemas import OrganisationRef
from portal.organisations.tables import Organisation
from portal.procurements import access, aggregation, services, thresholds
from portal.procurements.phases import (
    OPEN_FOR_COORDINATORS,
    OPEN_FOR_MEMBERS,
    PARTICIPATION_TRANSITIONS,
    ParticipationStatus,
    Phase,
    today,
)
from portal.procurements.schemas import (
    Contact,
    ParticipationRead,
    ParticipationWrite,
    PowerOfAttorney,
    ProcurementSummary,
    VolumeRead,
)
from portal.procurements.tables import Participation, ParticipationVolume

_SELECT = """
SELECT pp.*, o.code AS org_code, o.name AS org_name, o.kind AS org_kind,
       o.municipality_code AS org_municipality, u.name AS contact_name, u.email AS contact_email
FROM procurement_participation pp
JOIN organisation o ON o.id = pp.organisation
LEFT JOIN user_account u ON u.id = pp.contact
"""


async def _volumes(procurement_id: int) -> list[dict[str, Any]]:
    return await fetch(
        "SELECT v.participation, v.lot, v.annual_volume_sek, pp.status "
        "FROM procurement_volume v "
        "JOIN procurement_participation pp ON pp.id = v.participation "
        "JOIN procurement_lot l ON l.id = v.lot "
        "WHERE pp.procurement = $1 ORDER BY l.position, l.id",
        procurement_id,
    )


def _to_read(row: dict[str, Any], volumes: list[dict[str, Any]]) -> ParticipationRead:
    own = [v for v in volumes if v["participation"] == row["id"]]
    return ParticipationRead(
        organisation=OrganisationRef(
            code=row["org_code"], name=row["org_name"], kind=row["org_kind"]
        ),
        municipality_code=row["org_municipality"],
        status=ParticipationStatus(row["status"]),
        volumes=[
            VolumeRead(lot_id=v["lot"], annual_volume_sek=v["annual_volume_sek"]) for v in own
        ],
        annual_total_sek=sum(v["annual_volume_sek"] for v in own),
        power_of_attorney=row["power_of_attorney"],
        power_of_attorney_at=row["power_of_attorney_at"],
        contact=(
            Contact(name=row["contact_name"], email=row["contact_email"])
            if row["contact_name"]
            else None
        ),
        updated_at=row["updated_at"],
        version=row["version"],
    )


async def participations_of(procurement_id: int) -> list[ParticipationRead]:
    """Every participation, by organisation name; no permission check (callers check)."""
    rows = await fetch(_SELECT + " WHERE pp.procurement = $1 ORDER BY o.name", procurement_id)
    volumes = await _volumes(procurement_id)
    return [_to_read(row, volumes) for row in rows]


async def list_participations(
    viewer: CurrentUser | None, procurement_id: int
) -> list[ParticipationRead]:
    access.require_participant_viewer(await services.row(procurement_id), viewer)
    return await participations_of(procurement_id)


async def _one(procurement_id: int, organisation_id: int) -> ParticipationRead | None:
    rows = await fetch(
        _SELECT + " WHERE pp.procurement = $1 AND pp.organisation = $2",
        procurement_id,
        organisation_id,
    )
    if not rows:
        return None
    return _to_read(rows[0], await _volumes(procurement_id))


async def get_participation(
    viewer: CurrentUser | None, procurement_id: int, organisation_code: str
) -> ParticipationRead | None:
    access.require_participant_viewer(await services.row(procurement_id), viewer)
    organisation = await _organisation(organisation_code)
    return await _one(procurement_id, organisation["id"])


async def _organisation(code: str) -> dict[str, Any]:
    organisation = await Organisation.select().where(Organisation.code == code).first()
    if organisation is None:
        raise NotFound(_("Organisationen finns inte."))
    return organisation


def _check_window(user: CurrentUser, current: dict[str, Any]) -> None:
    """Members change their participation while interest is gathered and until the interest
    deadline; coordinators in every phase but idea, closed and cancelled."""
    phase = Phase(current["phase"])
    if may_coordinate(user, current["county_code"]):
        if phase not in OPEN_FOR_COORDINATORS:
            raise Conflict(_("I den här fasen går det inte att ändra deltagandet."))
        return
    if phase not in OPEN_FOR_MEMBERS:
        raise Conflict(_("I den här fasen går det inte att ändra deltagandet."))
    deadline = current["interest_deadline"]
    if deadline is not None and today() > deadline:
        raise NotAllowed(
            _(
                "Sista dag för intresseanmälan har passerat. "
                "Kontakta samordnaren om deltagandet behöver ändras."
            )
        )


async def save_participation(
    user: CurrentUser, procurement_id: int, organisation_code: str, data: ParticipationWrite
) -> ParticipationRead:
    async with atomic():
        # Locking the procurement serialises every change to its participations.
        current = access.require_visible(await services.row(procurement_id, lock=True), user)
        organisation = await _organisation(organisation_code)
        if not may_act_for(user, organisation["code"], organisation["county_code"]):
            raise NotAllowed(_("Du kan bara anmäla din egen organisation."))
        _check_window(user, current)
        existing = await _one(procurement_id, organisation["id"])
        version = existing.version if existing is not None else 0
        if data.version is not msgspec.UNSET and data.version != version:
            raise Conflict(
                _("Deltagandet har ändrats av någon annan. Läs in det igen."),
                current=msgspec.to_builtins(existing),
            )
        before = existing.status if existing is not None else None
        allowed = PARTICIPATION_TRANSITIONS[before]
        if data.status not in allowed:
            raise Conflict(
                _(
                    "Deltagandet kan inte gå från %(current)s till %(to)s. Tillåtet: %(allowed)s.",
                    current=before.value if before else "-",
                    to=data.status.value,
                    allowed=", ".join(s.value for s in allowed),
                ),
                allowed=[s.value for s in allowed],
            )
        lot_ids = {lot.id for lot in (await services.lots_of([procurement_id]))[procurement_id]}
        seen: set[int] = set()
        for index, volume in enumerate(data.volumes):
            field = f"volumes[{index}].lot_id"
            if volume.lot_id not in lot_ids:
                message = _("Delområdet hör inte till upphandlingen.")
                raise Invalid(message, fields={field: message})
            if volume.lot_id in seen:
                message = _("Samma delområde får bara anges en gång.")
                raise Invalid(message, fields={field: message})
            seen.add(volume.lot_id)

        now = datetime.now(UTC)
        if existing is None:
            participation = Participation(
                procurement=procurement_id,
                organisation=organisation["id"],
                status=data.status.value,
                contact=user.id,
            )
            await participation.save()
            participation_id = participation.id
        else:
            found = (
                await Participation.select(Participation.id, Participation.contact)
                .where(
                    Participation.procurement == procurement_id,
                    Participation.organisation == organisation["id"],
                )
                .first()
            )
            participation_id = found["id"]
            contact = found["contact"]
            if contact is None or not may_coordinate(user, current["county_code"]):
                contact = user.id
            await Participation.update(
                {
                    Participation.status: data.status.value,
                    Participation.contact: contact,
                    Participation.updated_at: now,
                    Participation.version: version + 1,
                }
            ).where(Participation.id == participation_id)
        await ParticipationVolume.delete().where(
            ParticipationVolume.participation == participation_id
        )
        for volume in data.volumes:
            await ParticipationVolume(
                participation=participation_id,
                lot=volume.lot_id,
                annual_volume_sek=volume.annual_volume_sek,
            ).save()
        old_volumes = {v.lot_id: v.annual_volume_sek for v in existing.volumes} if existing else {}
        new_volumes = {v.lot_id: v.annual_volume_sek for v in data.volumes}
        await audit.record(
            actor_id=user.id,
            action="procurement.participation",
            entity_type="procurement",
            entity_id=procurement_id,
            organisation_code=organisation["code"],
            changes={
                "organisation": organisation["code"],
                "status": [before.value if before else None, data.status.value],
                "volumes": {
                    str(lot): [old_volumes.get(lot), new_volumes.get(lot)]
                    for lot in sorted(set(old_volumes) | set(new_volumes))
                    if old_volumes.get(lot) != new_volumes.get(lot)
                },
            },
        )
        saved = await _one(procurement_id, organisation["id"])
    assert saved is not None
    return saved


async def record_power_of_attorney(
    user: CurrentUser, procurement_id: int, organisation_code: str, data: PowerOfAttorney
) -> ParticipationRead:
    """A coordinator notes that the organisation's signed power of attorney has arrived."""
    async with atomic():
        current = access.require_visible(await services.row(procurement_id, lock=True), user)
        access.require_coordinator(current, user)
        organisation = await _organisation(organisation_code)
        existing = await _one(procurement_id, organisation["id"])
        if existing is None:
            raise NotFound(_("Organisationen deltar inte i upphandlingen."))
        if existing.power_of_attorney != data.received:
            await Participation.update(
                {
                    Participation.power_of_attorney: data.received,
                    Participation.power_of_attorney_at: (
                        datetime.now(UTC) if data.received else None
                    ),
                    Participation.updated_at: datetime.now(UTC),
                    Participation.version: existing.version + 1,
                }
            ).where(
                Participation.procurement == procurement_id,
                Participation.organisation == organisation["id"],
            )
            await audit.record(
                actor_id=user.id,
                action="procurement.power_of_attorney",
                entity_type="procurement",
                entity_id=procurement_id,
                organisation_code=organisation["code"],
                changes={"power_of_attorney": [existing.power_of_attorney, data.received]},
            )
        saved = await _one(procurement_id, organisation["id"])
    assert saved is not None
    return saved


# --- totals ----------------------------------------------------------------------------------


async def summary_of(current: dict[str, Any]) -> ProcurementSummary:
    """Totals per lot and overall, and the thresholds assessment; no permission check."""
    procurement_id = current["id"]
    lots = (await services.lots_of([procurement_id]))[procurement_id]
    rows = await _volumes(procurement_id)
    volumes = [
        aggregation.Volume(lot_id=r["lot"], status=r["status"], annual_sek=r["annual_volume_sek"])
        for r in rows
    ]
    years = aggregation.contract_years(
        current["contract_start"], current["contract_end"], current["extension_years"]
    )
    per_lot = aggregation.lot_totals([(lot.id, lot.title) for lot in lots], volumes, years)
    committed_annual = sum(t.committed_annual_sek for t in per_lot)
    interested_annual = sum(t.interested_annual_sek for t in per_lot)
    committed_total = aggregation.total(committed_annual, years)
    interested_total = aggregation.total(interested_annual, years)
    counts = await fetch(
        "SELECT status, count(*) AS n FROM procurement_participation "
        "WHERE procurement = $1 GROUP BY status",
        procurement_id,
    )
    count = {r["status"]: r["n"] for r in counts}
    known = await thresholds.list_thresholds()
    assessment = thresholds.assess(known, committed_total, current["tender_publication"], today())
    with_interested = None
    if committed_total is not None and interested_total:
        combined = aggregation.band(
            committed_total + interested_total, assessment.direct_award, assessment.eu
        )
        with_interested = combined if combined != assessment.band else None
    return ProcurementSummary(
        contract_years=float(years) if years is not None else None,
        lots=per_lot,
        committed_count=count.get(ParticipationStatus.committed.value, 0),
        interested_count=count.get(ParticipationStatus.interested.value, 0),
        committed_annual_sek=committed_annual,
        interested_annual_sek=interested_annual,
        committed_total_sek=committed_total,
        interested_total_sek=interested_total,
        assessment=assessment,
        band_with_interested=with_interested,
    )


async def summary(viewer: CurrentUser | None, procurement_id: int) -> ProcurementSummary:
    current = await services.row(procurement_id)
    access.require_participant_viewer(current, viewer)
    assert current is not None
    return await summary_of(current)
