"""Demo data: a believable Stockholm County to click around in. Never in production."""

from __future__ import annotations

from dataclasses import dataclass

from portal.accounts import services as accounts
from portal.accounts.roles import Role
from portal.accounts.tables import UserAccount
from portal.db.transactions import atomic
from portal.organisations.kinds import OrganisationKind
from portal.organisations.tables import Organisation
from portal.seeding.demo_experts import seed_demo_experts
from portal.seeding.demo_needs import seed_demo_needs
from portal.seeding.demo_procurements import seed_demo_procurements
from portal.seeding.reference import STOCKHOLM_COUNTY, seed_reference, upsert_organisation

DEMO_PASSWORD = "samverkan-demo"  # noqa: S105 - printed for people trying the portal out

# (municipality code, slug, name): real public libraries of the county.
LIBRARIES = [
    ("0180", "stadsbiblioteket", "Stockholms stadsbibliotek"),
    ("0180", "kista", "Kista bibliotek"),
    ("0180", "husby", "Husby bibliotek"),
    ("0127", "tumba", "Tumba bibliotek"),
    ("0127", "hallunda", "Hallunda bibliotek"),
    ("0127", "fittja", "Fittja bibliotek"),
    ("0181", "stadsbiblioteket", "Södertälje stadsbibliotek"),
    ("0181", "hovsjo", "Hovsjö bibliotek"),
    ("0126", "huddinge", "Huddinge bibliotek"),
    ("0126", "flemingsberg", "Flemingsbergs bibliotek"),
    ("0123", "jakobsberg", "Jakobsbergs bibliotek"),
    ("0182", "nacka-forum", "Nacka Forum bibliotek"),
    ("0184", "solna", "Solna stadsbibliotek"),
    ("0183", "sundbyberg", "Sundbybergs stadsbibliotek"),
    ("0188", "norrtalje", "Norrtälje stadsbibliotek"),
    ("0191", "marsta", "Märsta bibliotek"),
    ("0136", "handen", "Haninge kulturhus bibliotek"),
    ("0192", "nynashamn", "Nynäshamns bibliotek"),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    organisation: str
    roles: tuple[Role, ...]
    what: str


DEMO_USERS = [
    DemoUser(
        "samordnare@regionbibliotek.example",
        "Karin Lindqvist",
        STOCKHOLM_COUNTY,
        (Role.coordinator, Role.member),
        "samordnare, Regionbibliotek Stockholm",
    ),
    DemoUser(
        "admin@regionbibliotek.example",
        "Per Ekström",
        STOCKHOLM_COUNTY,
        (Role.admin, Role.coordinator),
        "administratör",
    ),
    DemoUser(
        "amina.hassan@botkyrka.example",
        "Amina Hassan",
        "0127-tumba",
        (Role.member,),
        "bibliotekarie, Tumba bibliotek (Botkyrka)",
    ),
    DemoUser(
        "jonas.berg@sodertalje.example",
        "Jonas Berg",
        "0181-stadsbiblioteket",
        (Role.member,),
        "medieansvarig, Södertälje stadsbibliotek",
    ),
    DemoUser(
        "elin.sjoberg@norrtalje.example",
        "Elin Sjöberg",
        "0188",
        (Role.member,),
        "bibliotekschef, Norrtälje kommun",
    ),
    DemoUser(
        "leyla.karimi@stockholm.example",
        "Leyla Karimi",
        "0180-stadsbiblioteket",
        (Role.expert, Role.member),
        "katalogisatör (persiska, arabiska), Stockholm",
    ),
    DemoUser(
        "yonas.tesfaye@huddinge.example",
        "Yonas Tesfaye",
        "0126-flemingsberg",
        (Role.expert,),
        "katalogisatör (tigrinska, amhariska), Huddinge",
    ),
    DemoUser(
        "meron.haile@sodertalje.example",
        "Meron Haile",
        "0181",
        (Role.expert, Role.member),
        "katalogisatör (tigrinska), Södertälje",
    ),
    DemoUser(
        "aino.virtanen@sollentuna.example",
        "Aino Virtanen",
        "0163",
        (Role.expert, Role.member),
        "katalogisatör (finska, meänkieli), Sollentuna",
    ),
]


async def seed_demo() -> list[DemoUser]:
    """Seed reference data, demo libraries and demo users; returns the users created."""
    await seed_reference()
    created: list[DemoUser] = []
    async with atomic():
        for municipality_code, slug, name in LIBRARIES:
            parent = await (
                Organisation.select(Organisation.id, Organisation.locality)
                .where(Organisation.code == municipality_code)
                .first()
            )
            assert parent is not None, municipality_code
            await upsert_organisation(
                code=f"{municipality_code}-{slug}",
                name=name,
                kind=OrganisationKind.library.value,
                county_code=STOCKHOLM_COUNTY,
                municipality_code=municipality_code,
                parent=parent["id"],
                locality=parent["locality"],
            )
        for user in DEMO_USERS:
            if await UserAccount.exists().where(UserAccount.email == user.email):
                continue
            await accounts.create_user(
                email=user.email,
                name=user.name,
                organisation_code=user.organisation,
                roles=list(user.roles),
                password=DEMO_PASSWORD,
            )
            created.append(user)
        await seed_demo_needs()
        await seed_demo_procurements()
        await seed_demo_experts()
    return created
