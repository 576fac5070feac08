"""Translations: Swedish is the source language, English comes from the Babel catalog.

The active locale lives in a ContextVar set per request by ``portal.web.locale``, so that
services, templates and error messages all speak the language of the person asking.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, NullTranslations, Translations

from portal.paths import LOCALE_DIR

DEFAULT_LOCALE = "sv"
LOCALES = ("sv", "en")
DOMAIN = "messages"

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> NullTranslations:
    """Load a catalog straight from its .po file, so no compile step can fall out of date."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(message: str, /, **variables: object) -> str:
    text = translations(current_locale.get()).ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, /, **variables: object) -> str:
    text = translations(current_locale.get()).ungettext(singular, plural, n)
    return text % {"num": n, **variables}


def formatting_locale() -> str:
    """The CLDR locale for dates and numbers: Swedish, or British English."""
    return "en_GB" if current_locale.get() == "en" else "sv_SE"


def lazy_gettext(message: str) -> LazyProxy:
    """For module-level strings: translated when used, in the locale of that moment."""
    return LazyProxy(gettext, message, enable_cache=False)


def negotiate(accept_language: str | None) -> str | None:
    """Pick a supported locale from an Accept-Language header, best weight first."""
    if not accept_language:
        return None
    choices: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        choices.append((weight, tag.strip().lower().split("-")[0]))
    for _weight, tag in sorted(choices, key=lambda c: -c[0]):
        if tag in LOCALES:
            return tag
    return None


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    token = current_locale.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        current_locale.reset(token)
