"""Fill a portal database with realistic cataloguing needs and expert profiles, fast.

    .venv/bin/python -m bench.generate --needs 100000 --experts 20000 [--seed 1]

Uses ``PORTAL_DATABASE_URL`` when set, else the embedded server in ``PORTAL_DATA_DIR``
(``./.portal``, database ``portal``: the dev database). It runs the migrations, seeds the
reference data, then bulk-loads with ``COPY`` (asyncpg ``copy_records_to_table``):

- libraries in every municipality (upserted by code, so the demo libraries are reused),
- users: one per expert, members in every municipality and its libraries, a few coordinators
  at the region; all share one argon2 hash of :data:`PASSWORD`, computed once,
- one expert profile per expert user, and the needs.

Rows it creates are recognised by the e-mail domain ``@bench.example``; ``--replace`` deletes
an earlier run's users, profiles and needs first (libraries are kept and reused). Bulk loading
bypasses the services, so it writes no audit events.

Deterministic: the same ``--seed`` and ``--today`` give the same rows (``--today`` defaults to
the current date; deadlines and creation times are spread around it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
import time
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

import asyncpg

from bench import texts

EMAIL_DOMAIN = "bench.example"
PASSWORD = "bench-password-1"  # noqa: S105 - a known password for generated accounts
COUNTY = "01"

NEED_STATUS_WEIGHTS = {
    "open": 55,
    "draft": 10,
    "matched": 9,
    "in_progress": 6,
    "done": 15,
    "cancelled": 5,
}
NEED_LEVEL_WEIGHTS = {"basic": 10, "good": 35, "fluent": 40, "native": 15}
FIRST_LEVEL_WEIGHTS = {"good": 10, "fluent": 35, "native": 55}
OTHER_LEVEL_WEIGHTS = {"basic": 25, "good": 35, "fluent": 30, "native": 10}
LANGUAGE_COUNT_WEIGHTS = {1: 65, 2: 25, 3: 10}


def _pick(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _distinct(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """``k`` distinct keys drawn by weight, in the order drawn."""
    chosen: list[str] = []
    while len(chosen) < k:
        key = _pick(rng, weights)
        if key not in chosen:
            chosen.append(key)
    return chosen


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


@dataclass
class Summary:
    libraries: int = 0
    users: int = 0
    experts: int = 0
    needs: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Org:
    id: int
    code: str
    municipality: str
    is_library: bool


class Generator:
    """All random choices, from one seeded ``random.Random``."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, clock(12, 0), tzinfo=UTC)
        self.municipality_weights = dict(texts.MUNICIPALITY_POPULATION)

    # --- organisations and people -------------------------------------------------------

    def libraries(self, names: dict[str, str]) -> list[tuple[str, str, str]]:
        """(municipality code, library code, name): about 1 + pop^0.6/3 per municipality."""
        rng = self.rng
        combos = [(p, s) for p in texts.LIBRARY_PREFIXES for s in texts.LIBRARY_SUFFIXES]
        rows: list[tuple[str, str, str]] = []
        for code, population in texts.MUNICIPALITY_POPULATION.items():
            count = max(1, round(population**0.6 / 3))
            rows.append((code, f"{code}-huvudbiblioteket", f"{names[code]} huvudbibliotek"))
            for prefix, suffix in rng.sample(combos, count - 1):
                place = prefix + suffix
                genitive = place if place[-1] in "sxz" else place + "s"
                rows.append((code, f"{code}-{_slug(place)}", f"{genitive} bibliotek"))
        return rows

    def person(self, n: int) -> tuple[str, str]:
        first = self.rng.choice(texts.FIRST_NAMES)
        last = self.rng.choice(texts.LAST_NAMES)
        email = f"{_slug(first)}.{_slug(last)}.{n}@{EMAIL_DOMAIN}"
        return f"{first} {last}", email

    def municipality(self) -> str:
        return _pick(self.rng, self.municipality_weights)

    # --- languages --------------------------------------------------------------------

    def languages(self, weights: dict[str, float]) -> list[str]:
        return _distinct(self.rng, weights, _pick(self.rng, LANGUAGE_COUNT_WEIGHTS))

    @staticmethod
    def scripts(codes: Sequence[str]) -> list[str]:
        return sorted({texts.script_of(code) for code in codes})

    def _language_phrase(self, code: str) -> tuple[str | None, str]:
        return texts.LANGUAGE_SV[code]

    # --- needs ------------------------------------------------------------------------

    def need_text(self, codes: list[str], material: str, count: int) -> tuple[str, str]:
        rng = self.rng
        adjective, name = self._language_phrase(codes[0])
        noun = rng.choice(texts.MATERIAL_NOUNS[material])
        qualifier = rng.choice(texts.QUALIFIERS)
        if adjective is not None and rng.random() < 0.75:
            template = rng.choice(texts.TITLES_ADJECTIVE)
        else:
            template = rng.choice(texts.TITLES_PHRASE)
        title = template.format(
            adj=adjective or name,
            Adj=_cap(adjective or name),
            lang=name,
            noun=noun,
            Noun=_cap(noun),
            Qual=qualifier,
        )
        if len(codes) > 1 and rng.random() < 0.5:
            others = [texts.LANGUAGE_SV[c][1] for c in codes[1:]]
            title += f" (även {_joined(others)})"
        languages = _joined([texts.LANGUAGE_SV[c][1] for c in codes])
        script_code = texts.script_of(codes[0])
        script = texts.SCRIPT_SV[script_code]
        pool = texts.DESCRIPTION_SENTENCES
        if script_code == "Latn":
            pool = [s for s in pool if "{script}" not in s and "ALA-LC" not in s]
        sentences = [rng.choice(texts.DESCRIPTION_OPENINGS), *rng.sample(pool, rng.randint(1, 4))]
        description = " ".join(
            s.format(count=count, noun=noun, lang=languages, script=script) for s in sentences
        )
        return title[:200], description

    def need(self, owner: Org, libraries: list[Org], posters: list[int]) -> tuple[Any, ...]:
        rng = self.rng
        status = _pick(rng, NEED_STATUS_WEIGHTS)
        codes = self.languages(texts.NEED_LANGUAGE_WEIGHTS)
        required_languages = [
            {"code": code, "level": _pick(rng, NEED_LEVEL_WEIGHTS)} for code in codes
        ]
        scripts = self.scripts(codes)
        material = _pick(rng, texts.MATERIAL_WEIGHTS)
        skills = _distinct(rng, texts.SKILL_WEIGHTS, rng.choice((1, 1, 2, 2, 2, 3)))
        if scripts != ["Latn"] and "ala-lc" not in skills and rng.random() < 0.5:
            skills.append("ala-lc")
        if material == "childrens-books" and "barnamnesord" not in skills and rng.random() < 0.5:
            skills.append("barnamnesord")
        rest = {k: w for k, w in texts.SKILL_WEIGHTS.items() if k not in skills}
        wished = _distinct(rng, rest, rng.choice((0, 0, 1, 1, 2)))
        titles = max(1, min(5000, int(rng.lognormvariate(4.0, 0.8))))
        hours = max(1.0, min(10_000.0, round(titles * rng.uniform(0.15, 0.6) * 2) / 2))
        title, description = self.need_text(codes, material, titles)

        if status in ("open", "draft"):
            age = rng.uniform(0, 180)
        elif status in ("matched", "in_progress"):
            age = rng.uniform(14, 240)
        else:
            age = rng.uniform(30, 730)
        created = self.now - timedelta(days=age, seconds=rng.randint(0, 86_399))
        updated = created + (self.now - created) * rng.random() * 0.5
        if rng.random() < 0.08:
            deadline = None
        elif status in ("done", "cancelled"):
            deadline = created.date() + timedelta(days=rng.randint(14, 180))
        else:
            deadline = self.today + timedelta(days=rng.randint(1, 183))

        remote = rng.random() < 0.7
        library = None
        if not remote:
            library = owner.id if owner.is_library else rng.choice(libraries).id
        poster = rng.choice(posters)
        version = 1 if status in ("open", "draft") else rng.randint(2, 4)
        return (
            "cataloguing",
            owner.id,
            owner.municipality,
            title,
            description,
            json.dumps(required_languages),
            codes,
            scripts,
            sorted(skills),
            sorted(wished),
            material,
            titles,
            hours,
            deadline,
            remote,
            library,
            rng.random() < 0.8,
            poster,
            status,
            poster,
            created,
            updated,
            version,
        )

    # --- experts ----------------------------------------------------------------------

    def expert(self, user_id: int, municipality: str) -> tuple[Any, ...]:
        rng = self.rng
        codes = self.languages(texts.EXPERT_LANGUAGE_WEIGHTS)
        languages = [{"code": codes[0], "level": _pick(rng, FIRST_LEVEL_WEIGHTS)}]
        languages += [{"code": c, "level": _pick(rng, OTHER_LEVEL_WEIGHTS)} for c in codes[1:]]
        scripts = sorted({"Latn", *self.scripts(codes)})
        skills = _distinct(rng, texts.SKILL_WEIGHTS, rng.randint(2, 6))
        if scripts != ["Latn"] and "ala-lc" not in skills and rng.random() < 0.6:
            skills.append("ala-lc")
        materials = _distinct(rng, texts.MATERIAL_WEIGHTS, rng.randint(1, 4))
        names = [texts.LANGUAGE_SV[c][1] for c in codes]
        headline = rng.choice(texts.HEADLINES).format(langs=_joined(names))
        noun = rng.choice(texts.MATERIAL_NOUNS[materials[0]])
        pool = texts.EXPERT_SENTENCES
        if texts.script_of(codes[0]) == "Latn":
            pool = [s for s in pool if "{script}" not in s]
        sentences = rng.sample(pool, rng.randint(2, 4))
        description = " ".join(
            s.format(
                noun=noun,
                lang=names[0],
                years=rng.randint(2, 30),
                script=texts.SCRIPT_SV[texts.script_of(codes[0])],
            )
            for s in sentences
        )
        capacity = float(rng.choices((2, 4, 5, 8, 10, 16, 20, 40), (8, 14, 10, 20, 14, 8, 6, 2))[0])
        available_from = (
            None if rng.random() < 0.2 else self.today - timedelta(days=rng.randint(-90, 365))
        )
        available_until = None
        if available_from is not None and rng.random() < 0.4:
            available_until = available_from + timedelta(days=rng.randint(30, 365))
        remote = rng.random() < 0.9
        onsite = rng.random() < 0.35 or not remote
        travel = rng.choice((5, 10, 20, 30, 50, 100)) if onsite else 0
        created = self.now - timedelta(days=rng.uniform(0, 700))
        return (
            user_id,
            headline[:200],
            description,
            json.dumps(languages),
            codes,
            scripts,
            sorted(skills),
            materials,
            capacity,
            available_from,
            available_until,
            remote,
            onsite,
            travel,
            municipality,
            rng.random() < 0.93,
            created,
            created + (self.now - created) * rng.random(),
        )


