from __future__ import annotations

from portal.i18n import gettext as _
from portal.vocabularies.kinds import Level


def level_labels() -> dict[str, str]:
    return {
        Level.basic: _("Grundläggande"),
        Level.good: _("God"),
        Level.fluent: _("Flytande"),
        Level.native: _("Modersmål"),
    }


def mode_labels() -> dict[str, str]:
    """Remote or on site: how needs are done and how experts work."""
    return {"remote": _("På distans"), "onsite": _("På plats")}
