"""Each test runs in a rolled-back transaction: what one test writes, the next never sees."""

from __future__ import annotations

import pytest

from portal.organisations.tables import Organisation
from tests.factories import make_library

pytestmark = pytest.mark.usefixtures("db")


async def test_first_writes_a_library():
    await make_library("0184", "isolation-probe")
    assert await Organisation.exists().where(Organisation.code == "0184-isolation-probe")


async def test_second_does_not_see_it():
    assert not await Organisation.exists().where(Organisation.code == "0184-isolation-probe")
