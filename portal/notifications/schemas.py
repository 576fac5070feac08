from __future__ import annotations

from datetime import datetime

import msgspec

from portal.notifications.kinds import Frequency, Kind


class NotificationRead(msgspec.Struct, frozen=True):
    id: int
    kind: str
    title: str
    link: str
    created_at: datetime
    read: bool


class PreferencesUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """``{"match_proposed": "immediately", "saved_search": "weekly", ...}``"""

    preferences: dict[Kind, Frequency]
