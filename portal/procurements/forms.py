"""HTML forms of procurements read into the plain dicts the Structs are converted from."""

from __future__ import annotations

from typing import Any

from portal.procurements.schemas import ProcurementRead
from portal.web import formdata

LOT_ROWS = 5
DATE_FIELDS = (
    "interest_deadline",
    "tender_publication",
    "tender_deadline",
    "contract_start",
    "contract_end",
)


def procurement_from_form(form: Any, *, editing: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": formdata.text(form, "title") or "",
        "description": formdata.text(form, "description") or "",
        "category": formdata.text(form, "category") or "",
        "cpv_codes": formdata.values(form, "cpv_codes"),
        "lots": lots_from_form(form),
        "extension_years": formdata.text(form, "extension_years") or "0",
    }
    lead = formdata.text(form, "lead")
    if lead:
        data["lead"] = lead
    for name in DATE_FIELDS:
        value = formdata.text(form, name)
        if value is not None or editing:
            data[name] = value
    if editing and formdata.text(form, "version"):
        data["version"] = formdata.text(form, "version")
    return data


def lots_from_form(form: Any) -> list[dict[str, Any]]:
    lots = []
    for n in range(LOT_ROWS):
        title = formdata.text(form, f"lot_title_{n}")
        if not title:
            continue
        lot: dict[str, Any] = {
            "title": title,
            "cpv_code": formdata.text(form, f"lot_cpv_{n}"),
            "description": formdata.text(form, f"lot_description_{n}") or "",
        }
        if formdata.text(form, f"lot_id_{n}"):
            lot["id"] = formdata.text(form, f"lot_id_{n}")
        lots.append(lot)
    return lots


def procurement_values(procurement: ProcurementRead) -> dict[str, Any]:
    return {
        "title": procurement.title,
        "description": procurement.description,
        "category": procurement.category.value,
        "cpv_codes": procurement.cpv_codes,
        "lots": [
            {
                "id": lot.id,
                "title": lot.title,
                "cpv_code": lot.cpv_code,
                "description": lot.description,
            }
            for lot in procurement.lots
        ],
        "lead": procurement.lead.code,
        **{name: _iso(getattr(procurement, name)) for name in DATE_FIELDS},
        "extension_years": procurement.extension_years,
        "version": procurement.version,
    }


def amount(text: str | None) -> str | None:
    """A sum as people type it ("150 000", "150 000 kr"): spaces and "kr" removed."""
    if text is None:
        return None
    cleaned = text.replace("\u00a0", "").replace(" ", "").removesuffix("kr").strip()
    return cleaned or None


def errors_by_lot(fields: dict[str, str], lot_order: list[int]) -> dict[str, str]:
    """``volumes[1].annual_volume_sek`` → ``volume_<lot id>`` so the message sits by its field."""
    errors: dict[str, str] = {}
    for name, message in fields.items():
        if name.startswith("volumes[") and "]" in name:
            index = int(name[len("volumes[") : name.index("]")])
            if index < len(lot_order):
                errors[f"volume_{lot_order[index]}"] = message
                continue
        errors[name] = message
    return errors


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
