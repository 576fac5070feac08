from __future__ import annotations

from piccolo.columns import DoublePrecision, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.organisations.kinds import OrganisationKind


class Organisation(Table, tablename="organisation"):
    """A municipality, a region, a library (child of a municipality) or another body.

    ``code`` is the municipality code (``0180``), the county code for a region (``01``), or
    ``<municipality code>-<slug>`` for a library. ``county_code`` scopes what a coordinator may
    act on, so other regions can share one installation.
    """

    code = Varchar(length=64, unique=True, index=True)
    name = Varchar(length=200)
    kind = Varchar(length=20, choices=OrganisationKind)
    county_code = Varchar(length=2, index=True)
    municipality_code = Varchar(length=4, null=True, index=True)
    parent = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    locality = Varchar(length=100, default="")
    latitude = DoublePrecision(null=True)
    longitude = DoublePrecision(null=True)
    created_at = Timestamptz(default=TimestamptzNow())

    kind_is_known = Check("kind IN ('municipality', 'region', 'library', 'other')")
    county_code_is_two_digits = Check("county_code ~ '^[0-9]{2}$'")
    municipality_code_is_four_digits = Check(
        "municipality_code IS NULL OR municipality_code ~ '^[0-9]{4}$'"
    )
    latitude_in_range = Check("latitude IS NULL OR latitude BETWEEN -90 AND 90")
    longitude_in_range = Check("longitude IS NULL OR longitude BETWEEN -180 AND 180")
