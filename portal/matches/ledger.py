"""The hours ledger: hours given and received between municipalities, from completed work."""

from __future__ import annotations

from collections import defaultdict

from portal.accounts.schemas import CurrentUser
from portal.db.raw import fetch
from portal.errors import NotFound
from portal.i18n import gettext as _
from portal.matches.schemas import Ledger, LedgerBalance, LedgerFlow
from portal.organisations.schemas import OrganisationRef

_FLOWS = """
SELECT x.giver_municipality AS giver, x.receiver_municipality AS receiver,
       sum(x.hours_logged) AS hours, count(*) AS matches
FROM match x
JOIN organisation g ON g.code = x.giver_municipality
JOIN organisation r ON r.code = x.receiver_municipality
WHERE x.status = 'completed' AND x.provider_type = 'expert' AND x.hours_logged IS NOT NULL
  AND (g.county_code = $1 OR r.county_code = $1)
GROUP BY 1, 2
"""


async def _names(codes: set[str]) -> dict[str, OrganisationRef]:
    rows = await fetch(
        "SELECT code, name, kind FROM organisation WHERE code = ANY($1)", sorted(codes)
    )
    return {
        r["code"]: OrganisationRef(code=r["code"], name=r["name"], kind=r["kind"]) for r in rows
    }


async def ledger(
    user: CurrentUser, county_code: str | None = None, organisation: str | None = None
) -> Ledger:
    """The county's ledger, or one municipality's part of it (``organisation``)."""
    del user  # every signed-in user may read it: sums per municipality, no one's own work
    rows = await fetch(_FLOWS, county_code or "01")
    if organisation is not None:
        exists = await fetch("SELECT 1 FROM organisation WHERE code = $1", organisation)
        if not exists:
            raise NotFound(_("Organisationen finns inte."))
        rows = [r for r in rows if organisation in (r["giver"], r["receiver"])]
    names = await _names({r["giver"] for r in rows} | {r["receiver"] for r in rows})
    given: dict[str, float] = defaultdict(float)
    received: dict[str, float] = defaultdict(float)
    flows = []
    for row in sorted(rows, key=lambda r: (-r["hours"], r["giver"], r["receiver"])):
        hours = float(row["hours"])
        given[row["giver"]] += hours
        received[row["receiver"]] += hours
        flows.append(LedgerFlow(names[row["giver"]], names[row["receiver"]], hours, row["matches"]))
    balances = [
        LedgerBalance(names[code], given[code], received[code], given[code] - received[code])
        for code in sorted(set(given) | set(received), key=lambda c: names[c].name)
        if organisation is None or code == organisation
    ]
    return Ledger(flows=flows, balances=balances, total_hours=sum(f.hours for f in flows))
