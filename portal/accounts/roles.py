import enum


class Role(enum.StrEnum):
    member = "member"
    expert = "expert"
    coordinator = "coordinator"
    admin = "admin"


class Language(enum.StrEnum):
    sv = "sv"
    en = "en"
