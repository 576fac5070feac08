from __future__ import annotations

from piccolo.columns import JSONB, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.accounts.tables import UserAccount


class AuditEvent(Table, tablename="audit_event"):
    """Who did what to which record, when, and the change: written in the writer's transaction."""

    occurred_at = Timestamptz(default=TimestamptzNow(), index=True)
    actor = ForeignKey(UserAccount, null=True, index=True, on_delete=OnDelete.restrict)
    action = Varchar(length=60)
    entity_type = Varchar(length=60, index=True)
    entity_id = Varchar(length=64, index=True)
    organisation_code = Varchar(length=64, null=True)
    changes = JSONB(default={})
    request_ip = Varchar(length=45, null=True)
    actor_kind = Varchar(length=10, default="user")
