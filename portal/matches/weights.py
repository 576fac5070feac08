"""The score's weights: data in ``scoring_weight``, with the defaults of portal.matching."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.transactions import atomic
from portal.errors import Invalid, NotAllowed
from portal.i18n import gettext as _
from portal.matches.tables import ScoringWeight
from portal.matching.criteria import DEFAULT_WEIGHTS, Criterion


async def current_weights() -> dict[str, float]:
    rows = await ScoringWeight.select(ScoringWeight.criterion, ScoringWeight.weight)
    stored = {row["criterion"]: row["weight"] for row in rows}
    return {str(name): stored.get(str(name), DEFAULT_WEIGHTS[name]) for name in Criterion}


async def seed_weights() -> int:
    """Store the default weights that are not stored yet; returns how many were added."""
    rows = await ScoringWeight.select(ScoringWeight.criterion)
    present = {row["criterion"] for row in rows}
    missing = [
        ScoringWeight(criterion=str(name), weight=DEFAULT_WEIGHTS[name])
        for name in Criterion
        if str(name) not in present
    ]
    if missing:
        await ScoringWeight.insert(*missing)
    return len(missing)


async def save_weights(user: CurrentUser, weights: dict[str, float]) -> dict[str, float]:
    if not user.has_role(Role.admin, Role.coordinator):
        raise NotAllowed(_("Bara samordnare och administratörer kan ändra viktningen."))
    known = {str(name) for name in Criterion}
    errors = {}
    for name, value in weights.items():
        if name not in known:
            errors[name] = _("Okänt kriterium.")
        elif not 0 <= value <= 100:
            errors[name] = _("Vikten ska vara mellan 0 och 100.")
    if errors:
        raise Invalid(_("Kontrollera vikterna."), fields=errors)
    if sum(weights.values()) <= 0:
        raise Invalid(_("Minst ett kriterium måste ha en vikt över noll."))
    before = await current_weights()
    async with atomic():
        await seed_weights()
        for name, value in weights.items():
            await ScoringWeight.update(
                {ScoringWeight.weight: value, ScoringWeight.updated_at: datetime.now(UTC)}
            ).where(ScoringWeight.criterion == name)
        await audit.record(
            actor_id=user.id,
            action="scoring_weight.update",
            entity_type="scoring_weight",
            entity_id="all",
            changes={n: [before[n], v] for n, v in weights.items() if before[n] != v},
        )
    return await current_weights()
