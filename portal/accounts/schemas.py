from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from portal.accounts.roles import Language, Role
from portal.organisations.schemas import OrganisationRef

Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password


class CurrentUser(msgspec.Struct, frozen=True):
    """The signed-in person, as guards and services see them."""

    id: int
    email: str
    name: str
    roles: frozenset[Role]
    language: Language
    organisation_id: int
    organisation_code: str
    organisation_name: str
    county_code: str

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


class UserRead(msgspec.Struct, frozen=True):
    id: int
    email: str
    name: str
    roles: list[Role]
    language: Language
    organisation: OrganisationRef


class TokenCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] = "API"


class TokenCreated(msgspec.Struct, frozen=True):
    id: int
    name: str
    token: str


class TokenRead(msgspec.Struct, frozen=True):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
