"""What comes in and goes out: a saved search, its creation and its changes."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

from portal.notifications.kinds import Frequency

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Query = Annotated[
    str,
    msgspec.Meta(
        max_length=2000,
        description="The list's query string, as in its address (`language=som&status=open`)",
    ),
]


class SavedList(enum.StrEnum):
    """The lists whose filters can be saved; new needs and offers alert."""

    needs = "needs"
    offers = "offers"
    experts = "experts"
    procurements = "procurements"


class SavedSearchCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: Name
    list_name: SavedList = msgspec.field(name="list")
    query: Query = ""
    frequency: Frequency = Frequency.daily


class SavedSearchUpdate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    frequency: Frequency | msgspec.UnsetType = msgspec.UNSET


class SavedSearchRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    list_name: SavedList = msgspec.field(name="list")
    query: str
    url: str
    frequency: Frequency
    alerts: bool
    created_at: datetime
    updated_at: datetime
