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


def optional_float(value: str | None, name: str, *, low: float, high: float) -> float | None:
    """A number from a form field; empty means not given, out of range is a 400."""
    if value is None or not value.strip():
        return None
    try:
        number = float(value.replace(",", ".").strip())
    except ValueError:
        number = None
    if number is None or not low < number <= high:
        message = _("Ange ett tal mellan %(low)s och %(high)s.", low=low, high=high)
        raise ValidationException(
            message, extra=[{"message": message, "key": name, "source": "query"}]
        )
    return number
