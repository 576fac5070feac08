"""Names people read for the values of a need's facets."""

from __future__ import annotations

from portal.i18n import gettext as _
from portal.needs.status import NeedStatus
from portal.organisations.tables import Organisation


def status_labels() -> dict[str, str]:
    return {
        NeedStatus.draft: _("Utkast"),
        NeedStatus.open: _("Öppet"),
        NeedStatus.matched: _("Matchat"),
        NeedStatus.in_progress: _("Pågår"),
        NeedStatus.done: _("Klart"),
        NeedStatus.cancelled: _("Avbrutet"),
    }


def mode_labels() -> dict[str, str]:
    return {"remote": _("På distans"), "onsite": _("På plats")}


async def municipality_labels() -> dict[str, str]:
    rows = await Organisation.select(Organisation.municipality_code, Organisation.name).where(
        Organisation.kind == "municipality"
    )
    return {row["municipality_code"]: row["name"] for row in rows}
