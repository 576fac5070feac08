from __future__ import annotations

from portal.accounts.permissions import may_act_for, may_coordinate
from portal.accounts.roles import Language, Role
from portal.accounts.schemas import CurrentUser


def user(org: str, *roles: Role, county: str = "01") -> CurrentUser:
    return CurrentUser(
        id=1,
        email="a@b.se",
        name="A",
        roles=frozenset(roles or (Role.member,)),
        language=Language.sv,
        organisation_id=1,
        organisation_code=org,
        organisation_name="X",
        county_code=county,
    )


def test_members_act_for_their_own_organisation_and_its_libraries():
    member = user("0127")
    assert may_act_for(member, "0127", "01")
    assert may_act_for(member, "0127-tumba", "01")
    assert not may_act_for(member, "0126", "01")
    assert not may_act_for(member, "01270", "01")


def test_library_staff_do_not_act_for_the_whole_municipality():
    assert not may_act_for(user("0127-tumba"), "0127", "01")


def test_coordinators_act_within_their_own_county_only():
    coordinator = user("01", Role.coordinator)
    assert may_act_for(coordinator, "0181", "01")
    assert not may_act_for(coordinator, "1280", "12")
    assert may_coordinate(coordinator, "01")
    assert not may_coordinate(coordinator, "12")
    assert not may_coordinate(user("0180"), "01")


def test_admins_act_everywhere():
    assert may_act_for(user("01", Role.admin), "1280", "12")
