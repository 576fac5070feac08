"""Who sees which statistics, and the figures each page shows."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

import msgspec

from portal.accounts.permissions import may_act_for, may_coordinate
from portal.accounts.schemas import CurrentUser
from portal.db.engine import DB
from portal.errors import NotAllowed, NotAuthenticated, NotFound
from portal.i18n import gettext as _
from portal.i18n import ngettext
from portal.needs.labels import status_labels
from portal.organisations.tables import Organisation
from portal.procurements.labels import participation_labels, phase_labels
from portal.statistics import datasets, figures
from portal.statistics.datasets import Dataset, KeyFigure
from portal.statistics.periods import Period, previous

A = TypeVar("A")
B = TypeVar("B")


class Overview(msgspec.Struct, kw_only=True):
    period: Period
    previous: Period
    key_figures: list[KeyFigure]
    datasets: dict[str, Dataset]


def require_coordinator(user: CurrentUser | None) -> str:
    if user is None:
        raise NotAuthenticated(_("Logga in för att se översikten."))
    if not may_coordinate(user, user.county_code):
        raise NotAllowed(_("Översikten är till för regionens samordnare."))
    return user.county_code


async def _flows_and_names(county: str, period: Period):
    return await figures.hour_flows(county, period), await datasets.municipality_names()


async def _balance(county: str, period: Period, today: date) -> Dataset:
    return datasets.balance(*await _flows_and_names(county, period))


async def _matrix(county: str, period: Period, today: date) -> Dataset:
    return datasets.flow_matrix(*await _flows_and_names(county, period))


async def _by_municipality(county: str, period: Period, today: date) -> Dataset:
    return await datasets.open_by_municipality(county, await datasets.municipality_names())


# Each dashboard table by name, so a chart or a CSV file computes only its own.
DASHBOARD: dict[str, Callable[[str, Period, date], Awaitable[Dataset]]] = {
    "open-by-language": lambda county, period, today: datasets.open_by_language(county),
    "open-by-municipality": _by_municipality,
    "hours-balance": _balance,
    "hour-flows": _matrix,
    "capacity-by-language": lambda county, period, today: datasets.capacity(county, today),
    "offers-by-category": lambda county, period, today: datasets.offers(county, period),
    "procurement-pipeline": lambda county, period, today: datasets.procurement_pipeline(county),
    "procurement-deadlines": lambda county, period, today: datasets.procurement_deadlines(
        county, today
    ),
}
PUBLIC = ("open-by-language", "offers-by-category", "procurement-pipeline")


async def dataset(names: tuple[str, ...], name: str, county: str, period: Period, today: date):
    if name not in names:
        raise NotFound(_("Det finns ingen sådan tabell."))
    return await DASHBOARD[name](county, period, today)


async def _side_by_side(first: Awaitable[A], second: Awaitable[B]) -> tuple[A, B]:
    """Two independent parts of a page, each on a pool connection of its own at the same
    time; inside a transaction (tests), one after the other on its one connection."""
    if DB.current_transaction.get() is not None:
        return await first, await second
    return await asyncio.gather(first, second)


async def _dashboard_tables(county: str, period: Period, today: date) -> list[Dataset]:
    flows, names = await _flows_and_names(county, period)
    return [
        await datasets.open_by_language(county),
        await datasets.open_by_municipality(county, names),
        datasets.balance(flows, names),
        datasets.flow_matrix(flows, names),
        await datasets.capacity(county, today),
        await datasets.offers(county, period),
        await datasets.procurement_pipeline(county),
        await datasets.procurement_deadlines(county, today),
    ]


async def dashboard(county: str, period: Period, today: date) -> Overview:
    """The key figures (the heaviest query, over every need of both periods) are computed
    beside the tables."""
    key_figures, found = await _side_by_side(
        datasets.key_figures(county, period), _dashboard_tables(county, period, today)
    )
    return Overview(
        period=period,
        previous=previous(period),
        key_figures=key_figures,
        datasets={d.name: d for d in found},
    )


async def _public_tables(county: str, period: Period, today: date) -> list[Dataset]:
    return [await DASHBOARD[name](county, period, today) for name in PUBLIC]


async def public(county: str, period: Period, today: date) -> Overview:
    """Region-level figures only: no municipality pairs, nobody's own work."""
    key_figures, found = await _side_by_side(
        datasets.key_figures(county, period), _public_tables(county, period, today)
    )
    return Overview(
        period=period,
        previous=previous(period),
        key_figures=key_figures,
        datasets={d.name: d for d in found},
    )


