import enum


class Vocabulary(enum.StrEnum):
    """The controlled vocabularies that profiles and needs are described with."""

    language = "language"  # ISO 639-2/B, as Libris uses them
    script = "script"  # ISO 15924
    skill = "skill"  # standards and skills, stable slugs
    material_type = "material_type"


class Level(enum.StrEnum):
    """Proficiency in a language, lowest first."""

    basic = "basic"
    good = "good"
    fluent = "fluent"
    native = "native"

    @property
    def rank(self) -> int:
        return list(Level).index(self)

    def at_least(self, other: "Level") -> bool:
        return self.rank >= other.rank
