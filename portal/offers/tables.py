from __future__ import annotations

from piccolo.columns import (
    Date,
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
from portal.organisations.tables import Organisation


class ResourceOffer(Table, tablename="resource_offer"):
    """Something an organisation can share. ``quantity_left`` falls as requests are accepted;
    the checks make over-allocation impossible even if a service had a bug."""

    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    municipality_code = Varchar(length=4, null=True, index=True)
    location = ForeignKey(Organisation, null=True, on_delete=OnDelete.restrict)
    title = Varchar(length=200)
    description = Text(default="")
    category = Varchar(length=20, index=True)
    quantity = Integer()
    quantity_left = Integer()
    unit = Varchar(length=40, default="st")
    available_from = Date(null=True, default=None)
    available_until = Date(null=True, default=None, index=True)
    terms = Varchar(length=20, default="free")
    cost_sek = Integer(null=True, default=None)  # whole kronor
    delivery = Varchar(length=20, default="pickup")
    status = Varchar(length=20, default="draft", index=True)
    created_by = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)

    category_is_known = Check(
        "category IN ('competence', 'staff_time', 'equipment', 'collection', 'licence', "
        "'space', 'transport', 'other')"
    )
    status_is_known = Check(
        "status IN ('draft', 'published', 'reserved', 'given', 'withdrawn', 'expired')"
    )
    terms_are_known = Check("terms IN ('free', 'loan', 'cost_sharing')")
    delivery_is_known = Check("delivery IN ('pickup', 'delivery', 'either')")
    quantity_is_positive = Check("quantity > 0 AND quantity <= 1000000")
    never_over_allocated = Check("quantity_left >= 0 AND quantity_left <= quantity")
    cost_only_when_shared = Check(
        "(terms = 'cost_sharing') = (cost_sek IS NOT NULL) AND (cost_sek IS NULL OR cost_sek >= 0)"
    )
    available_in_order = Check(
        "available_until IS NULL OR available_from IS NULL OR available_until >= available_from"
    )


class OfferRequest(Table, tablename="offer_request"):
    """An organisation asks for some of an offer; the offering organisation answers."""

    offer = ForeignKey(ResourceOffer, null=False, on_delete=OnDelete.cascade, index=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    requested_by = ForeignKey(UserAccount, null=False, on_delete=OnDelete.restrict)
    quantity = Integer()
    message = Text(default="")
    status = Varchar(length=20, default="pending", index=True)
    decided_by = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    decided_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())

    quantity_is_positive = Check("quantity > 0")
    status_is_known = Check("status IN ('pending', 'accepted', 'declined', 'cancelled')")


class OfferAttachment(Table, tablename="offer_attachment"):
    """A picture or document of an offer; the bytes live under the data directory."""

    offer = ForeignKey(ResourceOffer, null=False, on_delete=OnDelete.cascade, index=True)
    filename = Varchar(length=200)
    content_type = Varchar(length=100)
    size = Integer()
    storage_key = Varchar(length=200, unique=True)
    uploaded_by = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())
