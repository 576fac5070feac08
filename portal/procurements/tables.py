"""Tables of joint procurements: codes and thresholds (reference data), procurements, lots,
participations with volumes per lot, the phase timeline, comments, documents and the secret
calendar feeds of organisations."""

from __future__ import annotations

from piccolo.columns import (
    Array,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.constraints import Check, Unique
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.accounts.tables import UserAccount
from portal.organisations.tables import Organisation

MAX_VOLUME_SEK = 1_000_000_000


class CpvCode(Table, tablename="cpv_code"):
    """A code of the Common Procurement Vocabulary that library procurements use."""

    code = Varchar(length=10, unique=True, index=True)
    label_sv = Varchar(length=200)
    label_en = Varchar(length=200)
    active = Boolean(default=True)

    code_is_cpv = Check("code ~ '^[0-9]{8}-[0-9]$'")


class ProcurementThreshold(Table, tablename="procurement_threshold"):
    """A dated threshold of LOU: the direct award limit, or the EU threshold for
    sub-central authorities (municipalities and regions).

    ``amount_sek`` may be missing while the Swedish figure for a period is not announced;
    only ``amount_eur`` is known then, and no exchange rate is ever invented.
    """

    kind = Varchar(length=20, index=True)
    valid_from = Date()
    valid_to = Date(null=True, default=None)
    amount_sek = BigInt(null=True, default=None)
    amount_eur = BigInt(null=True, default=None)
    source = Varchar(length=300, default="")
    created_at = Timestamptz(default=TimestamptzNow())

    threshold_one_per_start = Unique(["kind", "valid_from"])
    kind_is_known = Check("kind IN ('direct_award', 'eu_sub_central')")
    period_in_order = Check("valid_to IS NULL OR valid_to >= valid_from")
    has_an_amount = Check("amount_sek IS NOT NULL OR amount_eur IS NOT NULL")
    amounts_positive = Check(
        "(amount_sek IS NULL OR amount_sek > 0) AND (amount_eur IS NULL OR amount_eur > 0)"
    )


class Procurement(Table, tablename="procurement"):
    """A joint procurement led by one organisation (the central purchasing body).

    Free text is searched through an expression GIN index on
    ``to_tsvector('swedish', title || ' ' || description)`` (see the migration).
    """

    title = Varchar(length=200)
    description = Text(default="")
    category = Varchar(length=30, index=True)
    cpv_codes = Array(Varchar(length=10), default=list, index=True, index_method=IndexMethod.gin)
    lead = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    phase = Varchar(length=20, default="idea", index=True)
    interest_deadline = Date(null=True, default=None, index=True)
    tender_publication = Date(null=True, default=None)
    tender_deadline = Date(null=True, default=None, index=True)
    contract_start = Date(null=True, default=None)
    contract_end = Date(null=True, default=None)
    extension_years = Integer(default=0)
    created_by = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)

    category_is_known = Check(
        "category IN ('media_supply', 'e_media', 'library_system', 'web_platform', "
        "'rfid_self_service', 'furniture_equipment', 'cataloguing_services', 'transport', "
        "'other')"
    )
    phase_is_known = Check(
        "phase IN ('idea', 'interest', 'preparation', 'tendering', 'evaluation', 'awarded', "
        "'contract_active', 'closed', 'cancelled')"
    )
    extension_in_range = Check("extension_years BETWEEN 0 AND 10")
    contract_in_order = Check(
        "contract_start IS NULL OR contract_end IS NULL OR contract_end > contract_start"
    )
    interest_before_tender = Check(
        "interest_deadline IS NULL OR tender_deadline IS NULL "
        "OR interest_deadline <= tender_deadline"
    )
    publication_before_deadline = Check(
        "tender_publication IS NULL OR tender_deadline IS NULL "
        "OR tender_publication <= tender_deadline"
    )


class ProcurementLot(Table, tablename="procurement_lot"):
    """A lot (delområde) of a procurement; participants give a volume per lot."""

    procurement = ForeignKey(Procurement, null=False, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=1)
    title = Varchar(length=200)
    cpv_code = Varchar(length=10, null=True, default=None)
    description = Text(default="")


class Participation(Table, tablename="procurement_participation"):
    """One organisation in one procurement: interested, committed or withdrawn.

    ``power_of_attorney`` (fullmakt) is recorded by a coordinator when the organisation's
    signed authorisation for the lead to procure on its behalf has arrived.
    """

    procurement = ForeignKey(Procurement, null=False, on_delete=OnDelete.cascade, index=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    status = Varchar(length=20, default="interested", index=True)
    power_of_attorney = Boolean(default=False)
    power_of_attorney_at = Timestamptz(null=True, default=None)
    contact = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)

    participation_one_per_organisation = Unique(["procurement", "organisation"])
    status_is_known = Check("status IN ('interested', 'committed', 'withdrawn')")


class ParticipationVolume(Table, tablename="procurement_volume"):
    """An estimated annual volume in whole SEK for one lot."""

    participation = ForeignKey(Participation, null=False, on_delete=OnDelete.cascade, index=True)
    lot = ForeignKey(ProcurementLot, null=False, on_delete=OnDelete.cascade, index=True)
    annual_volume_sek = BigInt(default=0)

    volume_one_per_lot = Unique(["participation", "lot"])
    volume_in_range = Check(f"annual_volume_sek BETWEEN 0 AND {MAX_VOLUME_SEK}")


class PhaseChange(Table, tablename="procurement_phase_change"):
    """One move of a procurement, with the coordinator's comment: the page's timeline."""

    procurement = ForeignKey(Procurement, null=False, on_delete=OnDelete.cascade, index=True)
    from_phase = Varchar(length=20, null=True, default=None)
    to_phase = Varchar(length=20)
    comment = Text(default="")
    actor = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    occurred_at = Timestamptz(default=TimestamptzNow())


class ProcurementComment(Table, tablename="procurement_comment"):
    """A question, or an answer to one (``reply_to``), in a procurement's thread."""

    procurement = ForeignKey(Procurement, null=False, on_delete=OnDelete.cascade, index=True)
    reply_to = ForeignKey("self", null=True, on_delete=OnDelete.cascade)
    author = ForeignKey(UserAccount, null=False, on_delete=OnDelete.restrict)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict)
    body = Text()
    created_at = Timestamptz(default=TimestamptzNow())

    body_not_empty = Check("length(btrim(body)) > 0")


class ProcurementDocument(Table, tablename="procurement_document"):
    """An uploaded document; the bytes live in the file store under ``storage_key``."""

    procurement = ForeignKey(Procurement, null=False, on_delete=OnDelete.cascade, index=True)
    filename = Varchar(length=200)
    content_type = Varchar(length=120)
    size_bytes = BigInt()
    sha256 = Varchar(length=64)
    storage_key = Varchar(length=200, unique=True)
    uploaded_by = ForeignKey(UserAccount, null=True, on_delete=OnDelete.restrict)
    uploaded_at = Timestamptz(default=TimestamptzNow())


class CalendarFeed(Table, tablename="procurement_calendar_feed"):
    """The secret token of an organisation's deadline feed; members can replace it."""

    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.cascade, unique=True)
    token = Varchar(length=64, unique=True, secret=True)
    created_at = Timestamptz(default=TimestamptzNow())
