"""Names people read for the values of a need's facets."""

from __future__ import annotations

from portal.i18n import gettext as _
from portal.needs.status import NeedStatus


def status_labels() -> dict[str, str]:
    return {
        NeedStatus.draft: _("Utkast"),
        NeedStatus.open: _("Öppet"),
        NeedStatus.matched: _("Matchat"),
        NeedStatus.in_progress: _("Pågår"),
        NeedStatus.done: _("Klart"),
        NeedStatus.cancelled: _("Avbrutet"),
    }
