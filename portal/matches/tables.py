from __future__ import annotations

from piccolo.columns import (
    JSONB,
    DoublePrecision,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.accounts.tables import UserAccount
from portal.experts.tables import ExpertProfile
from portal.needs.tables import Need
from portal.offers.tables import ResourceOffer
from portal.organisations.tables import Organisation


class MatchingRun(Table, tablename="matching_run"):
    """A region-wide assignment run: started by a coordinator, solved in the background."""

    county_code = Varchar(length=2, default="01")
    status = Varchar(length=20, default="queued", index=True)
    horizon_weeks = Integer(default=4)
    progress = Integer(default=0)
    stage = Varchar(length=40, default="queued")
    started_by = ForeignKey(UserAccount, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    result = JSONB(null=True, default=None)
    error = Text(default="")

    status_is_known = Check("status IN ('queued', 'running', 'done', 'failed')")
    progress_in_range = Check("progress >= 0 AND progress <= 100")
    horizon_in_range = Check("horizon_weeks >= 1 AND horizon_weeks <= 52")


class Match(Table, tablename="match"):
    """A need and one provider. Hours (experts) or quantity (offers) are agreed on accept;
    accepted and in-progress hours are reserved from the expert's capacity.

    ``giver_municipality`` and ``receiver_municipality`` are kept on the row when the match is
    made, so the hours ledger stays as it was even if a profile later moves.
    """

    need = ForeignKey(Need, null=False, on_delete=OnDelete.cascade, index=True)
    provider_type = Varchar(length=10)
    expert = ForeignKey(ExpertProfile, null=True, on_delete=OnDelete.restrict, index=True)
    offer = ForeignKey(ResourceOffer, null=True, on_delete=OnDelete.restrict, index=True)
    provider_organisation = ForeignKey(
        Organisation, null=True, on_delete=OnDelete.restrict, index=True
    )
    giver_municipality = Varchar(length=4, null=True, index=True)
    receiver_municipality = Varchar(length=4, null=True, index=True)
    hours = DoublePrecision(null=True, default=None)
    quantity = Integer(null=True, default=None)
    hours_logged = DoublePrecision(null=True, default=None)
    score = DoublePrecision(default=0)
    breakdown = JSONB(default={})
    status = Varchar(length=20, default="proposed", index=True)
    reason = Text(default="")
    run = ForeignKey(MatchingRun, null=True, on_delete=OnDelete.set_null)
    proposed_by = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())
    accepted_at = Timestamptz(null=True, default=None)
    completed_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)

    status_is_known = Check(
        "status IN ('proposed', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled')"
    )
    one_provider = Check(
        "(provider_type = 'expert' AND expert IS NOT NULL AND offer IS NULL "
        "AND hours IS NOT NULL AND hours > 0 AND hours <= 10000) OR "
        "(provider_type = 'offer' AND offer IS NOT NULL AND expert IS NULL "
        "AND quantity IS NOT NULL AND quantity > 0)"
    )
    logged_in_range = Check("hours_logged IS NULL OR (hours_logged > 0 AND hours_logged <= 10000)")
    score_in_range = Check("score >= 0 AND score <= 100")


class MatchEvent(Table, tablename="match_event"):
    """One step of a match, shown to both sides as its timeline."""

    match = ForeignKey(Match, null=False, on_delete=OnDelete.cascade, index=True)
    from_status = Varchar(length=20, null=True, default=None)
    to_status = Varchar(length=20)
    actor = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    comment = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class ScoringWeight(Table, tablename="scoring_weight"):
    """The weight of one score criterion (see portal.matching.criteria); data, not code."""

    criterion = Varchar(length=40, unique=True)
    weight = DoublePrecision(default=0)
    updated_at = Timestamptz(default=TimestamptzNow())

    weight_in_range = Check("weight >= 0 AND weight <= 100")
