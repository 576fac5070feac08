from __future__ import annotations

from piccolo.columns import BigInt, Bytea, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check, Unique
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.accounts.tables import UserAccount


class SavedSearch(Table, tablename="saved_search"):
    """A person's filters of one list, stored as the list's canonical query string.

    ``seen_id`` is the highest id of that list's records already considered: set to the
    newest record when the search is saved (so saving alerts on nothing that existed) and
    moved forward by each alert pass. ``matched`` holds the ids of the records the search
    matched at its last pass (a serialised roaring bitmap): a record alerts when it matches
    and did not then, whether it is new or became visible or matching later (a draft
    opened, a need edited)."""

    user = ForeignKey(UserAccount, null=False, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=100)
    list_name = Varchar(length=20)
    query = Varchar(length=2000, default="")
    frequency = Varchar(length=20, default="daily")
    seen_id = BigInt(default=0)
    matched = Bytea(null=True, default=None)
    # The oldest transaction running before ``matched`` was read (an xid8 as a number):
    # while no record of the list was written since, a pass has nothing to read again.
    checked_xid = BigInt(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    checked_at = Timestamptz(null=True, default=None)

    list_is_known = Check("list_name IN ('needs', 'offers', 'experts', 'procurements')")
    frequency_is_known = Check("frequency IN ('immediately', 'daily', 'weekly', 'never')")
    name_is_given = Check("char_length(btrim(name)) BETWEEN 1 AND 100")
    one_name_per_person = Unique([user, name])
