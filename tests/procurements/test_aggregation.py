"""Totals over the contract period and the threshold bands: pure functions, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.procurements import aggregation
from portal.procurements.phases import TRANSITIONS, Phase
from portal.procurements.schemas import ThresholdRead
from portal.settings import SettingsError, load_settings

DIRECT = ThresholdRead(
    id=1,
    kind="direct_award",
    valid_from=date(2022, 2, 1),
    valid_to=None,
    amount_sek=700_000,
    amount_eur=None,
    source="",
)
EU_2024 = ThresholdRead(
    id=2,
    kind="eu_sub_central",
    valid_from=date(2024, 1, 1),
    valid_to=date(2025, 12, 31),
    amount_sek=2_389_585,
    amount_eur=221_000,
    source="",
)
EU_2026 = ThresholdRead(
    id=3,
    kind="eu_sub_central",
    valid_from=date(2026, 1, 1),
    valid_to=date(2027, 12, 31),
    amount_sek=None,
    amount_eur=216_000,
    source="",
)
ALL = [DIRECT, EU_2024, EU_2026]


@pytest.mark.parametrize(
    ("start", "end", "extension", "years"),
    [
        (date(2028, 1, 1), date(2029, 12, 31), 0, Decimal("2.00")),
        (date(2028, 1, 1), date(2029, 12, 31), 2, Decimal("4.00")),
        (date(2027, 4, 1), date(2028, 3, 31), 1, Decimal("2.00")),
        (date(2027, 1, 1), date(2027, 6, 30), 0, Decimal("0.50")),
        (None, date(2027, 6, 30), 0, None),
    ],
)
def test_contract_years(start, end, extension, years):
    assert aggregation.contract_years(start, end, extension) == years


def test_lot_totals_keep_committed_and_interested_apart_and_ignore_withdrawn():
    volumes = [
        aggregation.Volume(lot_id=1, status="committed", annual_sek=100),
        aggregation.Volume(lot_id=1, status="interested", annual_sek=40),
        aggregation.Volume(lot_id=2, status="committed", annual_sek=10),
        aggregation.Volume(lot_id=2, status="withdrawn", annual_sek=999),
        aggregation.Volume(lot_id=99, status="committed", annual_sek=5),
    ]
    totals = aggregation.lot_totals([(1, "A"), (2, "B")], volumes, Decimal("2.5"))
    assert [(t.committed_annual_sek, t.interested_annual_sek) for t in totals] == [
        (100, 40),
        (10, 0),
    ]
    assert [t.committed_total_sek for t in totals] == [250, 25]
    assert aggregation.lot_totals([(1, "A")], volumes, None)[0].committed_total_sek is None


def test_threshold_in_force_by_date():
    assert aggregation.in_force(ALL, "eu_sub_central", date(2025, 12, 31)) is EU_2024
    assert aggregation.in_force(ALL, "eu_sub_central", date(2026, 1, 1)) is EU_2026
    assert aggregation.in_force(ALL, "eu_sub_central", date(2028, 1, 1)) is None
    assert aggregation.in_force(ALL, "direct_award", date(2030, 1, 1)) is DIRECT
    assert aggregation.in_force(ALL, "direct_award", date(2021, 1, 1)) is None


@pytest.mark.parametrize(
    ("value", "eu", "band"),
    [
        (699_999, EU_2024, "direct_award"),
        (700_000, EU_2024, "below_eu"),
        (2_389_584, EU_2024, "below_eu"),
        (2_389_585, EU_2024, "eu"),
        (699_999, EU_2026, "direct_award"),
        (700_000, EU_2026, "eu_unknown"),
        (50_000_000, EU_2026, "eu_unknown"),
        (None, EU_2024, "unknown"),
        (1_000_000, None, "eu_unknown"),
    ],
)
def test_bands(value, eu, band):
    assert aggregation.band(value, DIRECT, eu) == band


def test_cancelled_from_every_phase_before_closed_and_one_step_forward():
    for phase, allowed in TRANSITIONS.items():
        if phase in (Phase.closed, Phase.cancelled):
            assert allowed == ()
        else:
            assert allowed[-1] is Phase.cancelled and len(allowed) == 2
    assert TRANSITIONS[Phase.awarded] == (Phase.contract_active, Phase.cancelled)


@pytest.mark.parametrize("prefix", ["ocds-abc123-", "ocds-xxxxxx-svp-", "ocds-0a1b2c-sv-01-"])
def test_ocid_prefix_accepted(prefix):
    assert load_settings({"PORTAL_OCID_PREFIX": prefix}).ocid_prefix == prefix


@pytest.mark.parametrize("prefix", ["ocds-abc-", "abc123-", "ocds-abc123", "ocds-ABC123-x"])
def test_ocid_prefix_refused_naming_the_variable(prefix):
    with pytest.raises(SettingsError, match="PORTAL_OCID_PREFIX"):
        load_settings({"PORTAL_OCID_PREFIX": prefix})
