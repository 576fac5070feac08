"""The life of a match: proposed → accepted | declined; accepted → in_progress → completed;
cancelled from any step before it is done."""

from __future__ import annotations

import enum


class MatchStatus(enum.StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    declined = "declined"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


TRANSITIONS: dict[MatchStatus, tuple[MatchStatus, ...]] = {
    MatchStatus.proposed: (MatchStatus.accepted, MatchStatus.declined, MatchStatus.cancelled),
    MatchStatus.accepted: (MatchStatus.in_progress, MatchStatus.completed, MatchStatus.cancelled),
    MatchStatus.in_progress: (MatchStatus.completed, MatchStatus.cancelled),
    MatchStatus.declined: (),
    MatchStatus.completed: (),
    MatchStatus.cancelled: (),
}

# Matches that hold the provider's hours or quantity.
RESERVING = (MatchStatus.accepted, MatchStatus.in_progress)
# Matches still under way: a second proposal of the same pair is refused meanwhile.
OPEN = (MatchStatus.proposed, MatchStatus.accepted, MatchStatus.in_progress)
