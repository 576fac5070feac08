"""The life of a need: draft → open → matched → in_progress → done, or cancelled."""

from __future__ import annotations

import enum


class NeedStatus(enum.StrEnum):
    draft = "draft"
    open = "open"
    matched = "matched"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


TRANSITIONS: dict[NeedStatus, tuple[NeedStatus, ...]] = {
    NeedStatus.draft: (NeedStatus.open, NeedStatus.cancelled),
    NeedStatus.open: (NeedStatus.draft, NeedStatus.matched, NeedStatus.cancelled),
    NeedStatus.matched: (NeedStatus.open, NeedStatus.in_progress, NeedStatus.cancelled),
    NeedStatus.in_progress: (NeedStatus.done, NeedStatus.cancelled),
    NeedStatus.done: (),
    NeedStatus.cancelled: (),
}

# What anyone, visitors included, may see; drafts and cancelled needs stay with their owners.
PUBLIC = (NeedStatus.open, NeedStatus.matched, NeedStatus.in_progress, NeedStatus.done)

# Needs whose content may still be edited.
EDITABLE = (NeedStatus.draft, NeedStatus.open, NeedStatus.matched)
