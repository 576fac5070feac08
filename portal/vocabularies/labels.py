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
