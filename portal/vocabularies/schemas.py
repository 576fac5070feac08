from __future__ import annotations

from typing import Annotated

import msgspec

from portal.vocabularies.kinds import Level

Code = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]


class TermRead(msgspec.Struct, frozen=True):
    code: str
    name: str
    name_sv: str
    name_en: str
    active: bool


class TermCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]
    name_sv: Name
    name_en: Name


class TermUpdate(msgspec.Struct, forbid_unknown_fields=True):
    name_sv: Name | msgspec.UnsetType = msgspec.UNSET
    name_en: Name | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class LanguageLevel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Code
    level: Level