USER_COLUMNS = ["email", "name", "password_hash", "organisation", "roles", "language", "active"]
EXPERT_COLUMNS = [
    "user", "headline", "description", "languages", "language_codes", "scripts", "skills",
    "material_types", "capacity_hours_per_week", "available_from", "available_until", "remote",
    "onsite", "travel_km", "municipality_code", "visible", "created_at", "updated_at",
]  # fmt: skip
NEED_COLUMNS = [
    "kind", "organisation", "municipality_code", "title", "description", "required_languages",
    "language_codes", "required_scripts", "required_skills", "wished_skills", "material_type",
    "titles_count", "estimated_hours", "deadline", "remote", "library", "splittable", "contact",
    "status", "created_by", "created_at", "updated_at", "version",
]  # fmt: skip


async def _remove_previous(connection: asyncpg.Connection) -> int:
    pattern = f"%@{EMAIL_DOMAIN}"
    users = "SELECT id FROM user_account WHERE email LIKE $1"
    await connection.execute(
        f"DELETE FROM need WHERE created_by IN ({users}) OR contact IN ({users})",  # noqa: S608
        pattern,
    )
    await connection.execute(
        f'DELETE FROM expert_profile WHERE "user" IN ({users})',  # noqa: S608
        pattern,
    )
    status = await connection.execute("DELETE FROM user_account WHERE email LIKE $1", pattern)
    return int(status.split()[-1])


