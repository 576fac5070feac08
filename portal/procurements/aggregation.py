"""Totals over the contract period and where they fall against the thresholds.

Pure functions on plain values: no database, no HTTP. The value that counts under LOU is the
estimated total of the whole joint procurement over the full contract period including
extensions, summed over every participating buyer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.procurements.schemas import Band, LotTotals, ThresholdRead

DAYS_PER_YEAR = Decimal("365.25")


@dataclass(frozen=True)
class Volume:
    lot_id: int
    status: str  # interested | committed | withdrawn
    annual_sek: int


def contract_years(start: date | None, end: date | None, extension_years: int) -> Decimal | None:
    """Years from ``start`` to ``end`` (both days counted), to two decimals, plus extensions."""
    if start is None or end is None or end < start:
        return None
    days = Decimal((end - start).days + 1)
    years = (days / DAYS_PER_YEAR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return years + extension_years


def total(annual: int, years: Decimal | None) -> int | None:
    if years is None:
        return None
    return int((Decimal(annual) * years).to_integral_value(rounding=ROUND_HALF_UP))


def lot_totals(
    lots: Sequence[tuple[int, str]], volumes: Iterable[Volume], years: Decimal | None
) -> list[LotTotals]:
    """Per lot: annual sums and period totals of committed and (apart) interested volumes."""
    committed = {lot_id: 0 for lot_id, _ in lots}
    interested = {lot_id: 0 for lot_id, _ in lots}
    for volume in volumes:
        if volume.lot_id not in committed:
            continue
        if volume.status == "committed":
            committed[volume.lot_id] += volume.annual_sek
        elif volume.status == "interested":
            interested[volume.lot_id] += volume.annual_sek
    return [
        LotTotals(
            lot_id=lot_id,
            title=title,
            committed_annual_sek=committed[lot_id],
            interested_annual_sek=interested[lot_id],
            committed_total_sek=total(committed[lot_id], years),
            interested_total_sek=total(interested[lot_id], years),
        )
        for lot_id, title in lots
    ]


def in_force(thresholds: Iterable[ThresholdRead], kind: str, on: date) -> ThresholdRead | None:
    """The threshold of ``kind`` whose period contains ``on`` (the latest start wins)."""
    matching = [
        t
        for t in thresholds
        if t.kind == kind and t.valid_from <= on and (t.valid_to is None or on <= t.valid_to)
    ]
    return max(matching, key=lambda t: t.valid_from, default=None)


def band(
    value_sek: int | None, direct_award: ThresholdRead | None, eu: ThresholdRead | None
) -> Band:
    """Below the direct award limit, under chapter 19, or an EU procedure.

    The EU threshold is compared in SEK only: with no SEK figure for the period, a value
    above the direct award limit stays ``eu_unknown`` rather than converted at a guessed rate.
    """
    if value_sek is None:
        return "unknown"
    eu_sek = eu.amount_sek if eu is not None else None
    if eu_sek is not None and value_sek >= eu_sek:
        return "eu"
    limit = direct_award.amount_sek if direct_award is not None else None
    if limit is not None and value_sek < limit:
        return "direct_award"
    if limit is None:
        return "unknown"
    return "below_eu" if eu_sek is not None else "eu_unknown"
