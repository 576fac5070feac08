"""The figures as named tables: each becomes a chart, an accessible table and a CSV file,
so the three always show the same numbers."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Literal

import msgspec
from babel.numbers import format_decimal

from portal.db.raw import fetch
from portal.i18n import formatting_locale, ngettext
from portal.i18n import gettext as _
from portal.offers.labels import category_labels
from portal.procurements.labels import phase_labels
from portal.statistics import figures
from portal.statistics.periods import Period, previous
from portal.vocabularies import services as vocabularies
from portal.vocabularies.kinds import Vocabulary

Chart = Literal["bar", "grouped", "stacked", "none"]
Cell = str | int | float | None


class Dataset(msgspec.Struct, kw_only=True):
    name: str
    title: str
    summary: str
    columns: list[str]
    rows: list[list[Cell]]
    chart: Chart = "bar"
    # Columns drawn in the chart (indexes into ``columns``); the first column labels bars.
    series: list[int] = msgspec.field(default_factory=lambda: [1])

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in self.rows)
        return out.getvalue()


class KeyFigure(msgspec.Struct, frozen=True):
    name: str
    label: str
    current: float | None
    previous: float | None
    unit: str = ""


async def municipality_names() -> dict[str, str]:
    rows = await fetch("SELECT code, name FROM organisation WHERE kind = 'municipality'")
    return {r["code"]: r["name"] for r in rows}


def number(value: float | int) -> str:
    """A figure for a summary sentence, written as the reader's language writes numbers."""
    return format_decimal(value, locale=formatting_locale())


def _top(counts: list[figures.Count], names: dict[str, str], limit: int) -> list[list[Cell]]:
    return [[names.get(c.key, c.key), int(c.value)] for c in counts[:limit]]


def _sum_text(rows: list[list[Cell]], column: int = 1) -> float:
    return sum(float(r[column] or 0) for r in rows)


async def open_by_language(county: str, limit: int = 15) -> Dataset:
    counts = await figures.open_needs_by_language(county)
    names = await vocabularies.names(Vocabulary.language)
    rows = _top(counts, names, limit)
    summary = (
        ngettext(
            "Flest öppna behov finns på %(first)s (%(n)s). %(num)s öppet behov anger språk.",
            "Flest öppna behov finns på %(first)s (%(n)s). %(num)s öppna behov anger språk.",
            total := int(sum(c.value for c in counts)),
            first=rows[0][0],
            n=number(int(rows[0][1] or 0)),
            num=number(total),
        )
        if rows
        else _("Inga öppna katalogiseringsbehov just nu.")
    )
    return Dataset(
        name="open-by-language",
        title=_("Öppna behov per språk"),
        summary=summary,
        columns=[_("Språk"), _("Öppna behov")],
        rows=rows,
    )


async def open_by_municipality(county: str, names: dict[str, str]) -> Dataset:
    counts = await figures.open_needs_by_municipality(county)
    rows = _top(counts, names, 30)
    summary = (
        _(
            "%(first)s har flest öppna behov (%(n)s) av %(total)s i länet.",
            first=rows[0][0],
            n=number(int(rows[0][1] or 0)),
            total=number(int(_sum_text(rows))),
        )
        if rows
        else _("Inga öppna behov just nu.")
    )
    return Dataset(
        name="open-by-municipality",
        title=_("Öppna behov per kommun"),
        summary=summary,
        columns=[_("Kommun"), _("Öppna behov")],
        rows=rows,
    )


def balance(flows: list[figures.Flow], names: dict[str, str]) -> Dataset:
    rows: list[list[Cell]] = [
        [names.get(code, code), given, received, round(given - received, 2)]
        for code, (given, received) in figures.balances(flows).items()
    ]
    rows.sort(key=lambda r: (-float(r[3] or 0), str(r[0])))
    total = sum(f.hours for f in flows)
    summary = (
        _(
            "%(hours)s timmar hjälp gavs mellan kommunerna under perioden. %(first)s gav mest "
            "netto.",
            hours=number(round(total, 1)),
            first=rows[0][0],
        )
        if rows
        else _("Inga slutförda uppdrag under perioden.")
    )
    return Dataset(
        name="hours-balance",
        title=_("Timmar givna och mottagna per kommun"),
        summary=summary,
        columns=[_("Kommun"), _("Gett (timmar)"), _("Fått (timmar)"), _("Saldo")],
        rows=rows,
        chart="grouped",
        series=[1, 2],
    )


def flow_matrix(flows: list[figures.Flow], names: dict[str, str]) -> Dataset:
    givers = sorted({f.giver for f in flows}, key=lambda c: names.get(c, c))
    receivers = sorted({f.receiver for f in flows}, key=lambda c: names.get(c, c))
    hours = {(f.giver, f.receiver): f.hours for f in flows}
    rows: list[list[Cell]] = [
        [names.get(g, g), *[hours.get((g, r)) for r in receivers]] for g in givers
    ]
    summary = (
        _(
            "Största flödet: %(giver)s hjälpte %(receiver)s med %(hours)s timmar.",
            giver=names.get(flows[0].giver, flows[0].giver),
            receiver=names.get(flows[0].receiver, flows[0].receiver),
            hours=number(flows[0].hours),
        )
        if flows
        else _("Inga slutförda uppdrag under perioden.")
    )
    return Dataset(
        name="hour-flows",
        title=_("Vem hjälpte vem (timmar)"),
        summary=summary,
        columns=[_("Från \\ Till"), *[names.get(r, r) for r in receivers]],
        rows=rows,
        chart="none",
    )


