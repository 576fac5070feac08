"""Words and weights for believable generated data: Swedish titles and descriptions, language
mixes like those of the county's libraries, municipality sizes.

Every code used here is checked against the seeded vocabularies when the module is imported,
so a renamed slug fails loudly instead of producing rows the portal would reject.
"""

from __future__ import annotations

from portal.vocabularies.reference import LANGUAGE_CODES, MATERIAL_TYPES, SCRIPT_CODES, SKILLS

# Inhabitants (thousands, rounded, 2023) of the 26 municipalities of Stockholm County.
MUNICIPALITY_POPULATION = {
    "0114": 48, "0115": 35, "0117": 48, "0120": 47, "0123": 85, "0125": 29, "0126": 115,
    "0127": 96, "0128": 17, "0136": 97, "0138": 49, "0139": 31, "0140": 12, "0160": 76,
    "0162": 33, "0163": 77, "0180": 985, "0181": 102, "0182": 109, "0183": 55, "0184": 85,
    "0186": 48, "0187": 12, "0188": 64, "0191": 51, "0192": 30,
}  # fmt: skip

# How often a language appears in a cataloguing need: the mother tongues that small libraries
# cannot catalogue themselves first, then the rest; national minority languages rarely.
NEED_LANGUAGE_WEIGHTS = {
    "ara": 18, "per": 13, "som": 13, "tir": 10, "pol": 9, "eng": 9,
    "rus": 4, "ukr": 4, "fin": 3, "tur": 2.5, "kur": 2.5, "amh": 2,
    "pus": 1.2, "urd": 0.8, "spa": 1, "swe": 1, "bos": 0.6, "hrv": 0.5, "srp": 0.5,
    "alb": 0.6, "ger": 0.6, "fre": 0.6, "chi": 0.6, "orm": 0.3, "vie": 0.3, "tha": 0.3,
    "rum": 0.3, "gre": 0.3, "fit": 0.4, "sme": 0.3, "smj": 0.15, "sma": 0.15, "rom": 0.3,
    "yid": 0.2, "hun": 0.2, "por": 0.2, "ita": 0.2, "nor": 0.2, "dan": 0.2, "jpn": 0.2,
    "kor": 0.2, "hin": 0.2, "swa": 0.2, "est": 0.15, "lav": 0.1, "lit": 0.1, "ben": 0.1,
    "tam": 0.1, "mon": 0.1, "uzb": 0.1, "heb": 0.1, "ice": 0.05,
}  # fmt: skip

# Experts: the same mother tongues, and more of the languages cataloguers learn at school.
EXPERT_LANGUAGE_WEIGHTS = {
    **NEED_LANGUAGE_WEIGHTS,
    "eng": 14, "swe": 8, "ger": 2, "fre": 2, "spa": 2,
}  # fmt: skip

# ISO 15924 script of each language's usual written form; Latin when not named here.
SCRIPT_OF = {
    "ara": "Arab", "per": "Arab", "kur": "Arab", "urd": "Arab", "pus": "Arab",
    "tir": "Ethi", "amh": "Ethi",
    "rus": "Cyrl", "ukr": "Cyrl", "mon": "Cyrl",
    "yid": "Hebr", "heb": "Hebr", "gre": "Grek", "chi": "Hani", "jpn": "Jpan", "kor": "Hang",
    "tha": "Thai", "hin": "Deva", "ben": "Beng", "tam": "Taml",
}  # fmt: skip


def script_of(code: str) -> str:
    return SCRIPT_OF.get(code, "Latn")


