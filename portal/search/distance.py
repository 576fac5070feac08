"""Distances between municipalities, by the haversine formula over their coordinates.

The SQL expression and the Python function compute the same thing: lists sort and filter in
the database, and the matching code (which has no database) uses the function.
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = radians(lat2 - lat1)
    dlon = radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


def haversine_sql(lat: str, lon: str, origin_lat: str, origin_lon: str) -> str:
    """A SQL expression of the distance in km; arguments are SQL expressions or placeholders."""
    return (
        f"(2 * {EARTH_RADIUS_KM} * asin(sqrt("
        f"power(sin(radians({lat} - {origin_lat}) / 2), 2) + "
        f"cos(radians({origin_lat})) * cos(radians({lat})) * "
        f"power(sin(radians({lon} - {origin_lon}) / 2), 2))))"
    )


# The pieces list queries use: the row's municipality ``m`` (with coordinates), the origin
# municipality as a one-row join, and the distance between them.
ORIGIN_JOIN = " CROSS JOIN (SELECT latitude, longitude FROM organisation WHERE code = {}) AS origin"
DISTANCE_SQL = haversine_sql("m.latitude", "m.longitude", "origin.latitude", "origin.longitude")


def municipality_join(alias: str) -> str:
    return (
        " LEFT JOIN organisation m ON m.kind = 'municipality' "
        f"AND m.code = {alias}.municipality_code"
    )


async def origin_code(viewer_organisation: str | None, near: str | None) -> str | None:
    """The municipality distances are measured from: ``near``, else the viewer's own."""
    from portal.errors import Invalid
    from portal.i18n import gettext as _
    from portal.organisations.tables import Organisation

    if near:
        exists = await Organisation.exists().where(
            Organisation.code == near, Organisation.kind == "municipality"
        )
        if not exists:
            message = _("Okänd kommunkod.")
            raise Invalid(message, fields={"near": message})
        return near
    if viewer_organisation is None:
        return None
    own = await (
        Organisation.select(Organisation.municipality_code)
        .where(Organisation.code == viewer_organisation)
        .first()
    )
    return own["municipality_code"] if own else None