async def capacity(county: str, today: date) -> Dataset:
    found = await figures.capacity_by_language(county, today)
    names = await vocabularies.names(Vocabulary.language)
    rows: list[list[Cell]] = [
        [
            names.get(r.language, r.language),
            r.experts,
            round(r.used_hours, 2),
            round(r.free_hours, 2),
        ]
        for r in found[:15]
    ]
    scarce = sorted(found, key=lambda r: (r.free_hours, r.language))[:1]
    summary = (
        _(
            "Minst ledig tid finns på %(language)s (%(hours)s timmar de närmaste fyra veckorna).",
            language=names.get(scarce[0].language, scarce[0].language),
            hours=number(round(scarce[0].free_hours, 1)),
        )
        if scarce
        else _("Inga tillgängliga experter.")
    )
    return Dataset(
        name="capacity-by-language",
        title=_("Experternas tid per språk, fyra veckor"),
        summary=summary,
        columns=[_("Språk"), _("Experter"), _("Bokad tid (timmar)"), _("Ledig tid (timmar)")],
        rows=rows,
        chart="stacked",
        series=[2, 3],
    )


async def offers(county: str, period: Period, municipality: str | None = None) -> Dataset:
    found = await figures.offers_by_category(county, period, municipality)
    labels = category_labels()
    rows: list[list[Cell]] = [
        [labels.get(r.category, r.category), r.offered, r.taken] for r in found
    ]
    offered, taken = int(_sum_text(rows, 1)), int(_sum_text(rows, 2))
    summary = (
        " ".join(
            (
                ngettext(
                    "%(num)s erbjudande publicerades under perioden.",
                    "%(num)s erbjudanden publicerades under perioden.",
                    offered,
                    num=number(offered),
                ),
                ngettext(
                    "%(num)s enhet lämnades ut.",
                    "%(num)s enheter lämnades ut.",
                    taken,
                    num=number(taken),
                ),
            )
        )
        if rows
        else _("Inga erbjudanden under perioden.")
    )
    return Dataset(
        name="offers-by-category",
        title=_("Erbjudanden per kategori"),
        summary=summary,
        columns=[_("Kategori"), _("Publicerade"), _("Utlämnade enheter")],
        rows=rows,
        chart="grouped",
        series=[1, 2],
    )


async def procurement_pipeline(county: str) -> Dataset:
    found = {r.phase: r for r in await figures.pipeline(county)}
    labels = phase_labels()
    rows: list[list[Cell]] = [
        [labels[phase], found[phase].procurements, found[phase].committed_sek]
        for phase in labels
        if phase in found
    ]
    summary = (
        ngettext(
            "%(num)s gemensam upphandling, med %(sek)s kronor om året i åtagna volymer.",
            "%(num)s gemensamma upphandlingar, med %(sek)s kronor om året i åtagna volymer.",
            count := int(_sum_text(rows, 1)),
            num=number(count),
            sek=number(int(_sum_text(rows, 2))),
        )
        if rows
        else _("Inga gemensamma upphandlingar ännu.")
    )
    return Dataset(
        name="procurement-pipeline",
        title=_("Upphandlingar per fas"),
        summary=summary,
        columns=[_("Fas"), _("Upphandlingar"), _("Åtagen årsvolym (kr)")],
        rows=rows,
    )


async def procurement_deadlines(county: str, today: date) -> Dataset:
    found = await figures.deadlines(county, today)
    kinds = {"interest": _("Sista dag för intresse"), "tender": _("Sista anbudsdag")}
    rows: list[list[Cell]] = [[d.day.isoformat(), d.title, kinds[d.kind]] for d in found]
    summary = (
        ngettext(
            "%(num)s sista datum de närmaste 30 dagarna.",
            "%(num)s sista datum de närmaste 30 dagarna.",
            len(rows),
        )
        if rows
        else _("Inga sista datum de närmaste 30 dagarna.")
    )
    return Dataset(
        name="procurement-deadlines",
        title=_("Sista datum inom 30 dagar"),
        summary=summary,
        columns=[_("Sista datum"), _("Upphandling"), _("Vad")],
        rows=rows,
        chart="none",
    )


async def key_figures(
    county: str, period: Period, municipality: str | None = None
) -> list[KeyFigure]:
    """Figures of the period beside those of the period before."""
    now, then = await figures.proposal_stats_and_before(county, period, municipality)

    def share(stats: figures.ProposalStats) -> float | None:
        return None if stats.share_proposed is None else round(100 * stats.share_proposed, 1)

    result = [
        KeyFigure("needs_posted", _("Nya behov"), now.posted, then.posted),
        KeyFigure(
            "share_proposed", _("Andel behov som fått förslag"), share(now), share(then), "%"
        ),
        KeyFigure(
            "days_to_proposal",
            _("Mediantid till första förslag"),
            now.median_days_to_proposal,
            then.median_days_to_proposal,
            _("dagar"),
        ),
        KeyFigure(
            "days_to_acceptance",
            _("Mediantid till accepterat förslag"),
            now.median_days_to_acceptance,
            then.median_days_to_acceptance,
            _("dagar"),
        ),
    ]
    if municipality is None:
        hours_now = await figures.hours_given(county, period)
        hours_then = await figures.hours_given(county, previous(period))
        result.append(
            KeyFigure(
                "hours_given",
                _("Timmar hjälp mellan kommuner"),
                round(hours_now, 2),
                round(hours_then, 2),
                _("timmar"),
            )
        )
    return result