# Swedish adjective (plural, as in "somaliska böcker") or None when Swedish uses "på X".
LANGUAGE_SV = {
    "ara": ("arabiska", "arabiska"), "per": ("persiska", "persiska"),
    "som": ("somaliska", "somaliska"), "tir": ("tigrinska", "tigrinja"),
    "amh": ("amhariska", "amhariska"), "pol": ("polska", "polska"), "rus": ("ryska", "ryska"),
    "ukr": ("ukrainska", "ukrainska"), "tur": ("turkiska", "turkiska"),
    "kur": ("kurdiska", "kurdiska"), "pus": (None, "pashto"), "urd": (None, "urdu"),
    "fin": ("finska", "finska"), "fit": (None, "meänkieli"), "sme": ("nordsamiska", "nordsamiska"),
    "smj": ("lulesamiska", "lulesamiska"), "sma": ("sydsamiska", "sydsamiska"),
    "rom": (None, "romani"), "yid": (None, "jiddisch"), "eng": ("engelska", "engelska"),
    "swe": ("svenska", "svenska"), "nor": ("norska", "norska"), "dan": ("danska", "danska"),
    "ice": ("isländska", "isländska"), "ger": ("tyska", "tyska"), "fre": ("franska", "franska"),
    "spa": ("spanska", "spanska"), "por": ("portugisiska", "portugisiska"),
    "ita": ("italienska", "italienska"), "gre": ("grekiska", "grekiska"),
    "bos": ("bosniska", "bosniska"), "hrv": ("kroatiska", "kroatiska"),
    "srp": ("serbiska", "serbiska"), "alb": ("albanska", "albanska"),
    "rum": ("rumänska", "rumänska"), "hun": ("ungerska", "ungerska"),
    "est": ("estniska", "estniska"), "lav": ("lettiska", "lettiska"),
    "lit": ("litauiska", "litauiska"), "chi": ("kinesiska", "kinesiska"),
    "jpn": ("japanska", "japanska"), "kor": ("koreanska", "koreanska"),
    "vie": ("vietnamesiska", "vietnamesiska"), "tha": ("thailändska", "thailändska"),
    "hin": (None, "hindi"), "ben": (None, "bengali"), "tam": (None, "tamil"),
    "mon": ("mongoliska", "mongoliska"), "uzb": ("uzbekiska", "uzbekiska"),
    "heb": ("hebreiska", "hebreiska"), "swa": (None, "swahili"), "orm": (None, "oromo"),
}  # fmt: skip

SCRIPT_SV = {
    "Latn": "latinsk skrift", "Arab": "arabisk skrift", "Cyrl": "kyrillisk skrift",
    "Ethi": "etiopisk skrift (ge'ez)", "Hebr": "hebreisk skrift", "Grek": "grekisk skrift",
    "Hani": "kinesiska tecken", "Jpan": "japansk skrift", "Hang": "hangul",
    "Thai": "thailändsk skrift", "Deva": "devanagari", "Beng": "bengalisk skrift",
    "Taml": "tamilsk skrift",
}  # fmt: skip

MATERIAL_WEIGHTS = {
    "books": 38, "childrens-books": 26, "easy-to-read": 8, "audiobooks": 8, "ebooks": 5,
    "film": 4, "music": 3, "games": 2, "periodicals": 3, "sheet-music": 1, "maps": 1,
}  # fmt: skip

# Plural nouns for the material, several per type so that titles vary.
MATERIAL_NOUNS = {
    "books": ["böcker", "romaner", "skönlitterära böcker", "faktaböcker", "diktsamlingar",
              "novellsamlingar", "klassiker", "deckare"],
    "childrens-books": ["barnböcker", "bilderböcker", "kapitelböcker", "ungdomsböcker",
                        "pekböcker", "sagoböcker"],
    "easy-to-read": ["lättlästa böcker", "lättlästa romaner"],
    "audiobooks": ["ljudböcker", "talböcker"],
    "ebooks": ["e-böcker"],
    "film": ["filmer", "dvd-filmer", "barnfilmer"],
    "music": ["musik-cd", "skivor"],
    "games": ["spel", "tv-spel", "brädspel"],
    "periodicals": ["tidskrifter", "dagstidningar", "serietidningar"],
    "sheet-music": ["noter", "sånghäften"],
    "maps": ["kartor", "atlaser"],
}  # fmt: skip

