"""Open Contracting Data Standard 1.1: a release package per procurement, and one for all.

``ocid`` = the configured prefix (``PORTAL_OCID_PREFIX``) + the procurement's id. Parties:
the lead as ``procuringEntity``, committed participants as ``buyer`` and interested ones as
``interestedParty``, each identified by its municipality code (the county code for a
region). Lots use the fields of the OCDS lots extension (``tender.lots``,
``items[].relatedLot``). Readers who may not see participants get the public part only:
the lead as party and no values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from portal.accounts.schemas import CurrentUser
from portal.db.raw import fetch
from portal.errors import NotFound
from portal.i18n import gettext as _
from portal.procurements import access, participation, services
from portal.procurements.phases import OCDS_CATEGORY, OCDS_TAG, OCDS_TENDER_STATUS, Phase
from portal.procurements.schemas import (
    ParticipationRead,
    ProcurementRead,
    ProcurementSummary,
)
from portal.procurements.tables import CpvCode

VERSION = "1.1"
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/"
    "v1.1.5/extension.json"
)
MUNICIPALITY_SCHEME = "SE-KOMMUNKOD"  # Swedish municipality code (SCB), 4 digits
COUNTY_SCHEME = "SE-LANSKOD"  # Swedish county code (SCB), 2 digits
PUBLISHER = "Samverkansportalen"

try:
    SWEDEN: Any = ZoneInfo("Europe/Stockholm")
except Exception:  # pragma: no cover - images without tzdata
    SWEDEN = UTC


def ocid(prefix: str, procurement_id: int) -> str:
    return f"{prefix}{procurement_id}"


def _start(day: date | None) -> str | None:
    return datetime.combine(day, time(0, 0), tzinfo=SWEDEN).isoformat() if day else None


def _end(day: date | None) -> str | None:
    return datetime.combine(day, time(23, 59, 59), tzinfo=SWEDEN).isoformat() if day else None


def _clean(value: Any) -> Any:
    """Drop None and empty containers, so optional fields are left out, not null."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v is not None and v != {} and v != []}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _party(code: str, name: str, identifier: str, scheme: str, roles: list[str]) -> dict:
    return {
        "id": code,
        "name": name,
        "identifier": {"scheme": scheme, "id": identifier, "legalName": name},
        "roles": roles,
    }


def release(
    procurement: ProcurementRead,
    *,
    prefix: str,
    lead: dict[str, Any],
    participations: list[ParticipationRead] | None,
    summary: ProcurementSummary | None,
    cpv_labels: dict[str, str],
    released: datetime,
) -> dict[str, Any]:
    """One OCDS release of the procurement as it stands."""
    the_ocid = ocid(prefix, procurement.id)
    lead_identifier = lead["municipality_code"] or lead["county_code"]
    lead_scheme = MUNICIPALITY_SCHEME if lead["municipality_code"] else COUNTY_SCHEME
    parties: dict[str, dict[str, Any]] = {
        procurement.lead.code: _party(
            procurement.lead.code,
            procurement.lead.name,
            lead_identifier,
            lead_scheme,
            ["procuringEntity"],
        )
    }
    for p in participations or []:
        role = {"committed": "buyer", "interested": "interestedParty"}.get(p.status)
        if role is None:
            continue
        if p.organisation.code in parties:
            parties[p.organisation.code]["roles"].append(role)
            continue
        parties[p.organisation.code] = _party(
            p.organisation.code,
            p.organisation.name,
            p.municipality_code or p.organisation.code,
            MUNICIPALITY_SCHEME,
            [role],
        )
    lot_values = {t.lot_id: t.committed_total_sek for t in summary.lots} if summary else {}

    def value(amount: int | None) -> dict[str, Any] | None:
        return {"amount": amount, "currency": "SEK"} if amount is not None else None

    fallback_cpv = procurement.cpv_codes[0] if procurement.cpv_codes else None
    items = []
    for lot in procurement.lots:
        code = lot.cpv_code or fallback_cpv
        items.append(
            {
                "id": f"item-{lot.id}",
                "description": lot.title,
                "classification": (
                    {"scheme": "CPV", "id": code, "description": cpv_labels.get(code)}
                    if code
                    else None
                ),
                "additionalClassifications": [
                    {"scheme": "CPV", "id": c, "description": cpv_labels.get(c)}
                    for c in procurement.cpv_codes
                    if c != code
                ],
                "relatedLot": str(lot.id),
            }
        )
    max_extent = None
    if procurement.contract_end is not None:
        end = procurement.contract_end
        try:
            max_extent = end.replace(year=end.year + procurement.extension_years)
        except ValueError:  # 29 February
            max_extent = end.replace(year=end.year + procurement.extension_years, day=28)
    tender = {
        "id": f"{the_ocid}-tender",
        "title": procurement.title,
        "description": procurement.description or None,
        "status": OCDS_TENDER_STATUS[procurement.phase],
        "procuringEntity": {"id": procurement.lead.code, "name": procurement.lead.name},
        "mainProcurementCategory": OCDS_CATEGORY[procurement.category],
        "items": items,
        "value": value(summary.committed_total_sek) if summary else None,
        "tenderPeriod": {
            "startDate": _start(procurement.tender_publication),
            "endDate": _end(procurement.tender_deadline),
        },
        "enquiryPeriod": {"endDate": _end(procurement.interest_deadline)},
        "contractPeriod": {
            "startDate": _start(procurement.contract_start),
            "endDate": _end(procurement.contract_end),
            "maxExtentDate": _end(max_extent),
        },
        "lots": [
            {
                "id": str(lot.id),
                "title": lot.title,
                "description": lot.description or None,
                "value": value(lot_values.get(lot.id)),
            }
            for lot in procurement.lots
        ],
    }
    tag = OCDS_TAG.get(procurement.phase, "tender")
    return _clean(
        {
            "ocid": the_ocid,
            "id": f"{the_ocid}-{released.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            "date": released.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "tag": [tag],
            "initiationType": "tender",
            "language": "sv",
            "parties": list(parties.values()),
            "tender": tender,
        }
    )


