"""Time the list services and endpoints on 100 000 needs and 20 000 expert profiles.

    .venv/bin/python -m bench.bench_lists [--runs 50] [--reuse] [--explain 3] [--json FILE]
    .venv/bin/python -m bench.bench_lists --reuse --compare \\
        --sql FILE.sql --patch NAME ...

Creates a scratch database (:mod:`bench.scratch`: never the dev or the test database), fills
it once with :mod:`bench.generate`, then times ``portal.needs.services.list_needs`` for
realistic filtered queries, for an anonymous visitor and a signed-in member, without and with
facets: ``--warmup`` untimed calls, then ``--runs`` timed ones (fewer, at least 10, once a case
has used up ``--budget`` seconds). The time is the service's wall time in this process on a
connection pool, as a request handler sees it ("server time": SQL round trips and row
conversion included, HTTP excluded); ``sql`` is the part spent waiting on
``portal.db.raw.fetch`` (items, count and facet queries). The expert list service and the
HTTP endpoints (through ``httpx.ASGITransport``) are timed the same way when they exist.

Proposals are tried without touching ``portal/``: ``--sql FILE`` runs FILE's statements on the
database first and ``--patch NAME`` swaps in a query change from :mod:`bench.experiments`
(after checking that it answers exactly like the current code). With ``--compare`` they go to
a copy of the scratch database (``<name>_proposed``) and every case is timed on both, one
right after the other, so that the load of the machine hits both sides alike.

Changes already made are measured the same way with ``--against REF``: the list services as
they were at git revision REF run on a copy of the database (``<name>_before``) on which the
migrations added since REF are rolled back (their ``BACKWARDS`` statements), side by side
with the working tree on the database as it is; every answer is compared too.

The benchmark's connections carry the portal's own connection settings (no JIT, custom
plans), and the list tables are vacuumed and analysed before timing (``--no-vacuum`` skips
it), as autovacuum would have done after the bulk load; the load average of the machine is
recorded before each section.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import types
import warnings
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

from bench import experiments, generate, scratch  # noqa: E402
from portal.search import bitmap_index  # noqa: E402

NEEDS = 100_000
EXPERTS = 20_000
TARGET_MS = 30.0
MIN_RUNS = 10


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- timing ------------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    viewer: str
    facets: bool
    variant: str
    total: int | None
    runs: int
    p50: float
    p95: float
    max: float
    sql_p50: float
    statements: int
    # The first call of the case (the facet index's cached SQL sets emptied first, as after
    # any change of the data); the timed runs follow the warm-up.
    first: float = 0.0

    @property
    def meets(self) -> bool:
        return self.p95 <= TARGET_MS


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class SqlClock:
    """Wraps the services' ``fetch`` to time SQL round trips and capture statements."""

    seconds: float = 0.0
    count: int = 0
    captured: list[tuple[str, tuple[Any, ...]]] | None = None
    rewrite: experiments.Rewrite | None = None
    originals: dict[Any, Any] = field(default_factory=dict)

    def install(self, *modules: Any) -> None:
        from portal.db import raw

        async def fetch(sql: str, *values: Any) -> list[dict[str, Any]]:
            if self.rewrite is not None:
                sql = self.rewrite(sql)
            started = time.perf_counter()
            try:
                return await raw.fetch(sql, *values)
            finally:
                self.seconds += time.perf_counter() - started
                self.count += 1
                if self.captured is not None:
                    self.captured.append((sql, values))

        for module in modules:
            if getattr(module, "fetch", None) is raw.fetch:
                self.originals[module] = module.fetch
                module.fetch = fetch

    def uninstall(self) -> None:
        for module, original in self.originals.items():
            module.fetch = original
        self.originals.clear()


@dataclass
class Variant:
    """A database (through its pool), the query changes in force on it and the list
    services that run on it (``needs`` and ``experts`` modules)."""

    label: str
    url: str
    pool: Any
    patches: list[str]
    clock: SqlClock
    services: dict[str, Any] = field(default_factory=dict)
    # Whether facet counts may come from the in-memory facet index.
    facet_index: bool = True

    def enter(self) -> None:
        from portal.db.engine import DB

        global ACTIVE
        DB.pool = self.pool
        bitmap_index.settings["enabled"] = self.facet_index
        self.clock.rewrite = experiments.rewriter(self.patches)
        ACTIVE = self

    def leave(self) -> None:
        self.clock.rewrite = None


ACTIVE: Variant | None = None


def service(name: str) -> Any:
    """The ``needs`` or ``experts`` services module of the variant being timed."""
    assert ACTIVE is not None
    return ACTIVE.services[name]


