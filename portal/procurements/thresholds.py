"""Dated procurement thresholds: reference data admins keep up to date, not constants.

Seeded from ``procurement_thresholds.md`` of the reference material: the direct award limit
of LOU and the EU threshold for supplies and services of sub-central authorities. The SEK
figure of a period may be missing until it is announced; no exchange rate is ever invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec

from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.transactions import atomic
from portal.errors import Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.procurements import aggregation
from portal.procurements.schemas import (
    Assessment,
    ThresholdCreate,
    ThresholdKind,
    ThresholdRead,
    ThresholdUpdate,
)
from portal.procurements.tables import ProcurementThreshold

# (kind, valid from, valid to, SEK, EUR, source)
REFERENCE_THRESHOLDS: list[tuple[str, date, date | None, int | None, int | None, str]] = [
    (
        "direct_award",
        date(2022, 2, 1),
        None,
        700_000,
        None,
        "LOU 19 kap. 8 §, direktupphandlingsgränsen från 2022",
    ),
    (
        "eu_sub_central",
        date(2024, 1, 1),
        date(2025, 12, 31),
        2_389_585,
        221_000,
        "Upphandlingsmyndigheten, tillkännagivet 2023-11-20",
    ),
    (
        "eu_sub_central",
        date(2026, 1, 1),
        date(2027, 12, 31),
        None,
        216_000,
        "Kommissionens delegerade förordning (EU) 2025/2152; beloppet i kronor fastställs "
        "genom nationellt tillkännagivande",
    ),
]


async def seed_thresholds() -> int:
    """Add the reference periods that are missing; rows already there (perhaps completed by
    an admin with the SEK figure) are left as they are."""
    created = 0
    for kind, valid_from, valid_to, sek, eur, source in REFERENCE_THRESHOLDS:
        exists = await ProcurementThreshold.exists().where(
            ProcurementThreshold.kind == kind, ProcurementThreshold.valid_from == valid_from
        )
        if not exists:
            await ProcurementThreshold(
                kind=kind,
                valid_from=valid_from,
                valid_to=valid_to,
                amount_sek=sek,
                amount_eur=eur,
                source=source,
            ).save()
            created += 1
    return created


def _read(row: dict[str, Any]) -> ThresholdRead:
    return msgspec.convert(
        {k: row[k] for k in ThresholdRead.__struct_fields__}, ThresholdRead, from_attributes=False
    )


async def list_thresholds() -> list[ThresholdRead]:
    rows = (
        await ProcurementThreshold.select()
        .order_by(ProcurementThreshold.kind)
        .order_by(ProcurementThreshold.valid_from)
    )
    return [_read(row) for row in rows]


def assess(
    thresholds: list[ThresholdRead], value_sek: int | None, publication: date | None, today: date
) -> Assessment:
    """The thresholds in force at the planned publication (today when unset) and the band."""
    on = publication or today
    direct = aggregation.in_force(thresholds, ThresholdKind.direct_award, on)
    eu = aggregation.in_force(thresholds, ThresholdKind.eu_sub_central, on)
    return Assessment(
        band=aggregation.band(value_sek, direct, eu),
        value_sek=value_sek,
        reference_date=on,
        from_publication=publication is not None,
        direct_award=direct,
        eu=eu,
    )


def _require_admin(user: CurrentUser) -> None:
    if not user.has_role(Role.admin):
        raise NotAllowed(_("Bara administratörer kan ändra tröskelvärdena."))


def _check_amounts(kind: str, sek: int | None, eur: int | None) -> None:
    if sek is None and eur is None:
        message = _("Ange beloppet i kronor eller i euro.")
        raise Invalid(message, fields={"amount_sek": message})
    if kind == ThresholdKind.direct_award and sek is None:
        message = _("Direktupphandlingsgränsen anges i kronor.")
        raise Invalid(message, fields={"amount_sek": message})


async def add_threshold(user: CurrentUser, data: ThresholdCreate) -> ThresholdRead:
    """Add a period. An open-ended period of the same kind that began earlier is closed the
    day before the new one starts; any other overlap is refused."""
    _require_admin(user)
    if data.valid_to is not None and data.valid_to < data.valid_from:
        message = _("Perioden kan inte sluta innan den börjar.")
        raise Invalid(message, fields={"valid_to": message})
    _check_amounts(data.kind, data.amount_sek, data.amount_eur)
    async with atomic():
        others = await ProcurementThreshold.select().where(
            ProcurementThreshold.kind == data.kind.value
        )
        new_end = data.valid_to or date.max
        for other in others:
            other_end = other["valid_to"] or date.max
            if other["valid_to"] is None and other["valid_from"] < data.valid_from:
                closed = data.valid_from - timedelta(days=1)
                await ProcurementThreshold.update({ProcurementThreshold.valid_to: closed}).where(
                    ProcurementThreshold.id == other["id"]
                )
                await audit.record(
                    actor_id=user.id,
                    action="threshold.update",
                    entity_type="procurement_threshold",
                    entity_id=other["id"],
                    changes={"valid_to": [None, closed.isoformat()]},
                )
                continue
            if other["valid_from"] <= new_end and data.valid_from <= other_end:
                message = _(
                    "Perioden överlappar en period som redan finns (från %(start)s).",
                    start=other["valid_from"].isoformat(),
                )
                raise Invalid(message, fields={"valid_from": message})
        row = ProcurementThreshold(
            kind=data.kind.value,
            valid_from=data.valid_from,
            valid_to=data.valid_to,
            amount_sek=data.amount_sek,
            amount_eur=data.amount_eur,
            source=data.source.strip(),
        )
        await row.save()
        await audit.record(
            actor_id=user.id,
            action="threshold.create",
            entity_type="procurement_threshold",
            entity_id=row.id,
            changes=msgspec.to_builtins(data),
        )
    return await get_threshold(row.id)


async def get_threshold(threshold_id: int) -> ThresholdRead:
    row = await ProcurementThreshold.select().where(ProcurementThreshold.id == threshold_id).first()
    if row is None:
        raise NotFound(_("Tröskelvärdet finns inte."))
    return _read(row)


async def update_threshold(
    user: CurrentUser, threshold_id: int, data: ThresholdUpdate
) -> ThresholdRead:
    """Complete a period, typically with the SEK figure once it has been announced."""
    _require_admin(user)
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(data).items()
        if value is not msgspec.UNSET
    }
    async with atomic():
        row = await (
            ProcurementThreshold.select()
            .where(ProcurementThreshold.id == threshold_id)
            .lock_rows()
            .first()
        )
        if row is None:
            raise NotFound(_("Tröskelvärdet finns inte."))
        merged = {**row, **changes}
        if merged["valid_to"] is not None and merged["valid_to"] < merged["valid_from"]:
            message = _("Perioden kan inte sluta innan den börjar.")
            raise Invalid(message, fields={"valid_to": message})
        _check_amounts(row["kind"], merged["amount_sek"], merged["amount_eur"])
        if changes:
            await ProcurementThreshold.update(
                {getattr(ProcurementThreshold, k): v for k, v in changes.items()}
            ).where(ProcurementThreshold.id == threshold_id)
            await audit.record(
                actor_id=user.id,
                action="threshold.update",
                entity_type="procurement_threshold",
                entity_id=threshold_id,
                changes=msgspec.to_builtins(audit.diff(row, changes)),
            )
    return await get_threshold(threshold_id)
