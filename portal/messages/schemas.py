from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

from portal.messages.tables import MAX_BODY
from portal.organisations.schemas import OrganisationRef

Body = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_BODY)]

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class SubjectType(enum.StrEnum):
    need = "need"
    offer_request = "offer_request"
    match = "match"
    procurement = "procurement"


class MessageCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    body: Body


class MessageRead(msgspec.Struct, frozen=True, kw_only=True):
    """A message as the people of its thread see it: names, never e-mail addresses."""

    id: int
    author: str
    organisation: str
    body: str
    created_at: datetime


class ThreadSummary(msgspec.Struct, frozen=True, kw_only=True):
    """One organisation's private thread on a procurement, for the lead's index."""

    organisation: OrganisationRef
    messages: int
    last_message_at: datetime | None