def connection_settings() -> dict[str, str]:
    """The server settings of the portal's own connections (portal.db.engine.configure)."""
    from portal.db.engine import DB

    return dict(DB.config.get("server_settings", {}))


# --- the code of an earlier revision ----------------------------------------------------


def module_at(ref: str, path: str, name: str) -> types.ModuleType:
    """The module at ``path`` as it was at git revision ``ref``, imported as ``name``."""
    from portal.paths import ROOT_DIR

    source = subprocess.run(  # noqa: S603 - git with a revision the user named
        ["git", "show", f"{ref}:{path}"],  # noqa: S607 - git from PATH
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT_DIR,
    ).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__file__ = f"{ref}:{path}"
    sys.modules[name] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - our own code
    return module


def migrations_since(ref: str) -> list[Path]:
    """Migration files of the working tree that revision ``ref`` does not have, newest
    first."""
    from portal.paths import ROOT_DIR

    listed = subprocess.run(  # noqa: S603 - git with a revision the user named
        ["git", "ls-tree", "--name-only", ref, "migrations/"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT_DIR,
    ).stdout.split()
    known = {Path(name).name for name in listed}
    return sorted(
        (p for p in (ROOT_DIR / "migrations").glob("portal_*.py") if p.name not in known),
        reverse=True,
    )


async def roll_back(dsn: str, migrations: list[Path]) -> list[str]:
    """Run the ``BACKWARDS`` statements of ``migrations`` (raw-SQL migrations keep them in a
    list) on ``dsn``; says what it did."""
    import asyncpg

    done: list[str] = []
    connection = await asyncpg.connect(dsn)
    try:
        for path in migrations:
            spec = importlib.util.spec_from_file_location(f"bench_rollback_{path.stem}", path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            statements = getattr(module, "BACKWARDS", None)
            if not isinstance(statements, list):
                done.append(f"{path.name}: no BACKWARDS list, left as it is")
                continue
            for statement in statements:
                await connection.execute(statement)
            done.append(f"{path.name}: rolled back")
    finally:
        await connection.close()
    for line in done:
        log(f"bench: before: {line}")
    return done


async def measure(
    call: Callable[[], Awaitable[Any]],
    clock: SqlClock,
    *,
    runs: int,
    warmup: int,
    budget: float = math.inf,
) -> tuple[Any, list[float], list[float], int]:
    """``runs`` timed calls after ``warmup`` untimed ones, stopping early (after at least
    :data:`MIN_RUNS`) once ``budget`` seconds are spent, so slow cases cannot take hours."""
    result = None
    first = 0.0
    for i in range(max(warmup, 1)):
        started = time.perf_counter()
        result = await call()
        if i == 0:
            first = (time.perf_counter() - started) * 1000
            if first > budget * 100:
                break  # a slow case: one warm-up call is enough
    wall: list[float] = []
    sql: list[float] = []
    statements = 0
    deadline = time.perf_counter() + budget
    for _ in range(runs):
        if len(wall) >= MIN_RUNS and time.perf_counter() > deadline:
            break
        clock.seconds, clock.count = 0.0, 0
        started = time.perf_counter()
        result = await call()
        wall.append((time.perf_counter() - started) * 1000)
        sql.append(clock.seconds * 1000)
        statements = clock.count
    return result, wall, sql, statements, first


def comparable(answer: Any) -> Any:
    """An answer with each facet's values in value order: revisions before the facet index
    ordered values with equal counts by the database's collation, later ones by code point."""
    if isinstance(answer, dict) and isinstance(answer.get("facets"), list):
        answer = dict(answer)
        answer["facets"] = [
            {**facet, "values": sorted(facet["values"], key=lambda v: v["value"])}
            for facet in answer["facets"]
        ]
    return answer


async def time_case(
    kind: str,
    name: str,
    viewer: str,
    facets: bool,
    variants: list[Variant],
    call: Callable[[], Awaitable[Any]],
    clock: SqlClock,
    args: argparse.Namespace,
    warmup: int | None = None,
) -> list[Timing]:
    timings = []
    answers = []
    for variant in variants:
        variant.enter()
        bitmap_index.clear_cached_sets()
        try:
            result, wall, sql, statements, first = await measure(
                call,
                clock,
                runs=args.runs,
                warmup=args.warmup if warmup is None else warmup,
                budget=args.budget,
            )
        finally:
            variant.leave()
        answers.append(
            comparable(result.answer() if isinstance(result, _Answer) else to_builtins(result))
        )
        if answers[-1] != answers[0]:
            raise SystemExit(
                f"bench: {variant.label} answers {kind} {name!r} ({viewer}, facets={facets}) "
                f"differently from {variants[0].label}"
            )
        t = Timing(
            name=name,
            viewer=viewer,
            facets=facets,
            variant=variant.label,
            total=getattr(result, "total", None),
            runs=len(wall),
            p50=statistics.median(wall),
            p95=percentile(wall, 95),
            max=max(wall),
            sql_p50=statistics.median(sql),
            statements=statements,
            first=first,
        )
        timings.append(t)
        log(
            f"  {kind:7} {name[:44]:44} {viewer:9} facets={'yes' if facets else 'no ':3} "
            f"{variant.label:8} p50 {t.p50:7.1f}  p95 {t.p95:7.1f}  max {t.max:7.1f} ms  "
            f"sql {t.sql_p50:6.1f}  first {t.first:7.1f}  n={t.runs:<3} total {t.total}"
        )
    return timings


# --- the cases ---------------------------------------------------------------------------


def need_cases(today: date) -> list[tuple[str, dict[str, Any]]]:
    """(name, NeedFilters fields): what people filter on."""
    return [
        ("open needs, no filter", {}),
        ("language=som", {"language": ["som"]}),
        ("language=ara,per", {"language": ["ara", "per"]}),
        ("language=tir + skill=marc21", {"language": ["tir"], "skill": ["marc21"]}),
        (
            "municipality=0127 + status=open,matched",
            {"municipality": ["0127"], "status": ["open", "matched"]},
        ),
        ("municipality=0180 (Stockholm)", {"municipality": ["0180"]}),
        ("q=katalogisering", {"q": "katalogisering"}),
        ("q=katalogisering, sort=relevance", {"q": "katalogisering", "sort": "relevance"}),
        ("q=barnböcker + language=som", {"q": "barnböcker", "language": ["som"]}),
        ("q=tigrinska", {"q": "tigrinska"}),
        ("deadline_before=+30 days", {"deadline_before": today + timedelta(days=30)}),
        ("script=Ethi + mode=onsite", {"script": ["Ethi"], "mode": ["onsite"]}),
        ("language=ara, page 20", {"language": ["ara"], "page": 20}),
        ("sort=newest", {"sort": "newest"}),
    ]


def expert_cases() -> list[tuple[str, dict[str, Any]]]:
    return [
        ("visible profiles, no filter", {}),
        ("language=som", {"language": ["som"]}),
        ("language=som, level=native", {"language": ["som"], "level": "native"}),
        ("language=tir + skill=marc21", {"language": ["tir"], "skill": ["marc21"]}),
        ("municipality=0180", {"municipality": ["0180"]}),
        ("available + mode=onsite", {"available": True, "mode": ["onsite"]}),
        ("q=katalogiserare", {"q": "katalogiserare"}),
        ("q=somaliska", {"q": "somaliska"}),
        ("sort=capacity", {"sort": "capacity"}),
    ]


HTTP_CASES = [
    "/api/v1/needs?language=som",
    "/api/v1/needs?language=tir&skill=marc21",
    "/api/v1/needs?q=katalogisering",
    "/api/v1/needs?language=som&facets=true",
    "/api/v1/experts?language=som",
    "/behov?language=som",
    "/experter?language=som",
]


def selected(args: argparse.Namespace, name: str) -> bool:
    return not args.only or any(o in name for o in args.only)


async def viewers(dsn: str) -> dict[str, Any]:
    """An anonymous visitor, a member at Botkyrka (0127), a coordinator of the region."""
    import asyncpg

    from portal.accounts.roles import Language, Role
    from portal.accounts.schemas import CurrentUser

    select = (
        "SELECT u.id, u.email, u.name, u.roles, o.id AS org_id, o.code, o.name AS org, "
        "o.county_code FROM user_account u JOIN organisation o ON o.id = u.organisation "
        "WHERE u.email LIKE $1 AND {} ORDER BY u.id LIMIT 1"
    )
    connection = await asyncpg.connect(dsn)
    try:
        rows = {
            label: await connection.fetchrow(select.format(where), f"%@{generate.EMAIL_DOMAIN}")
            for label, where in (  # constant text only
                ("member", "o.code = '0127' AND u.roles = ARRAY['member']::varchar[]"),
                ("coordinator", "'coordinator' = ANY(u.roles)"),
            )
        }
    finally:
        await connection.close()
    users: dict[str, Any] = {"anonymous": None}
    for label, row in rows.items():
        users[label] = CurrentUser(
            id=row["id"],
            email=row["email"],
            name=row["name"],
            roles=frozenset(Role(r) for r in row["roles"]),
            language=Language.sv,
            organisation_id=row["org_id"],
            organisation_code=row["code"],
            organisation_name=row["org"],
            county_code=row["county_code"],
        )
    return users


# --- EXPLAIN -----------------------------------------------------------------------------


async def explain(dsn: str, statements: list[tuple[str, tuple[Any, ...]]]) -> list[str]:
    import asyncpg

    connection = await asyncpg.connect(dsn, server_settings=connection_settings())
    plans: list[str] = []
    try:
        for sql, values in statements:
            rows = await connection.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", *values)
            plan = "\n".join(r[0] for r in rows)
            shown = [v.isoformat() if isinstance(v, date) else v for v in values]
            plans.append(f"-- {' '.join(sql.split())}\n-- values: {shown!r}\n{plan}")
    finally:
        await connection.close()
    return plans


async def explain_slowest(
    kind: str,
    timings: list[Timing],
    calls: dict[tuple[str, str, bool], Callable[[], Awaitable[Any]]],
    variants: list[Variant],
    clock: SqlClock,
    count: int,
) -> list[str]:
    """EXPLAIN every statement of the ``count`` slowest cases (by the first variant's p95),
    without facets and with, on every variant."""
    first = variants[0].label
    plans: list[str] = []
    for facets in (False, True):
        slowest = sorted(
            (t for t in timings if t.variant == first and t.facets is facets),
            key=lambda t: -t.p95,
        )[:count]
        for t in slowest:
            for variant in variants:
                variant.enter()
                clock.captured = []
                try:
                    await calls[(t.name, t.viewer, facets)]()
                finally:
                    statements, clock.captured = clock.captured, None
                    variant.leave()
                plans.append(
                    f"### {kind}: {t.name} ({t.viewer}, facets={facets}) on {variant.label}"
                )
                plans += await explain(variant.url, statements)
    return plans


# --- the run -----------------------------------------------------------------------------


async def database(args: argparse.Namespace) -> tuple[scratch.Scratch, float]:
    place = scratch.locate(args.database)
    started = time.perf_counter()
    if args.reuse and await scratch.exists(place):
        await generate.prepare(place.url)
        log(f"bench: reusing {place.name}")
        return place, 0.0
    log(f"bench: building {place.name}: {args.needs} needs, {args.experts} experts")
    await scratch.recreate(place)
    await generate.prepare(place.url)
    await generate.load(place.url, needs=args.needs, experts=args.experts, seed=args.seed)
    return place, time.perf_counter() - started


async def copy_database(place: scratch.Scratch, name: str) -> scratch.Scratch:
    """A copy of ``place`` named ``name`` (CREATE DATABASE ... TEMPLATE: a file copy).

    The copy needs the original to have no other sessions for a moment: others may be using
    the scratch database, so it tries again for a while."""
    import asyncpg

    copy = scratch.locate(name)
    connection = await asyncpg.connect(place.admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{copy.name}" WITH (FORCE)')
        for attempt in range(60):
            try:
                await connection.execute(
                    f'CREATE DATABASE "{copy.name}" TEMPLATE "{place.name}"'  # names checked
                )
                break
            except asyncpg.ObjectInUseError:
                if attempt == 59:
                    raise
                log(f"bench: {place.name} is in use by another session, trying again")
                await asyncio.sleep(5)
    finally:
        await connection.close()
    return copy


LIST_TABLES = ("need", "expert_profile", "user_account", "organisation")


async def vacuum(dsn: str) -> float:
    """VACUUM (ANALYZE) the tables the lists read: what autovacuum does after a bulk load or
    a migration, and what index-only scans and bitmap counts rely on."""
    import asyncpg

    started = time.perf_counter()
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f"VACUUM (ANALYZE) {', '.join(LIST_TABLES)}")
    finally:
        await connection.close()
    return time.perf_counter() - started


async def run_sql(dsn: str, path: str) -> None:
    import asyncpg

    text = Path(path).read_text()  # noqa: ASYNC240 - a small file, before any timing
    code_only = "\n".join(line.split("--")[0] for line in text.splitlines())
    connection = await asyncpg.connect(dsn)
    try:
        for statement in code_only.split(";"):
            code = statement.strip()
            if code:
                log(f"bench: {' '.join(code.split())}")
                await connection.execute(code)
    finally:
        await connection.close()


async def server_facts(dsn: str) -> dict[str, str]:
    import asyncpg

    connection = await asyncpg.connect(dsn, server_settings=connection_settings())
    try:
        facts = {"server_version": await connection.fetchval("SHOW server_version")}
        for name in ("shared_buffers", "work_mem", "jit", "max_parallel_workers_per_gather"):
            facts[name] = await connection.fetchval(f"SHOW {name}")
        for label, sql in (
            ("needs", "SELECT count(*) FROM need"),
            ("open_needs", "SELECT count(*) FROM need WHERE status = 'open'"),
            ("expert_profiles", "SELECT count(*) FROM expert_profile"),
            ("need_table_and_indexes", "SELECT pg_size_pretty(pg_total_relation_size('need'))"),
        ):
            facts[label] = str(await connection.fetchval(sql))
        for table in ("need", "expert_profile"):
            facts[f"{table}_indexes"] = ", ".join(
                r["indexname"]
                for r in await connection.fetch(
                    "SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY 1", table
                )
            )
    finally:
        await connection.close()
    return facts


def to_builtins(value: Any) -> Any:
    import msgspec

    return msgspec.to_builtins(value)


def _convert(type_: Any, fields: dict[str, Any]) -> Any:
    import msgspec

    return msgspec.convert(fields, type_, strict=False)


def expert_service() -> tuple[Any, Any, bool] | str:
    """(list function, its filters type, takes with_facets) or why there is none."""
    import inspect
    import typing

    try:
        from portal.experts import services
    except ImportError as error:
        return f"not timed: portal.experts.services does not exist ({error})"
    name = next((n for n in ("list_experts", "list_profiles") if hasattr(services, n)), None)
    if name is None:
        return "not timed: portal.experts.services has no list_experts (nor list_profiles)"
    function = getattr(services, name)
    parameters = list(inspect.signature(function).parameters)
    filters_type = typing.get_type_hints(function).get(parameters[1])
    if filters_type is None:
        return f"not timed: unexpected signature {name}{inspect.signature(function)}"
    return function, filters_type, "with_facets" in parameters


async def bench_needs(
    args: argparse.Namespace,
    people: dict[str, Any],
    variants: list[Variant],
    clock: SqlClock,
    plans: list[str],
) -> list[Timing]:
    from portal.needs.schemas import NeedFilters

    timings: list[Timing] = []
    calls: dict[tuple[str, str, bool], Callable[[], Awaitable[Any]]] = {}
    for name, fields in need_cases(date.today()):
        if not selected(args, name):
            continue
        filters = _convert(NeedFilters, fields)
        for label in args.viewers:
            for facets in (False, True):

                async def call(
                    viewer: Any = people[label], filters: Any = filters, facets: bool = facets
                ) -> Any:
                    return await service("needs").list_needs(viewer, filters, with_facets=facets)

                calls[(name, label, facets)] = call
                timings += await time_case(
                    "needs", name, label, facets, variants, call, clock, args
                )
    if args.explain:
        plans += await explain_slowest("needs", timings, calls, variants, clock, args.explain)
    return timings


async def bench_experts(
    args: argparse.Namespace,
    people: dict[str, Any],
    variants: list[Variant],
    clock: SqlClock,
    plans: list[str],
) -> list[Timing] | str:
    found = expert_service()
    if isinstance(found, str):
        return found
    function, filters_type, takes_facets = found
    name_of_function = function.__name__
    timings: list[Timing] = []
    calls: dict[tuple[str, str, bool], Callable[[], Awaitable[Any]]] = {}
    for name, fields in expert_cases():
        if not selected(args, name):
            continue
        try:
            filters = _convert(filters_type, fields)
        except Exception as error:  # the filters are still being written by others
            log(f"  experts {name}: skipped ({error})")
            continue
        for label in args.viewers:
            for facets in (False, True) if takes_facets else (False,):

                async def call(
                    viewer: Any = people[label], filters: Any = filters, facets: bool = facets
                ) -> Any:
                    function = getattr(service("experts"), name_of_function)
                    if takes_facets:
                        return await function(viewer, filters, with_facets=facets)
                    return await function(viewer, filters)

                calls[(name, label, facets)] = call
                timings += await time_case(
                    "experts", name, label, facets, variants, call, clock, args
                )
    if args.explain:
        plans += await explain_slowest("experts", timings, calls, variants, clock, args.explain)
    return timings


class HttpError(Exception):
    pass


class _Answer:
    """An HTTP response as ``measure`` sees it: a status, a body and maybe a total."""

    def __init__(self, response: Any) -> None:
        self.status = response.status_code
        self.json = response.headers.get("content-type", "").startswith("application/json")
        self.body = response.json() if self.json else None
        self.total = self.body.get("total") if isinstance(self.body, dict) else None

    def answer(self) -> Any:
        return (self.status, self.body)


async def bench_http(
    args: argparse.Namespace, variants: list[Variant], clock: SqlClock
) -> tuple[list[Timing] | str, list[str]]:
    import httpx

    from portal.settings import load_settings

    try:
        from portal.app import create_app
    except Exception as error:  # the app is being edited by others: say why and go on
        return f"not timed: portal.app could not be imported ({error!r})", []
    settings = load_settings(
        {
            "PORTAL_DATA_DIR": tempfile.mkdtemp(prefix="portal-bench-"),
            "PORTAL_DATABASE_URL": variants[0].url,
            "PORTAL_SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
        }
    )
    app = create_app(settings, manage_pool=False)
    routes = {route.path.rstrip("/") or "/" for route in app.routes}
    skipped: list[str] = []
    timings: list[Timing] = []
    people = await viewers(variants[0].url)
    # A failing request is reported as skipped (HttpError), not raised through the bench.
    transport = httpx.ASGITransport(app=app, client=("10.9.9.9", 50000), raise_app_exceptions=False)
    anonymous = httpx.AsyncClient(transport=transport, base_url="http://bench")
    member = httpx.AsyncClient(transport=transport, base_url="http://bench")
    clients = {"anonymous": anonymous}
    variants[0].enter()
    try:
        response = await member.post(
            "/api/v1/auth/login",
            json={"email": people["member"].email, "password": generate.PASSWORD},
        )
    finally:
        variants[0].leave()
    if response.status_code == 200:
        clients["member"] = member
    else:
        skipped.append(f"signed-in requests: the sign-in answered {response.status_code}")
    try:
        for url in HTTP_CASES:
            if not selected(args, url):
                continue
            if url.split("?")[0].rstrip("/") not in routes:
                skipped.append(f"`GET {url}`: the app has no such route")
                log(f"  http    GET {url}: no such route, skipped")
                continue
            for label, client in clients.items():

                async def call(client: httpx.AsyncClient = client, url: str = url) -> Any:
                    response = await client.get(url)
                    if response.status_code != 200:
                        raise HttpError(f"answered {response.status_code}: {response.text[:200]}")
                    return _Answer(response)

                facets = "facets=true" in url or not url.startswith("/api/")
                try:
                    timings += await time_case(
                        "http", f"GET {url}", label, facets, variants, call, clock, args
                    )
                except HttpError as error:  # the app is being edited by others: go on
                    skipped.append(f"`GET {url}` ({label}): {error}")
                    log(f"  http    GET {url} ({label}): {error}")
    finally:
        await anonymous.aclose()
        await member.aclose()
    return timings, skipped


def table(timings: list[Timing]) -> str:
    lines = [
        "| query | viewer | facets | matches | p50 ms | p95 ms | max ms | sql p50 ms | first ms "
        "| runs | p95 ≤ 30 ms |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for t in timings:
        lines.append(
            f"| {t.name} | {t.viewer} | {'yes' if t.facets else 'no'} | "
            f"{'' if t.total is None else t.total} | {t.p50:.1f} | {t.p95:.1f} | {t.max:.1f} | "
            f"{t.sql_p50:.1f} | {t.first:.1f} | {t.runs} | {'yes' if t.meets else '**no**'} |"
        )
    return "\n".join(lines)


def comparison(timings: list[Timing], labels: list[str]) -> str:
    """One row per case: p50 and p95 on the first variant, then the second variant's full
    figures, timed one right after the other."""
    before, after = labels[0], labels[1]
    lines = [
        f"| query | viewer | facets | matches | p50 {before} | p95 {before} | p50 {after} "
        f"| p95 {after} | max {after} | sql p50 {after} | first {after} | runs "
        f"| p95 ≤ 30 ms {after} |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    rows: dict[tuple[str, str, bool], dict[str, Timing]] = {}
    for t in timings:
        rows.setdefault((t.name, t.viewer, t.facets), {})[t.variant] = t
    for (name, viewer, facets), pair in rows.items():
        a, b = pair[before], pair[after]
        lines.append(
            f"| {name} | {viewer} | {'yes' if facets else 'no'} | {b.total} | {a.p50:.1f} | "
            f"{a.p95:.1f} | {b.p50:.1f} | {b.p95:.1f} | {b.max:.1f} | {b.sql_p50:.1f} | "
            f"{b.first:.1f} | {b.runs} | {'yes' if b.meets else '**no**'} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, str]:
    facts = {"nproc": str(os.cpu_count()), "python": platform.python_version()}
    try:
        with open("/proc/meminfo") as handle:
            facts["memory"] = f"{int(handle.readline().split()[1]) / 1024 / 1024:.1f} GiB"
        with open("/proc/cpuinfo") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model")]
        facts["cpu"] = next((n for n in names if not n.isdigit()), "")
    except OSError:
        pass
    return facts


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def wait_for_calm(threshold: float, seconds: float) -> None:
    """Wait (at most ``seconds``) until the 1-minute load average is below ``threshold``: on
    a shared machine other work skews the figures more than anything measured here."""
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] >= threshold and time.monotonic() < deadline:
        log(f"bench: load average {load_average()}, waiting for < {threshold}")
        await asyncio.sleep(15)


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


async def load_indexes(variants: list[Variant], services: dict[str, Any]) -> dict[str, Any]:
    """Load the facet indexes of the working tree before timing, as start-up does."""
    facts: dict[str, Any] = {}
    for variant in variants:
        if not variant.facet_index:
            continue
        variant.enter()
        for name, module in services.items():
            index = getattr(module, "INDEX", None)
            if index is None:
                continue
            resident, started = resident_mib(), time.perf_counter()
            await index.load()
            facts[name] = {
                "load_seconds": round(time.perf_counter() - started, 2),
                "resident_mib_added": round(resident_mib() - resident, 1),
                **index.size(),
            }
            log(f"bench: facet index of {name}: {facts[name]}")
        variant.leave()
        break  # one process holds one index per table
    return facts


async def run(args: argparse.Namespace) -> dict[str, Any]:
    import asyncpg

    from portal.db.engine import DB
    from portal.needs import services as need_services
    from portal.search import facets as facet_module

    try:
        from portal.experts import services as expert_services
    except ImportError:
        expert_services = None

    started = time.perf_counter()
    loads = {"start": load_average()}
    place, load_seconds = await database(args)
    current = {"needs": need_services, "experts": expert_services}
    # (label, database, patches, services)
    places: list[tuple[str, scratch.Scratch, list[str], dict[str, Any]]]
    rolled_back: list[str] = []
    if args.against:
        before = await copy_database(place, f"{place.name}_before")
        rolled_back = await roll_back(before.url, migrations_since(args.against))
        revision = args.against.replace("~", "_").replace("^", "_")
        old = {
            "needs": module_at(args.against, "portal/needs/services.py", f"bench_{revision}_needs"),
            "experts": module_at(
                args.against, "portal/experts/services.py", f"bench_{revision}_experts"
            ),
        }
        places = [("before", before, [], old), ("after", place, [], current)]
    elif args.index_vs_sql:
        # The same database and code, facet counts in SQL and from the facet index.
        places = [("sql", place, [], current), ("index", place, [], current)]
    elif args.compare:
        proposed = await copy_database(place, f"{place.name}_proposed")
        places = [("current", place, [], current), ("proposed", proposed, args.patch, current)]
    else:
        label = "current" if not (args.sql or args.patch) else "proposed"
        places = [(label, place, args.patch, current)]
    for path in args.sql:
        await run_sql(places[-1][1].url, path)
    if args.vacuum:
        for _, where, _, _ in places:
            log(f"bench: vacuum analyze {where.name}: {await vacuum(where.url):.1f} s")
    if args.calm:
        await wait_for_calm(args.calm, args.calm_wait)
    loads["timing"] = load_average()
    facts = {label: await server_facts(where.url) for label, where, _, _ in places}
    for label, value in facts.items():
        log(f"bench: {label}: {value}")
    people = await viewers(place.url)
    clock = SqlClock()
    variants = [
        Variant(
            label,
            where.url,
            await asyncpg.create_pool(
                where.url, min_size=1, max_size=10, server_settings=connection_settings()
            ),
            patches,
            clock,
            services,
        )
        for label, where, patches, services in places
    ]
    if args.index_vs_sql:
        variants[0].facet_index = False
    index_facts = await load_indexes(variants, current)
    plans: list[str] = []
    try:
        modules = [m for v in variants for m in v.services.values() if m is not None]
        clock.install(facet_module, *dict.fromkeys(modules))
        loads["needs"] = load_average()
        need_timings = await bench_needs(args, people, variants, clock, plans)
        loads["experts"] = load_average()
        expert_timings = await bench_experts(args, people, variants, clock, plans)
        http_timings: list[Timing] | str = "not timed (--no-http)"
        http_skipped: list[str] = []
        if args.http:
            loads["http"] = load_average()
            # The app runs the working tree's code: timed on its own database only.
            http_timings, http_skipped = await bench_http(args, variants[-1:], clock)
    finally:
        clock.uninstall()
        DB.pool = None
        for variant in variants:
            await variant.pool.close()
    loads["end"] = load_average()
    labels = [v.label for v in variants]

    def render(timings: list[Timing] | str) -> str:
        if isinstance(timings, str):
            return timings
        timed = {t.variant for t in timings}  # HTTP runs on the working tree only
        return comparison(timings, labels) if len(timed) > 1 else table(timings)

    return {
        "date": date.today().isoformat(),
        "machine": machine(),
        "load_average": loads,
        "server": facts,
        "facet_index": index_facts,
        "database": place.name if place.embedded else f"{place.name} (PORTAL_DATABASE_URL)",
        "variants": {
            label: {"database": where.name, "patches": p} for label, where, p, _ in places
        },
        "against": args.against,
        "rolled_back": rolled_back,
        "sql_files": args.sql,
        "load_seconds": round(load_seconds, 1),
        "run_seconds": round(time.perf_counter() - started, 1),
        "runs": args.runs,
        "needs": [asdict(t) for t in need_timings],
        "experts": (
            expert_timings
            if isinstance(expert_timings, str)
            else [asdict(t) for t in expert_timings]
        ),
        "http": http_timings
        if isinstance(http_timings, str)
        else [asdict(t) for t in http_timings],
        "http_skipped": http_skipped,
        "plans": plans,
        "tables": {
            "needs": render(need_timings),
            "experts": render(expert_timings),
            "http": render(http_timings),
        },
    }


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_lists",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--needs", type=int, default=NEEDS)
    parser.add_argument("--experts", type=int, default=EXPERTS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50, help="timed calls per case (50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed calls first (5)")
    parser.add_argument(
        "--budget", type=float, default=3.0, help="seconds per case before stopping early (3)"
    )
    parser.add_argument(
        "--viewers",
        nargs="+",
        default=["anonymous", "member"],
        choices=["anonymous", "member", "coordinator"],
    )
    parser.add_argument("--only", nargs="+", help="only cases whose name contains one of these")
    parser.add_argument("--database", default=scratch.BENCH_DATABASE, help="scratch database name")
    parser.add_argument("--reuse", action="store_true", help="keep the scratch database's data")
    parser.add_argument(
        "--explain",
        type=int,
        nargs="?",
        const=3,
        default=0,
        help="EXPLAIN (ANALYZE, BUFFERS) the N slowest cases, without facets and with",
    )
    parser.add_argument("--sql", action="append", default=[], help="SQL file to run first")
    parser.add_argument(
        "--patch",
        action="append",
        default=[],
        choices=sorted(experiments.PATCHES),
        help="query change to try (bench/experiments.py)",
    )
    parser.add_argument(
        "--index-vs-sql",
        action="store_true",
        help="time facet counts in SQL and from the in-memory facet index side by side",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="apply --sql/--patch to a copy of the database and time both side by side",
    )
    parser.add_argument(
        "--against",
        metavar="REF",
        help="time the list services of git revision REF (on a copy of the database with "
        "the later migrations rolled back) side by side with the working tree",
    )
    parser.add_argument(
        "--no-vacuum",
        dest="vacuum",
        action="store_false",
        help="do not VACUUM (ANALYZE) the list tables before timing",
    )
    parser.add_argument(
        "--calm",
        type=float,
        default=0,
        help="before timing, wait until the 1-minute load average is below this",
    )
    parser.add_argument(
        "--calm-wait", type=float, default=600, help="but no longer than this many seconds"
    )
    parser.add_argument("--no-http", dest="http", action="store_false")
    parser.add_argument("--json", help="write every figure and plan to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = _arguments(argv)
    from portal.db import embedded

    try:
        results = asyncio.run(run(args))
    finally:
        embedded.stop_all()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"machine: {results['machine']}, load average {results['load_average']}")
    for label, facts in results["server"].items():
        print(f"server ({label}): {facts}")
    print(f"data load: {results['load_seconds']} s, whole run: {results['run_seconds']} s")
    for section in ("needs", "experts", "http"):
        print(f"\n## {section}\n\n{results['tables'][section]}")
    for note in results["http_skipped"]:
        print(f"- {note}")
    for plan in results["plans"]:
        print(f"\n{plan}")


if __name__ == "__main__":
    main()
