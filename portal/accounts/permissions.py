"""Who may act for which organisation: the one place that rule is written."""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser


def may_act_for(user: CurrentUser, organisation_code: str, organisation_county: str) -> bool:
    """Members act for their own organisation and its libraries (codes ``<own>-...``);
    coordinators act for any organisation of their own county; admins for all."""
    if user.has_role(Role.admin):
        return True
    own = user.organisation_code
    if organisation_code == own or organisation_code.startswith(f"{own}-"):
        return True
    return user.has_role(Role.coordinator) and organisation_county == user.county_code


def may_coordinate(user: CurrentUser, county_code: str) -> bool:
    return user.has_role(Role.admin) or (
        user.has_role(Role.coordinator) and user.county_code == county_code
    )
