"""The period a statistics page covers, read from the query string, and the one before it."""

from __future__ import annotations

import enum
from datetime import date, timedelta

import msgspec

from portal.i18n import gettext as _

EARLIEST = date(2000, 1, 1)
LONGEST_DAYS = 5 * 366


class PeriodKind(enum.StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"
    custom = "custom"


class Period(msgspec.Struct, frozen=True):
    kind: PeriodKind
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month(day: date) -> Period:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period(PeriodKind.month, start, following - timedelta(days=1))


def _quarter(day: date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = _month(date(day.year, first_month + 2, 1)).end
    return Period(PeriodKind.quarter, start, end)


def _year(day: date) -> Period:
    return Period(PeriodKind.year, date(day.year, 1, 1), date(day.year, 12, 31))


def default_period(today: date) -> Period:
    return _quarter(today)


def previous(period: Period) -> Period:
    """The period just before: the previous month, quarter or year, or as many days."""
    before = period.start - timedelta(days=1)
    if period.kind is PeriodKind.month:
        return _month(before)
    if period.kind is PeriodKind.quarter:
        return _quarter(before)
    if period.kind is PeriodKind.year:
        return _year(before)
    return Period(PeriodKind.custom, period.start - timedelta(days=period.days), before)


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def resolve(
    kind: str | None, start: str | None, end: str | None, today: date
) -> tuple[Period, str | None]:
    """The period asked for, or the default (this quarter) and a message saying why."""
    if not kind:
        return default_period(today), None
    try:
        chosen = PeriodKind(kind)
    except ValueError:
        return default_period(today), _("Okänd period. Visar innevarande kvartal.")
    if chosen is not PeriodKind.custom:
        return {"month": _month, "quarter": _quarter, "year": _year}[chosen](today), None
    first, last = _parse_date(start), _parse_date(end)
    if first is None or last is None:
        return default_period(today), _(
            "Ange egna datum som ÅÅÅÅ-MM-DD. Visar innevarande kvartal."
        )
    if last < first:
        return default_period(today), _(
            "Slutdatum ligger före startdatum. Visar innevarande kvartal."
        )
    if first < EARLIEST or last > today + timedelta(days=366) or (last - first).days > LONGEST_DAYS:
        return default_period(today), _(
            "Perioden ligger utanför det som går att visa (högst fem år, från år 2000). "
            "Visar innevarande kvartal."
        )
    return Period(PeriodKind.custom, first, last), None