def package(releases: list[dict[str, Any]], *, uri: str, base_url: str) -> dict[str, Any]:
    published = max((r["date"] for r in releases), default=None) or datetime.now(
        UTC
    ).isoformat().replace("+00:00", "Z")
    return {
        "uri": uri,
        "version": VERSION,
        "extensions": [LOTS_EXTENSION],
        "publishedDate": published,
        "publisher": {"name": PUBLISHER, "uri": base_url},
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "releases": releases,
    }


async def _release_for(
    viewer: CurrentUser | None, current: dict[str, Any], prefix: str, cpv_labels: dict
) -> dict[str, Any]:
    procurement_id = current["id"]
    lots = (await services.lots_of([procurement_id]))[procurement_id]
    procurement = services.to_read(current, lots, viewer)
    lead = (
        await fetch(
            "SELECT municipality_code, county_code FROM organisation WHERE code = $1",
            procurement.lead.code,
        )
    )[0]
    participations = summary = None
    released = current["updated_at"]
    if access.may_see_participants(viewer, current["county_code"]):
        participations = await participation.participations_of(procurement_id)
        summary = await participation.summary_of(current)
        released = max([released, *(p.updated_at for p in participations)])
    return release(
        procurement,
        prefix=prefix,
        lead=lead,
        participations=participations,
        summary=summary,
        cpv_labels=cpv_labels,
        released=released,
    )


async def _swedish_cpv_labels() -> dict[str, str]:
    return {row["code"]: row["label_sv"] for row in await CpvCode.select()}


async def procurement_package(
    viewer: CurrentUser | None, procurement_id: int, *, prefix: str, base_url: str
) -> dict[str, Any]:
    current = await services.visible_row(viewer, procurement_id)
    if current["phase"] == Phase.idea:
        # Ideas are internal drafts; they are never published as open data.
        raise access.not_found()
    one = await _release_for(viewer, current, prefix, await _swedish_cpv_labels())
    return package(
        [one], uri=f"{base_url}/api/v1/procurements/{procurement_id}/ocds", base_url=base_url
    )


async def all_releases(viewer: CurrentUser | None, *, prefix: str, base_url: str) -> dict[str, Any]:
    """One release per procurement past the idea phase (a package needs at least one)."""
    rows = await fetch(services.SELECT + " WHERE p.phase <> 'idea' ORDER BY p.id")
    if not rows:
        raise NotFound(_("Det finns inga upphandlingar att publicera ännu."))
    labels = await _swedish_cpv_labels()
    releases = [await _release_for(viewer, row, prefix, labels) for row in rows]
    return package(releases, uri=f"{base_url}/api/v1/ocds/releases", base_url=base_url)
