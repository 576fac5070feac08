from __future__ import annotations

import pytest

from portal.db.transactions import atomic
from portal.organisations.tables import Organisation
from tests.factories import make_library

pytestmark = pytest.mark.usefixtures("db")


async def test_a_failing_inner_block_rolls_back_only_itself():
    await make_library("0186", "kept")
    with pytest.raises(RuntimeError):
        async with atomic():
            await make_library("0186", "discarded")
            raise RuntimeError("boom")
    assert await Organisation.exists().where(Organisation.code == "0186-kept")
    assert not await Organisation.exists().where(Organisation.code == "0186-discarded")