async def load(
    dsn: str,
    *,
    needs: int,
    experts: int,
    seed: int = 1,
    today: date | None = None,
    members: int | None = None,
    replace: bool = False,
    log: bool = True,
) -> Summary:
    """Bulk-load generated rows into a migrated database that has its reference data."""
    from portal.accounts.passwords import hash_password

    def say(message: str) -> None:
        if log:
            print(f"bench.generate: {message}", file=sys.stderr, flush=True)

    gen = Generator(seed, today or date.today())
    rng = gen.rng
    summary = Summary()
    members = members if members is not None else max(3 * 26, needs // 250)
    password_hash = hash_password(PASSWORD)
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            started = time.perf_counter()
            previous = await connection.fetchval(
                "SELECT count(*) FROM user_account WHERE email LIKE $1", f"%@{EMAIL_DOMAIN}"
            )
            if previous:
                if not replace:
                    raise SystemExit(
                        f"bench.generate: {previous} generated users (@{EMAIL_DOMAIN}) exist "
                        "already; pass --replace to delete them with their needs and profiles"
                    )
                say(f"removed {await _remove_previous(connection)} earlier generated users")

            # Organisations: the seeded municipalities and region, and libraries.
            municipalities = {
                r["code"]: r
                for r in await connection.fetch(
                    "SELECT id, code, name FROM organisation WHERE kind = 'municipality' "
                    "AND county_code = $1",
                    COUNTY,
                )
            }
            missing = set(texts.MUNICIPALITY_POPULATION) - set(municipalities)
            if missing:
                raise SystemExit(f"bench.generate: municipalities not seeded: {sorted(missing)}")
            region = await connection.fetchval(
                "SELECT id FROM organisation WHERE code = $1", COUNTY
            )
            names = {code: r["name"].removesuffix(" kommun") for code, r in municipalities.items()}
            library_rows = gen.libraries(names)
            await connection.executemany(
                "INSERT INTO organisation (code, name, kind, county_code, municipality_code, "
                "parent, locality, created_at) VALUES ($1, $2, 'library', $3, $4, $5, $6, $7) "
                "ON CONFLICT (code) DO NOTHING",
                [
                    (code, name, COUNTY, muni, municipalities[muni]["id"], names[muni], gen.now)
                    for muni, code, name in library_rows
                ],
            )
            libraries: dict[str, list[Org]] = {m: [] for m in municipalities}
            for r in await connection.fetch(
                "SELECT id, code, municipality_code FROM organisation "
                "WHERE kind = 'library' AND county_code = $1 ORDER BY code",
                COUNTY,
            ):
                if r["municipality_code"] in libraries:
                    libraries[r["municipality_code"]].append(
                        Org(r["id"], r["code"], r["municipality_code"], True)
                    )
            summary.libraries = sum(len(v) for v in libraries.values())
            owners = {
                m: Org(r["id"], m, m, False) for m, r in municipalities.items()
            }  # the municipality itself

            # Users: members spread by population (at least 3 per municipality), experts,
            # and three coordinators at the region.
            users: list[tuple[Any, ...]] = []
            member_emails: dict[str, list[str]] = {m: [] for m in municipalities}
            n = 0
            total_population = sum(texts.MUNICIPALITY_POPULATION.values())
            for muni, population in texts.MUNICIPALITY_POPULATION.items():
                for _ in range(max(3, round(members * population / total_population))):
                    n += 1
                    name, email = gen.person(n)
                    org = owners[muni] if rng.random() < 0.4 else rng.choice(libraries[muni])
                    users.append((email, name, password_hash, org.id, ["member"], "sv", True))
                    member_emails[muni].append(email)
            for _ in range(3):
                n += 1
                name, email = gen.person(n)
                roles = ["coordinator", "member"]
                users.append((email, name, password_hash, region, roles, "sv", True))
            expert_homes: list[tuple[str, str]] = []
            for _ in range(experts):
                n += 1
                name, email = gen.person(n)
                home = gen.municipality()
                org = region if rng.random() < 0.05 else owners[home].id
                roles = ["expert", "member"] if rng.random() < 0.1 else ["expert"]
                users.append((email, name, password_hash, org, roles, "sv", True))
                expert_homes.append((email, home))
            await connection.copy_records_to_table(
                "user_account", records=users, columns=USER_COLUMNS
            )
            ids = {
                r["email"]: r["id"]
                for r in await connection.fetch(
                    "SELECT id, email FROM user_account WHERE email LIKE $1", f"%@{EMAIL_DOMAIN}"
                )
            }
            summary.users = len(users)
            summary.seconds["users"] = time.perf_counter() - started
            say(f"{summary.libraries} libraries, {summary.users} users")

            started = time.perf_counter()
            profiles = [gen.expert(ids[email], home) for email, home in expert_homes]
            await connection.copy_records_to_table(
                "expert_profile", records=profiles, columns=EXPERT_COLUMNS
            )
            summary.experts = len(profiles)
            summary.seconds["experts"] = time.perf_counter() - started
            say(f"{summary.experts} expert profiles in {summary.seconds['experts']:.1f} s")

            started = time.perf_counter()
            posters = {m: [ids[e] for e in emails] for m, emails in member_emails.items()}
            batch: list[tuple[Any, ...]] = []
            for _ in range(needs):
                muni = gen.municipality()
                owner = owners[muni] if rng.random() < 0.45 else rng.choice(libraries[muni])
                batch.append(gen.need(owner, libraries[muni], posters[muni]))
                if len(batch) == 20_000:
                    await connection.copy_records_to_table(
                        "need", records=batch, columns=NEED_COLUMNS
                    )
                    summary.needs += len(batch)
                    batch = []
            if batch:
                await connection.copy_records_to_table("need", records=batch, columns=NEED_COLUMNS)
                summary.needs += len(batch)
            summary.seconds["needs"] = time.perf_counter() - started
            say(f"{summary.needs} needs in {summary.seconds['needs']:.1f} s")

        started = time.perf_counter()
        # Set the visibility map and the statistics, as autovacuum would in a while.
        await connection.execute("VACUUM (ANALYZE) organisation, user_account")
        await connection.execute("VACUUM (ANALYZE) expert_profile, need")
        summary.seconds["vacuum"] = time.perf_counter() - started
        say(f"vacuum analyze in {summary.seconds['vacuum']:.1f} s")
    finally:
        await connection.close()
    return summary


async def prepare(database_url: str) -> None:
    """Point the portal's engine at ``database_url``, migrate it, seed the reference data."""
    from portal.db.engine import configure
    from portal.db.migrate import migrate
    from portal.seeding.reference import seed_reference

    configure(database_url)
    await migrate()
    await seed_reference()


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--experts", type=int, default=20_000)
    parser.add_argument(
        "--members", type=int, default=None, help="member users (default: needs / 250)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--replace", action="store_true", help="delete an earlier run's generated rows first"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    args = _arguments(argv)
    from portal.db import embedded
    from portal.db.setup import connect
    from portal.settings import load_settings

    started = time.perf_counter()
    try:
        url = connect(load_settings())

        async def work() -> Summary:
            await prepare(url)
            return await load(
                url,
                needs=args.needs,
                experts=args.experts,
                seed=args.seed,
                today=args.today,
                members=args.members,
                replace=args.replace,
            )

        summary = asyncio.run(work())
    finally:
        embedded.stop_all()
    print(
        f"bench.generate: {summary.needs} needs, {summary.experts} expert profiles, "
        f"{summary.users} users, {summary.libraries} libraries in "
        f"{math.ceil(time.perf_counter() - started)} s (password of every generated user: "
        f"{PASSWORD})"
    )


if __name__ == "__main__":
    main()
