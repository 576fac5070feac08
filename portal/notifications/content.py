"""What a notification says, written from its kind and parameters in the reader's language.

Parameters are stored, not sentences, so the same event reads in Swedish to one person and in
English to another, and a wording can be improved later without touching stored rows.
"""

from __future__ import annotations

import json
from typing import Any

from portal.i18n import gettext as _
from portal.i18n import ngettext
from portal.notifications.kinds import Kind


class _Params(dict[str, Any]):
    """A missing parameter reads as a dash rather than breaking the sentence."""

    def __missing__(self, key: str) -> str:
        return "–"


def _phase(value: str) -> str:
    from portal.procurements.labels import phase_labels

    return phase_labels().get(value, value)


def title_of(row: dict[str, Any]) -> str:
    """The title of a stored notification row (JSON parameters as asyncpg returns them)."""
    params = row["params"]
    if isinstance(params, str):
        params = json.loads(params)
    return title_for(Kind(row["kind"]), params)


def title_for(kind: Kind, params: dict[str, Any]) -> str:
    p = _Params(params)
    if kind is Kind.match_proposed:
        return _(
            "Nytt förslag om %(need)s från %(organisation)s",
            need=p["need"],
            organisation=p["organisation"],
        )
    if kind is Kind.match_accepted:
        return _("Förslaget om %(need)s har accepterats", need=p["need"])
    if kind is Kind.match_declined:
        return _("Förslaget om %(need)s har avböjts", need=p["need"])
    if kind is Kind.match_completed:
        return _("Uppdraget %(need)s är slutfört", need=p["need"])
    if kind is Kind.match_cancelled:
        return _("Uppdraget %(need)s har avbrutits", need=p["need"])
    if kind is Kind.offer_request:
        return _(
            "%(organisation)s frågar efter %(quantity)s av ”%(offer)s”",
            organisation=p["organisation"],
            quantity=p["quantity"],
            offer=p["offer"],
        )
    if kind is Kind.offer_request_answered:
        if p.get("answer") == "accepted":
            return _("Er förfrågan om ”%(offer)s” har beviljats", offer=p["offer"])
        return _("Er förfrågan om ”%(offer)s” har avslagits", offer=p["offer"])
    if kind is Kind.procurement_phase:
        return _(
            "Upphandlingen ”%(procurement)s” är nu i fasen %(phase)s",
            procurement=p["procurement"],
            phase=_phase(str(p["phase"])),
        )
    if kind is Kind.procurement_deadline:
        days = int(p.get("days") or 0)
        return ngettext(
            "Intresseanmälan för ”%(procurement)s” stänger i morgon (%(date)s)",
            "Intresseanmälan för ”%(procurement)s” stänger om %(num)s dagar (%(date)s)",
            days,
            procurement=p["procurement"],
            date=p["date"],
        )
    if kind is Kind.message:
        return _(
            "Nytt meddelande från %(author)s om ”%(thread)s”",
            author=p["author"],
            thread=p["thread"],
        )
    if kind is Kind.saved_search:
        return _(
            "Ny träff för din sökning ”%(search)s”: %(title)s",
            search=p["search"],
            title=p["title"],
        )
    return str(kind)
