"""The seeded vocabularies. Language and script names come from pycountry and Babel's CLDR
data, so they are spelled as the standards and Swedish usage have them."""

from __future__ import annotations

from dataclasses import dataclass

import pycountry
from babel import Locale

from portal.vocabularies.kinds import Vocabulary

# ISO 639-2/B codes as Libris uses them: the languages public libraries in the county most
# often need help with (priority groups under the Library Act), then the common ones.
LANGUAGE_CODES = [
    "ara", "per", "som", "tir", "amh", "pol", "rus", "ukr", "tur", "kur", "pus", "urd",
    "fin", "fit", "sme", "smj", "sma", "rom", "yid",
    "eng", "swe", "nor", "dan", "ice", "ger", "fre", "spa", "por", "ita", "gre",
    "bos", "hrv", "srp", "alb", "rum", "hun", "est", "lav", "lit",
    "chi", "jpn", "kor", "vie", "tha", "hin", "ben", "tam", "mon", "uzb",
    "heb", "swa", "orm",
]  # fmt: skip

SCRIPT_CODES = [
    "Latn", "Arab", "Cyrl", "Ethi", "Hebr", "Grek", "Hani", "Jpan", "Hang", "Thai",
    "Deva", "Beng", "Taml", "Armn", "Geor", "Syrc", "Mong",
]  # fmt: skip

SKILLS = [
    ("marc21", "MARC 21", "MARC 21"),
    ("rda", "RDA", "RDA"),
    ("libris-xl", "Libris XL", "Libris XL"),
    ("sab-kssb", "SAB/KSSB", "SAB/KSSB"),
    ("dewey", "Dewey (DDC)", "Dewey (DDC)"),
    ("svenska-amnesord", "Svenska ämnesord", "Swedish subject headings (Svenska ämnesord)"),
    ("barnamnesord", "Barnämnesord", "Children's subject headings (Barnämnesord)"),
    ("authority-work", "Auktoritetsarbete", "Authority work"),
    ("ala-lc", "ALA-LC-translitterering", "ALA-LC romanisation"),
    ("metadata-cleanup", "Metadatatvätt", "Metadata clean-up"),
    ("easy-to-read", "Lättläst material", "Easy-to-read material"),
    ("audiobooks", "Ljudböcker", "Audiobooks"),
    ("film", "Film", "Film"),
    ("music", "Musik", "Music"),
    ("games", "Spel", "Games"),
    ("periodicals", "Tidskrifter", "Periodicals"),
    ("childrens-literature", "Barnlitteratur", "Children's literature"),
]

MATERIAL_TYPES = [
    ("books", "Böcker", "Books"),
    ("childrens-books", "Barnböcker", "Children's books"),
    ("easy-to-read", "Lättläst", "Easy-to-read"),
    ("audiobooks", "Ljudböcker", "Audiobooks"),
    ("ebooks", "E-böcker", "E-books"),
    ("film", "Film", "Film"),
    ("music", "Musik", "Music"),
    ("games", "Spel", "Games"),
    ("periodicals", "Tidskrifter", "Periodicals"),
    ("sheet-music", "Noter", "Sheet music"),
    ("maps", "Kartor", "Maps"),
]


@dataclass(frozen=True)
class Term:
    vocabulary: Vocabulary
    code: str
    name_sv: str
    name_en: str
    position: int


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def language_names(code: str) -> tuple[str, str]:
    """Swedish and English names of an ISO 639-2/B code."""
    language = pycountry.languages.get(bibliographic=code) or pycountry.languages.get(alpha_3=code)
    if language is None:
        raise ValueError(f"unknown ISO 639-2 code: {code}")
    keys = [k for k in (getattr(language, "alpha_2", None), language.alpha_3) if k]
    sv = next((Locale("sv").languages[k] for k in keys if k in Locale("sv").languages), None)
    en = next((Locale("en").languages[k] for k in keys if k in Locale("en").languages), None)
    english = en or language.name
    return _capitalised(sv or english), english


def script_names(code: str) -> tuple[str, str]:
    script = pycountry.scripts.get(alpha_4=code)
    if script is None:
        raise ValueError(f"unknown ISO 15924 code: {code}")
    sv = Locale("sv").scripts.get(code)
    en = Locale("en").scripts.get(code) or script.name
    return _capitalised(sv or en), en


def reference_terms() -> list[Term]:
    terms: list[Term] = []
    for position, code in enumerate(LANGUAGE_CODES):
        sv, en = language_names(code)
        terms.append(Term(Vocabulary.language, code, sv, en, position))
    for position, code in enumerate(SCRIPT_CODES):
        sv, en = script_names(code)
        terms.append(Term(Vocabulary.script, code, sv, en, position))
    for position, (slug, sv, en) in enumerate(SKILLS):
        terms.append(Term(Vocabulary.skill, slug, sv, en, position))
    for position, (slug, sv, en) in enumerate(MATERIAL_TYPES):
        terms.append(Term(Vocabulary.material_type, slug, sv, en, position))
    return terms
