"""Exports: participants as CSV and XLSX (Swedish headings, numbers as numbers), and the
deadlines of procurements as an iCalendar feed (RFC 5545)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.accounts.schemas import CurrentUser
from portal.i18n import gettext as _
from portal.procurements import access, participation, services
from portal.procurements.labels import participation_labels
from portal.procurements.schemas import ParticipationRead, ProcurementRead

Cell = str | int | float | None


# --- participants ---------------------------------------------------------------------------


def participant_table(
    procurement: ProcurementRead, participations: list[ParticipationRead]
) -> tuple[list[str], list[list[Cell]]]:
    """Headings and rows: one row per organisation, one column per lot, sums in SEK."""
    statuses = participation_labels()
    headings = [
        _("Organisation"),
        _("Organisationskod"),
        _("Kommunkod"),
        _("Status"),
        *[_("%(lot)s, kr per år", lot=lot.title) for lot in procurement.lots],
        _("Summa, kr per år"),
        _("Fullmakt mottagen"),
        _("Kontaktperson"),
        _("E-post"),
    ]
    rows: list[list[Cell]] = []
    for p in participations:
        by_lot = {v.lot_id: v.annual_volume_sek for v in p.volumes}
        rows.append(
            [
                p.organisation.name,
                p.organisation.code,
                p.municipality_code,
                statuses[p.status],
                *[by_lot.get(lot.id, 0) for lot in procurement.lots],
                p.annual_total_sek,
                _("Ja") if p.power_of_attorney else _("Nej"),
                p.contact.name if p.contact else None,
                p.contact.email if p.contact else None,
            ]
        )
    return headings, rows


async def participants(
    viewer: CurrentUser | None, procurement_id: int
) -> tuple[ProcurementRead, list[str], list[list[Cell]]]:
    procurement = await services.get_procurement(viewer, procurement_id)
    access.require_participant_viewer(await services.row(procurement_id), viewer)
    headings, rows = participant_table(
        procurement, await participation.participations_of(procurement_id)
    )
    return procurement, headings, rows


def to_csv(headings: list[str], rows: list[list[Cell]]) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, as Swedish Excel opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title: str, headings: list[str], rows: list[list[Cell]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Deltagare")
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, heading in enumerate(headings, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(heading) + 2))
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(procurement: ProcurementRead, extension: str) -> str:
    return f"upphandling-{procurement.id}-deltagare.{extension}"


# --- calendar -------------------------------------------------------------------------------


def _deadline_names() -> list[tuple[str, str]]:
    return [
        ("interest_deadline", _("Sista dag för intresseanmälan")),
        ("tender_publication", _("Planerad annonsering")),
        ("tender_deadline", _("Sista anbudsdag")),
        ("contract_start", _("Avtalsstart")),
        ("contract_end", _("Avtalsslut")),
    ]


def calendar(
    procurements: list[ProcurementRead], *, base_url: str, name: str, now: datetime | None = None
) -> bytes:
    """All-day events for every date of every procurement, with stable UIDs."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0] or "samverkansportalen"
    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", "-//Samverkansportalen//Upphandlingar//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for procurement in procurements:
        url = f"{base_url}/upphandlingar/{procurement.id}"
        for field, label in _deadline_names():
            day: date | None = getattr(procurement, field)
            if day is None:
                continue
            event = Event()
            event.add("uid", f"procurement-{procurement.id}-{field}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", f"{label}: {procurement.title}")
            event.add("description", f"{procurement.lead.name}\n{url}")
            event.add("url", url)
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()


def calendar_headers(download_name: str) -> dict[str, Any]:
    return {"content-disposition": f'inline; filename="{download_name}"'}
