"""The catalogs: every string in the code has an English translation, and the runtime uses it.

Swedish is the source language, so the Swedish catalog may leave msgstr empty. English must
be complete: the extraction below is the same as ``make messages`` (babel.cfg for the file
patterns, the Makefile's ``-k`` options for the keywords), so a new ``_("...")`` without an
English translation fails here and lists what to translate. No database needed.
"""

from __future__ import annotations

import re
import shlex
from functools import cache

import pytest
from babel.messages import frontend
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from portal.i18n import gettext, negotiate, ngettext, use_locale
from portal.paths import LOCALE_DIR, ROOT_DIR

PLACEHOLDER = re.compile(r"%\(([^)]*)\)")


def _makefile_keywords() -> dict[str, object]:
    """The ``-k`` options of the Makefile's ``messages`` recipe, on top of Babel's defaults."""
    makefile = (ROOT_DIR / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipe = re.search(r"^messages:.*\n((?:\t.*\n?)+)", makefile, re.MULTILINE)
    assert recipe, "no `messages` target in the Makefile"
    extract = next(line for line in recipe.group(1).splitlines() if "pybabel extract" in line)
    words = shlex.split(extract)
    specs = [words[i + 1] for i, word in enumerate(words) if word in {"-k", "--keyword"}]
    specs += [word.split("=", 1)[1] for word in words if word.startswith("--keyword=")]
    assert specs, "the Makefile's pybabel extract passes no -k options"
    return {**DEFAULT_KEYWORDS, **frontend.parse_keywords(specs)}


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
    with (ROOT_DIR / "babel.cfg").open(encoding="utf-8") as handle:
        return parse(handle, filename=str(ROOT_DIR / "babel.cfg"))


@cache
def extracted() -> dict[tuple[str, str | None], tuple[str, ...]]:
    """(msgid, context) -> all ids (singular and plural), extracted from the project root."""
    method_map, options_map = _method_map()
    found: dict[tuple[str, str | None], tuple[str, ...]] = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        ROOT_DIR, method_map, options_map, keywords=_makefile_keywords()
    ):
        ids = (message,) if isinstance(message, str) else tuple(m for m in message if m)
        if ids and ids[0]:
            found[(ids[0], context)] = ids
    return found


def _catalog(locale: str) -> Catalog:
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def english() -> Catalog:
    return _catalog("en")


def _translated_pairs(catalog: Catalog) -> list[tuple[Message, str, str]]:
    """(message, source text, translation) for every filled-in form of every entry."""
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            ids = list(message.id)
            strings = list(message.string or ())
            for index, string in enumerate(strings):
                if string:
                    pairs.append((message, ids[min(index, len(ids) - 1)], string))
        elif message.string:
            pairs.append((message, message.id, message.string))
    return pairs


def test_extraction_finds_python_and_template_strings() -> None:
    ids = {msgid for msgid, _context in extracted()}
    # templates/base.html, a template ngettext, and portal/web/errors.py
    assert {"Hoppa till huvudinnehållet", "Logga in", "Inloggad som %(name)s"} <= ids
    assert ("%(num)s organisation", None) in extracted()
    assert "Något gick fel" in ids


def test_every_extracted_string_has_an_english_translation(english: Catalog) -> None:
    missing = []
    for (msgid, context), ids in sorted(extracted().items(), key=lambda item: item[0][0]):
        entry = english.get(msgid, context=context)
        if entry is None:
            missing.append(f"{msgid!r} (not in en/messages.po: run `make messages`)")
            continue
        plural = len(ids) > 1
        strings = list(entry.string) if entry.pluralizable else [entry.string]
        if plural and (not entry.pluralizable or len(strings) < english.num_plurals):
            missing.append(f"{msgid!r} (needs {english.num_plurals} plural forms)")
        elif not all(strings):
            missing.append(f"{msgid!r}")
    assert not missing, (
        f"{len(missing)} string(s) have no English translation in "
        "portal/locale/en/LC_MESSAGES/messages.po:\n  " + "\n  ".join(missing)
    )


def test_english_translations_keep_the_placeholders(english: Catalog) -> None:
    wrong = [
        f"{source!r} -> {string!r}"
        for _message, source, string in _translated_pairs(english)
        if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(string))
    ]
    assert not wrong, "placeholders differ from the msgid:\n  " + "\n  ".join(wrong)


def test_english_translations_format_like_their_msgid(english: Catalog) -> None:
    """Jinja's newstyle gettext always applies ``%``, so a stray "%" (say "400%") breaks a page."""
    broken = []
    for _message, source, string in _translated_pairs(english):
        values = {name: 1 for name in PLACEHOLDER.findall(source)}
        try:
            source % values
        except (ValueError, TypeError, KeyError):
            continue  # the msgid itself is not a format string; nothing to compare
        try:
            string % values
        except (ValueError, TypeError, KeyError) as error:
            broken.append(f"{string!r}: {error}")
    assert not broken, "translations that cannot be %-formatted:\n  " + "\n  ".join(broken)


def test_no_english_entry_is_fuzzy(english: Catalog) -> None:
    assert not english.fuzzy, "the header of en/messages.po is marked fuzzy"
    fuzzy = [repr(message.id) for message in english if message.id and message.fuzzy]
    assert not fuzzy, "fuzzy entries in en/messages.po:\n  " + "\n  ".join(fuzzy)


@pytest.mark.parametrize(("locale", "plural_forms"), [("sv", "(n != 1)"), ("en", "(n != 1)")])
def test_catalog_headers(locale: str, plural_forms: str) -> None:
    catalog = _catalog(locale)
    assert str(catalog.locale) == locale
    assert catalog.num_plurals == 2
    assert catalog.plural_expr == plural_forms


def test_gettext_follows_the_locale() -> None:
    with use_locale("en"):
        assert gettext("Logga in") == "Sign in"
        assert gettext("Inloggad som %(name)s", name="Ada") == "Signed in as Ada"
    with use_locale("sv"):
        assert gettext("Logga in") == "Logga in"
        assert gettext("Inloggad som %(name)s", name="Ada") == "Inloggad som Ada"
    with use_locale("de"):  # unsupported: falls back to Swedish
        assert gettext("Logga in") == "Logga in"


def test_ngettext_picks_the_plural_form() -> None:
    singular, plural = "%(num)s organisation", "%(num)s organisationer"
    with use_locale("en"):
        assert ngettext(singular, plural, 1) == "1 organisation"
        assert ngettext(singular, plural, 0) == "0 organisations"
        assert ngettext(singular, plural, 2) == "2 organisations"
    with use_locale("sv"):
        assert ngettext(singular, plural, 1) == "1 organisation"
        assert ngettext(singular, plural, 0) == "0 organisationer"
        assert ngettext(singular, plural, 5) == "5 organisationer"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-GB,en;q=0.9", "en"),
        ("sv-SE", "sv"),
        ("SV-se,en;q=0.5", "sv"),
        ("de", None),
        ("de, en;q=0.5, sv;q=0.8", "sv"),
        ("sv;q=0.2, en;q=0.7", "en"),
        ("", None),
        (None, None),
    ],
)
def test_negotiate(header: str | None, expected: str | None) -> None:
    assert negotiate(header) == expected
