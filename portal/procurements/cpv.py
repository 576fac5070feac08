"""CPV codes (Common Procurement Vocabulary) used by library procurements: seeded, looked up
in the reader's language, and validated against."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from portal.errors import Invalid
from portal.i18n import current_locale
from portal.i18n import gettext as _
from portal.paths import DATA_DIR
from portal.procurements.schemas import CpvRead
from portal.procurements.tables import CpvCode

CSV_PATH = DATA_DIR / "cpv_library_codes.csv"


def reference_codes() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8") as handle:
        return [
            {"code": row["code"], "label_en": row["label_en"], "label_sv": row["label_sv"]}
            for row in csv.DictReader(handle)
        ]


async def seed_cpv_codes() -> int:
    """Insert missing codes and refresh the labels of known ones; returns how many were new."""
    created = 0
    for row in reference_codes():
        existing = await CpvCode.select(CpvCode.id).where(CpvCode.code == row["code"]).first()
        if existing is None:
            await CpvCode(**row).save()
            created += 1
        else:
            await CpvCode.update(
                {CpvCode.label_en: row["label_en"], CpvCode.label_sv: row["label_sv"]}
            ).where(CpvCode.id == existing["id"])
    return created


def _read(row: dict) -> CpvRead:
    label = row["label_en"] if current_locale.get() == "en" else row["label_sv"]
    return CpvRead(
        code=row["code"], label=label, label_sv=row["label_sv"], label_en=row["label_en"]
    )


async def list_codes() -> list[CpvRead]:
    rows = await CpvCode.select().where(CpvCode.active.eq(True)).order_by(CpvCode.code)
    return [_read(row) for row in rows]


async def labels() -> dict[str, str]:
    """Code → label in the reader's language (inactive codes too: old records use them)."""
    return {c.code: c.label for c in map(_read, await CpvCode.select())}


async def check_codes(codes: Iterable[str | None], field: str) -> None:
    wanted = {code for code in codes if code}
    if not wanted:
        return
    rows = await CpvCode.select(CpvCode.code).where(
        CpvCode.code.is_in(list(wanted)), CpvCode.active.eq(True)
    )
    unknown = sorted(wanted - {row["code"] for row in rows})
    if unknown:
        message = _("Okänd CPV-kod: %(codes)s.", codes=", ".join(unknown))
        raise Invalid(message, fields={field: message})
