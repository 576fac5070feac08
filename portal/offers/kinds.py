"""The words of the resource exchange: categories, terms, delivery and the offer's life."""

from __future__ import annotations

import enum


class Category(enum.StrEnum):
    competence = "competence"  # e.g. procurement or cataloguing know-how
    staff_time = "staff_time"
    equipment = "equipment"
    collection = "collection"  # e.g. a deposit of books in a language
    licence = "licence"
    space = "space"
    transport = "transport"
    other = "other"


class Terms(enum.StrEnum):
    free = "free"
    loan = "loan"
    cost_sharing = "cost_sharing"


class Delivery(enum.StrEnum):
    pickup = "pickup"
    delivery = "delivery"
    either = "either"


class OfferStatus(enum.StrEnum):
    draft = "draft"
    published = "published"
    reserved = "reserved"
    given = "given"
    withdrawn = "withdrawn"
    expired = "expired"


OFFER_TRANSITIONS: dict[OfferStatus, tuple[OfferStatus, ...]] = {
    OfferStatus.draft: (OfferStatus.published, OfferStatus.withdrawn),
    OfferStatus.published: (OfferStatus.reserved, OfferStatus.given, OfferStatus.withdrawn),
    OfferStatus.reserved: (OfferStatus.published, OfferStatus.given, OfferStatus.withdrawn),
    OfferStatus.given: (),
    OfferStatus.withdrawn: (),
    OfferStatus.expired: (),
}

# Offers anyone may see; drafts and withdrawn ones stay with their organisation.
PUBLIC_OFFER_STATUSES = (OfferStatus.published, OfferStatus.reserved, OfferStatus.given)

# Offers that can still be requested.
REQUESTABLE = (OfferStatus.published, OfferStatus.reserved)
# Offers still in play: their organisation may change them and their attachments.
EDITABLE = (OfferStatus.draft, OfferStatus.published, OfferStatus.reserved)


class RequestStatus(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    cancelled = "cancelled"