QUALIFIERS = ["Äldre", "Nya", "Donerade", "Inköpta", "Gallrade", "Okatalogiserade", "Populära",
              "Efterfrågade", "Nyinkomna", "Tvåspråkiga"]  # fmt: skip

# Titles: {adj} the language adjective, {lang} the language name, {noun} the material.
TITLES_ADJECTIVE = [
    "Katalogisering av {adj} {noun}",
    "{Qual} {adj} {noun} behöver katalogiseras",
    "{Adj} {noun} behöver katalogiseras",
    "Hjälp att katalogisera {adj} {noun}",
    "Retrokatalogisering av {adj} {noun}",
    "Klassificering och ämnesord för {adj} {noun}",
    "Metadatatvätt av poster för {adj} {noun}",
    "{Qual} {adj} {noun} väntar på katalogisering",
    "Katalogiserare sökes för {adj} {noun}",
    "Vi katalogiserar {adj} {noun} – hjälp sökes",
]
TITLES_PHRASE = [
    "Katalogisering av {noun} på {lang}",
    "{Qual} {noun} på {lang} behöver katalogiseras",
    "Hjälp att katalogisera {noun} på {lang}",
    "Katalogiserare med {lang} sökes för {noun}",
    "{Noun} på {lang} väntar på katalogisering",
]

DESCRIPTION_OPENINGS = [
    "Biblioteket har fått in {count} {noun} på {lang} som ska katalogiseras i Libris.",
    "Vi har {count} {noun} på {lang} som ingen i personalen kan katalogisera.",
    "En gåva på {count} {noun} på {lang} har kommit till biblioteket.",
    "Inför höstens mångspråksatsning har vi köpt in {count} {noun} på {lang}.",
    "Vårt bestånd av {noun} på {lang} ({count} titlar) saknar fullständiga poster.",
    "Låntagarna efterfrågar {noun} på {lang}; {count} titlar står okatalogiserade i magasinet.",
]
DESCRIPTION_SENTENCES = [
    "Materialet är skrivet med {script}.",
    "Ingen i personalen läser {script}.",
    "Posterna ska följa RDA och MARC 21 och läggas in i Libris XL.",
    "Ämnesord enligt Svenska ämnesord behövs, och klassifikation enligt SAB.",
    "Barnämnesord ska sättas på alla titlar.",
    "Auktoritetsposter för författarna saknas och behöver skapas.",
    "Titlar och upphov ska translittereras enligt ALA-LC.",
    "Många titlar saknar ISBN, så katalogiseraren behöver arbeta från boken i handen.",
    "Arbetet kan delas mellan flera katalogiserare.",
    "Den som katalogiserar kan arbeta på distans med bilder av titelsidorna.",
    "Katalogiseringen görs på plats i biblioteket, fika ingår.",
    "Vi katalogiserar själva det svenska materialet men behöver hjälp med resten.",
    "Befintliga poster behöver tvättas och dubbletter slås ihop.",
    "Böckerna ska ut i hyllan före sommarlovet.",
    "Samarbetet ingår i länets arbete med mångspråk och läsfrämjande.",
    "Vi katalogiserade en liknande samling förra året och har en lathund att dela.",
    "Kontakta oss gärna om du har frågor om materialet.",
]

HEADLINES = [
    "Katalogiserare med {langs}",
    "Bibliotekarie som katalogiserar på {langs}",
    "Frilansande katalogiserare: {langs}",
    "Metadataspecialist – {langs}",
    "Erfaren katalogiserare, {langs}",
    "Katalogisering och klassificering på {langs}",
]
EXPERT_SENTENCES = [
    "Jag har katalogiserat {noun} på {lang} i {years} år.",
    "Jag arbetar dagligen i Libris XL och katalogiserar enligt RDA.",
    "Van vid MARC 21, SAB och Dewey.",
    "Jag läser {script} och translittererar enligt ALA-LC.",
    "Har arbetat med barnlitteratur och Barnämnesord.",
    "Erfarenhet av auktoritetsarbete och metadatatvätt.",
    "Kan ta uppdrag på distans eller på plats i närliggande kommuner.",
    "Jag katalogiserar gärna lättläst material och ljudböcker.",
    "Modersmålsbibliotekarie med lång erfarenhet av mångspråkiga samlingar.",
    "Har katalogiserat åt flera kommuner i länet.",
]

