from __future__ import annotations

from piccolo.columns import (
    JSONB,
    Array,
    Boolean,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.constraints import Check
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.accounts.tables import UserAccount
from portal.organisations.tables import Organisation

GIN = IndexMethod.gin


class ExpertProfile(Table, tablename="expert_profile"):
    """A cataloguer's offer of skills and hours; one per user.

    ``languages`` keeps code and level (``[{"code": "som", "level": "native"}]``);
    ``language_codes`` repeats the codes as an array so a GIN index can filter on them.
    """

    user = ForeignKey(UserAccount, unique=True, null=False, on_delete=OnDelete.cascade)
    headline = Varchar(length=200)
    description = Text(default="")
    languages = JSONB(default=[])
    language_codes = Array(
        Varchar(length=3), default=list, index=True, index_method=IndexMethod.gin
    )
    scripts = Array(Varchar(length=4), default=list, index=True, index_method=GIN)
    skills = Array(Varchar(length=40), default=list, index=True, index_method=GIN)
    material_types = Array(Varchar(length=40), default=list)
    capacity_hours_per_week = DoublePrecision(default=0)
    available_from = Date(null=True, default=None)
    available_until = Date(null=True, default=None)
    remote = Boolean(default=True)
    onsite = Boolean(default=False)
    travel_km = Integer(default=0)
    municipality_code = ForeignKey(
        Organisation, target_column="code", null=False, on_delete=OnDelete.restrict, index=True
    )
    visible = Boolean(default=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())

    capacity_in_range = Check("capacity_hours_per_week >= 0 AND capacity_hours_per_week <= 80")
    travel_in_range = Check("travel_km >= 0 AND travel_km <= 1000")
    availability_in_order = Check(
        "available_until IS NULL OR available_from IS NULL OR available_until >= available_from"
    )
    works_somehow = Check("remote OR onsite")
