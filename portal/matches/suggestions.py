"""Suggestions for one need: the candidates from the database, ranked by portal.matching."""

from __future__ import annotations

from datetime import date

from portal.accounts.schemas import CurrentUser
from portal.errors import NotFound
from portal.i18n import gettext as _
from portal.matches import specs
from portal.matches.access import owned_need
from portal.matches.labels import failure_message
from portal.matches.schemas import (
    ExplanationRead,
    FailureRead,
    SuggestionProvider,
    SuggestionRead,
)
from portal.matches.weights import current_weights
from portal.matching import constraints, suggest
from portal.matching.criteria import DEFAULT_HORIZON_WEEKS, room


async def suggestions_for(
    user: CurrentUser | None, need_id: int, limit: int = 10, today: date | None = None
) -> list[SuggestionRead]:
    owner = await owned_need(user, need_id)
    today = today or date.today()
    need = specs.need_spec(await specs.need_row(need_id))
    weights = await current_weights()
    if need.kind == "cataloguing":
        rows = await specs.candidate_expert_rows(need, today)
        providers = {row["id"]: (row, specs.expert_spec(row)) for row in rows}
    else:
        rows = await specs.candidate_offer_rows(need, owner["organisation"])
        providers = {row["id"]: (row, specs.offer_spec(row)) for row in rows}
    specs_ = [p for _, p in providers.values()]
    if need.kind == "cataloguing":
        ranked = suggest.suggest_experts(need, specs_, weights, today, limit)
    else:
        ranked = suggest.suggest(need, specs_, weights, today, limit)
    items = []
    for suggestion in ranked:
        row, provider = providers[suggestion.provider.id]
        km = constraints.distance_km(provider.place, need.place)
        if suggestion.provider.type == "expert":
            label = row["headline"]
            free = room(
                provider.capacity_hours_per_week, provider.reserved_hours, DEFAULT_HORIZON_WEEKS
            )
        else:
            label, free = row["title"], float(provider.quantity_left)
        items.append(
            SuggestionRead(
                provider=SuggestionProvider(suggestion.provider.type, suggestion.provider.id),
                score=suggestion.score,
                breakdown=suggestion.breakdown,
                label=label,
                municipality=row["municipality_code"],
                distance_km=None if km is None else round(km, 1),
                free=round(free, 2),
            )
        )
    return items


async def provider_spec(kind: str, provider_id: int):
    """The provider's row and spec, or NotFound."""
    if kind == "expert":
        row = await specs.expert_row(provider_id)
        if row is None or not row["visible"]:
            raise NotFound(_("Experten finns inte."))
        return row, specs.expert_spec(row)
    row = await specs.offer_row(provider_id)
    if row is None or row["status"] not in ("published", "reserved"):
        raise NotFound(_("Erbjudandet finns inte."))
    return row, specs.offer_spec(row)


async def explain_for(
    user: CurrentUser | None,
    need_id: int,
    kind: str,
    provider_id: int,
    today: date | None = None,
) -> ExplanationRead:
    """Why one provider ranks as it does for the need, or which hard constraints fail."""
    await owned_need(user, need_id)
    today = today or date.today()
    need = specs.need_spec(await specs.need_row(need_id))
    _row, provider = await provider_spec(kind, provider_id)
    explanation = suggest.explain(need, provider, await current_weights(), today)
    return ExplanationRead(
        provider=SuggestionProvider(kind, provider_id),
        eligible=explanation.eligible,
        score=explanation.score,
        breakdown=explanation.breakdown,
        failures=[
            FailureRead(str(f.constraint), f.detail, failure_message(f))
            for f in explanation.failures
        ],
    )