async def municipality_for(user: CurrentUser | None, code: str) -> dict:
    """The municipality, if the user is one of its members or a coordinator of its county."""
    if user is None:
        raise NotAuthenticated(_("Logga in för att se kommunens statistik."))
    row = await Organisation.select().where(Organisation.code == code).first()
    if row is None or row["kind"] != "municipality":
        raise NotFound(_("Kommunen finns inte."))
    if not may_act_for(user, row["code"], row["county_code"]):
        raise NotAllowed(
            _("Bara kommunens egna medlemmar och regionens samordnare ser den här statistiken.")
        )
    return row


async def municipality(row: dict, period: Period) -> Overview:
    code, county = row["code"], row["county_code"]
    names = await datasets.municipality_names()
    flows = await figures.hour_flows(county, period)
    received = [f for f in flows if f.receiver == code]
    given = [f for f in flows if f.giver == code]
    status_rows = await figures.needs_by_status(code)
    labels = status_labels()
    joined = await figures.procurements_joined(code)
    phases, participation = phase_labels(), participation_labels()
    found = [
        Dataset(
            name="needs-by-status",
            title=_("Kommunens behov per status"),
            summary=ngettext(
                "%(num)s behov totalt.",
                "%(num)s behov totalt.",
                total := int(sum(c.value for c in status_rows)),
                num=datasets.number(total),
            ),
            columns=[_("Status"), _("Behov")],
            rows=[[labels.get(c.key, c.key), int(c.value)] for c in status_rows],
        ),
        Dataset(
            name="help-received",
            title=_("Hjälp som kommunen fått (timmar)"),
            summary=ngettext(
                "%(hours)s timmar från %(num)s kommun under perioden.",
                "%(hours)s timmar från %(num)s kommuner under perioden.",
                len(received),
                hours=datasets.number(round(sum(f.hours for f in received), 1)),
            ),
            columns=[_("Från"), _("Timmar"), _("Uppdrag")],
            rows=[[names.get(f.giver, f.giver), f.hours, f.matches] for f in received],
        ),
        Dataset(
            name="help-given",
            title=_("Hjälp som kommunen gett (timmar)"),
            summary=ngettext(
                "%(hours)s timmar till %(num)s kommun under perioden.",
                "%(hours)s timmar till %(num)s kommuner under perioden.",
                len(given),
                hours=datasets.number(round(sum(f.hours for f in given), 1)),
            ),
            columns=[_("Till"), _("Timmar"), _("Uppdrag")],
            rows=[[names.get(f.receiver, f.receiver), f.hours, f.matches] for f in given],
        ),
        await datasets.offers(county, period, code),
        Dataset(
            name="procurements-joined",
            title=_("Upphandlingar kommunen deltar i"),
            summary=ngettext(
                "%(num)s upphandling, %(sek)s kronor om året i åtagna volymer.",
                "%(num)s upphandlingar, %(sek)s kronor om året i åtagna volymer.",
                len(joined),
                sek=datasets.number(sum(j.committed_sek for j in joined)),
            ),
            columns=[_("Upphandling"), _("Fas"), _("Deltagande"), _("Åtagen årsvolym (kr)")],
            rows=[
                [
                    j.title,
                    phases.get(j.phase, j.phase),
                    participation.get(j.status, j.status),
                    j.committed_sek,
                ]
                for j in joined
            ],
            chart="none",
        ),
    ]
    return Overview(
        period=period,
        previous=previous(period),
        key_figures=await datasets.key_figures(county, period, code),
        datasets={d.name: d for d in found},
    )
