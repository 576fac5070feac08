"""msgspec validation errors turned into :class:`Invalid` with a Swedish (or English) message
per field, for the API's 422 answers and for the messages beside form fields."""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from portal.errors import Invalid
from portal.i18n import gettext as _

T = TypeVar("T")

_NUMBER = r"Expected `(?:int|float|number)`"

# (msgspec's wording, how to say it to a person); the first pattern that matches wins.
_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(_NUMBER + r" >= (\S+)"), lambda m: _("Måste vara minst %(n)s.", n=m[1])),
    (re.compile(_NUMBER + r" > (\S+)"), lambda m: _("Måste vara större än %(n)s.", n=m[1])),
    (re.compile(_NUMBER + r" <= (\S+)"), lambda m: _("Får vara högst %(n)s.", n=m[1])),
    (re.compile(_NUMBER + r" < (\S+)"), lambda m: _("Måste vara mindre än %(n)s.", n=m[1])),
    (
        re.compile(r"Expected `str` of length <= (\d+)"),
        lambda m: _("Får vara högst %(n)s tecken.", n=m[1]),
    ),
    (re.compile(r"Expected `str` of length >= 1\b"), lambda m: _("Får inte vara tomt.")),
    (
        re.compile(r"Expected `str` of length >= (\d+)"),
        lambda m: _("Måste ha minst %(n)s tecken.", n=m[1]),
    ),
    (re.compile(r"Expected `array` of length <= (\d+)"), lambda m: _("Högst %(n)s val.", n=m[1])),
    (re.compile(r"Expected `date`"), lambda m: _("Ange ett datum som ÅÅÅÅ-MM-DD.")),
    (re.compile(r"Invalid RFC3339 encoded date"), lambda m: _("Ange ett datum som ÅÅÅÅ-MM-DD.")),
    (re.compile(_NUMBER), lambda m: _("Ange ett tal.")),
    (re.compile(r"Expected `bool`"), lambda m: _("Ange ja eller nej.")),
    (
        re.compile(r"Invalid enum value '([^']*)'"),
        lambda m: _("Ogiltigt val: %(value)s.", value=m[1]),
    ),
    (re.compile(r"Object missing required field `([^`]+)`"), lambda m: _("Måste fyllas i.")),
    (re.compile(r"Object contains unknown field `([^`]+)`"), lambda m: _("Okänt fält.")),
    (re.compile(r"Expected `str` matching regex"), lambda m: _("Ogiltigt format.")),
]

_MISSING = re.compile(r"Object missing required field `([^`]+)`")
_UNKNOWN = re.compile(r"Object contains unknown field `([^`]+)`")


def describe(message: str) -> str:
    """A person's wording of one msgspec message; the original when no pattern fits."""
    for pattern, render in _PATTERNS:
        match = pattern.search(message)
        if match:
            return render(match)
    return message


def field_of(message: str, path: str) -> str:
    """The field a msgspec error is about, as ``a.b[0].c`` without the leading ``$.``."""
    for pattern in (_MISSING, _UNKNOWN):
        match = pattern.search(message)
        if match:
            prefix = path.removeprefix("$").lstrip(".")
            return f"{prefix}.{match[1]}" if prefix else match[1]
    return path.removeprefix("$").lstrip(".") or "data"


def invalid_from(error: msgspec.ValidationError) -> Invalid:
    message, _sep, path = str(error).partition(" - at `")
    field = field_of(message, path.rstrip("`") if path else "$")
    text = describe(message)
    return Invalid(
        _("Kontrollera fältet %(field)s: %(message)s", field=field, message=text),
        fields={field: text},
    )


def convert(data: Any, type_: type[T]) -> T:
    """``msgspec.convert`` that speaks Swedish when it refuses (strings from forms allowed)."""
    try:
        return msgspec.convert(data, type_, strict=False)
    except msgspec.ValidationError as error:
        raise invalid_from(error) from None
