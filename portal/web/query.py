"""Query-string values as HTML forms send them: empty fields mean "not given"."""

from __future__ import annotations

from datetime import date

from litestar.exceptions import ValidationException

from portal.i18n import gettext as _


def optional_date(value: str | None, name: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationException(
            _("Ange ett datum som ÅÅÅÅ-MM-DD."),
            extra=[
                {"message": _("Ange ett datum som ÅÅÅÅ-MM-DD."), "key": name, "source": "query"}
            ],
        ) from None