# Weights of required skills; ALA-LC and Barnämnesord are added by context below.
SKILL_WEIGHTS = {
    "marc21": 20, "libris-xl": 18, "rda": 14, "svenska-amnesord": 8, "sab-kssb": 8,
    "dewey": 3, "barnamnesord": 4, "authority-work": 5, "ala-lc": 3, "metadata-cleanup": 5,
    "easy-to-read": 2, "audiobooks": 2, "film": 1, "music": 1, "games": 1, "periodicals": 1,
    "childrens-literature": 3,
}  # fmt: skip

FIRST_NAMES = [
    "Amina", "Ahmed", "Fatima", "Mohammed", "Hassan", "Leyla", "Ali", "Sara", "Yonas", "Senait",
    "Abdi", "Hodan", "Dariusz", "Agnieszka", "Olena", "Dmytro", "Maryam", "Reza", "Shirin",
    "Karin", "Anna", "Erik", "Lars", "Maria", "Johan", "Eva", "Per", "Lena", "Elin", "Jonas",
    "Sofia", "Oskar", "Ingrid", "Mikael", "Helena", "Aino", "Juha", "Nils", "Márjá", "Esther",
]  # fmt: skip
LAST_NAMES = [
    "Hassan", "Ali", "Mohamed", "Ahmadi", "Karimi", "Tesfaye", "Gebremariam", "Nowak",
    "Kowalski", "Shevchenko", "Kovalenko", "Yilmaz", "Andersson", "Johansson", "Karlsson",
    "Nilsson", "Eriksson", "Larsson", "Lindqvist", "Berg", "Sjöberg", "Ekström", "Virtanen",
    "Korhonen", "Omar", "Abdullahi", "Haile", "Rahimi", "Petrov", "Lindgren",
]  # fmt: skip

LIBRARY_PREFIXES = ["Hög", "Ek", "Björk", "Sjö", "Berg", "Lind", "Vik", "Ås", "Dal", "Sol",
                    "Gran", "Hägg", "Rosen", "Sten", "Al", "Ängs", "Ros", "Ljung"]  # fmt: skip
LIBRARY_SUFFIXES = ["dalen", "backen", "torp", "vik", "berg", "by", "holmen", "skogen",
                    "hagen", "lunda", "ängen", "sätra", "näs", "gården"]  # fmt: skip


def _check() -> None:
    languages, scripts = set(LANGUAGE_CODES), set(SCRIPT_CODES)
    skills = {slug for slug, *_ in SKILLS}
    materials = {slug for slug, *_ in MATERIAL_TYPES}
    assert set(NEED_LANGUAGE_WEIGHTS) <= languages, set(NEED_LANGUAGE_WEIGHTS) - languages
    assert set(EXPERT_LANGUAGE_WEIGHTS) <= languages
    assert set(LANGUAGE_SV) >= set(EXPERT_LANGUAGE_WEIGHTS)
    assert set(SCRIPT_OF.values()) <= scripts and set(SCRIPT_SV) <= scripts
    assert set(SCRIPT_SV) >= set(SCRIPT_OF.values()) | {"Latn"}
    assert set(SKILL_WEIGHTS) <= skills
    assert set(MATERIAL_WEIGHTS) == set(MATERIAL_NOUNS) and set(MATERIAL_WEIGHTS) <= materials
    assert len(MUNICIPALITY_POPULATION) == 26


_check()
