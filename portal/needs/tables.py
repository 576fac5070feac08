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


class Need(Table, tablename="need"):
    """Something an organisation needs help with: cataloguing work, or (later) a resource.

    ``municipality_code`` is the owning organisation's municipality, kept on the row so that
    lists filter and count by municipality without a join. Free text is searched through an
    expression GIN index on ``to_tsvector('swedish', title || ' ' || description)``.

    ``first_proposed_at`` and ``first_accepted_at`` are the earliest ``created_at`` and
    ``accepted_at`` of the need's matches, kept by the match service as they happen, so that
    the dashboard's key figures read the needs alone.
    """

    kind = Varchar(length=20, default="cataloguing")
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    municipality_code = Varchar(length=4, null=True, index=True)
    title = Varchar(length=200)
    description = Text(default="")
    required_languages = JSONB(default=[])
    language_codes = Array(
        Varchar(length=3), default=list, index=True, index_method=IndexMethod.gin
    )
    required_scripts = Array(
        Varchar(length=4), default=list, index=True, index_method=IndexMethod.gin
    )
    required_skills = Array(
        Varchar(length=40), default=list, index=True, index_method=IndexMethod.gin
    )
    wished_skills = Array(Varchar(length=40), default=list)
    material_type = Varchar(length=40, null=True, default=None)
    titles_count = Integer(null=True, default=None)
    estimated_hours = DoublePrecision(null=True, default=None)
    deadline = Date(null=True, default=None, index=True)
    remote = Boolean(default=True)
    library = ForeignKey(Organisation, null=True, on_delete=OnDelete.restrict)
    splittable = Boolean(default=True)
    contact = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    status = Varchar(length=20, default="draft", index=True)
    created_by = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)
    # Resource needs (kind "resource") say what and how much instead of languages.
    category = Varchar(length=20, null=True, default=None, index=True)
    quantity = Integer(null=True, default=None)
    unit = Varchar(length=40, null=True, default=None)
    # How far away a resource may come from (km); none means any distance.
    within_km = Integer(null=True, default=None)
    # The earliest created_at and accepted_at of the need's matches (see portal.matches).
    first_proposed_at = Timestamptz(null=True, default=None)
    first_accepted_at = Timestamptz(null=True, default=None)

    kind_is_known = Check("kind IN ('cataloguing', 'resource')")
    status_is_known = Check(
        "status IN ('draft', 'open', 'matched', 'in_progress', 'done', 'cancelled')"
    )
    hours_in_range = Check(
        "estimated_hours IS NULL OR (estimated_hours > 0 AND estimated_hours <= 10000)"
    )
    titles_in_range = Check(
        "titles_count IS NULL OR (titles_count > 0 AND titles_count <= 1000000)"
    )
    within_in_range = Check("within_km IS NULL OR (within_km > 0 AND within_km <= 2000)")
    onsite_has_a_place = Check("remote OR library IS NOT NULL")
    resource_need_has_a_category = Check(
        "kind <> 'resource' OR (category IS NOT NULL AND quantity IS NOT NULL AND quantity > 0)"
    )
