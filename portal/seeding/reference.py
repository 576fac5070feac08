"""Reference data every installation needs: the county's municipalities and its region.

Idempotent: run it again and it updates names and coordinates in place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from portal.audit import services as audit
from portal.db.transactions import atomic
from portal.organisations.kinds import OrganisationKind
from portal.organisations.tables import Organisation
from portal.paths import DATA_DIR

STOCKHOLM_COUNTY = "01"
REGION_NAME = "Regionbibliotek Stockholm"


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    locality: str
    latitude: float
    longitude: float


def stockholm_municipalities() -> list[Municipality]:
    with (DATA_DIR / "stockholm_county_municipalities.csv").open(encoding="utf-8") as handle:
        return [
            Municipality(
                code=row["municipality_code"],
                name=row["name"],
                locality=row["main_locality"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(handle)
        ]


async def upsert_organisation(**values: object) -> tuple[int, bool]:
    """Insert or update by ``code``; returns (id, created)."""
    code = values["code"]
    existing = await Organisation.select(Organisation.id).where(Organisation.code == code).first()
    if existing is None:
        row = Organisation(**values)
        await row.save()
        return row.id, True
    await Organisation.update({getattr(Organisation, k): v for k, v in values.items()}).where(
        Organisation.id == existing["id"]
    )
    return existing["id"], False


async def seed_reference() -> int:
    """Seed the region, its municipalities, the vocabularies, the CPV codes and the procurement
    thresholds; returns how many were created."""
    from portal.matches.weights import seed_weights
    from portal.procurements.cpv import seed_cpv_codes
    from portal.procurements.thresholds import seed_thresholds
    from portal.vocabularies.services import seed_vocabularies

    created = 0
    async with atomic():
        created += await seed_vocabularies()
        created += await seed_cpv_codes()
        created += await seed_thresholds()
        created += await seed_weights()
        _, new = await upsert_organisation(
            code=STOCKHOLM_COUNTY,
            name=REGION_NAME,
            kind=OrganisationKind.region.value,
            county_code=STOCKHOLM_COUNTY,
            municipality_code=None,
            locality="Stockholm",
            latitude=59.329,
            longitude=18.069,
        )
        created += new
        for municipality in stockholm_municipalities():
            _, new = await upsert_organisation(
                code=municipality.code,
                name=f"{municipality.name} kommun",
                kind=OrganisationKind.municipality.value,
                county_code=STOCKHOLM_COUNTY,
                municipality_code=municipality.code,
                locality=municipality.locality,
                latitude=municipality.latitude,
                longitude=municipality.longitude,
            )
            created += new
        if created:
            await audit.record(
                actor_id=None,
                actor_kind="system",
                action="seed.reference",
                entity_type="organisation",
                entity_id=STOCKHOLM_COUNTY,
                changes={"created": created},
            )
    return created
