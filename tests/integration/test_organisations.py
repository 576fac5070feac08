from __future__ import annotations

import pytest

from portal.errors import NotFound
from portal.organisations import services
from portal.organisations.kinds import OrganisationKind
from portal.seeding.reference import seed_reference, stockholm_municipalities
from tests.factories import make_library

pytestmark = pytest.mark.usefixtures("db")


async def test_reference_data_has_the_26_municipalities_and_the_region():
    municipalities = await services.list_organisations(
        kind=OrganisationKind.municipality, per_page=100
    )
    assert municipalities.total == 26
    codes = {m.code for m in municipalities.items}
    assert codes == {m.code for m in stockholm_municipalities()}
    assert all(m.county_code == "01" for m in municipalities.items)
    region = await services.get_organisation("01")
    assert region.kind == OrganisationKind.region
    assert region.name == "Regionbibliotek Stockholm"


async def test_seeding_reference_again_creates_nothing():
    assert await seed_reference() == 0
    total = await services.list_organisations(per_page=1)
    assert total.total == 27


async def test_municipality_shows_its_libraries_as_children():
    code = await make_library("0127", "tumba-test")
    botkyrka = await services.get_organisation("0127")
    assert code in [child.code for child in botkyrka.children]
    library = await services.get_organisation(code)
    assert library.parent_code == "0127"
    assert library.municipality_code == "0127"


async def test_coordinates_come_from_the_reference_file():
    stockholm = await services.get_organisation("0180")
    assert (stockholm.latitude, stockholm.longitude) == (59.329, 18.069)


async def test_unknown_organisation_is_not_found():
    with pytest.raises(NotFound):
        await services.get_organisation("9999")


async def test_search_by_name_is_case_insensitive_and_escapes_wildcards():
    found = await services.list_organisations(query="södertälje")
    assert [o.code for o in found.items] == ["0181"]
    nothing = await services.list_organisations(query="%")
    assert nothing.total == 0
