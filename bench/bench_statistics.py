"""Time the coordinator's dashboard on a county-sized history.

    .venv/bin/python -m bench.bench_statistics [--reuse] [--runs 30] [--explain] [--json FILE]

Target (the statistics issue): the dashboard with 100 000 needs, 20 000 experts, 50 000
completed matches and 500 procurements renders in at most 300 ms server time (p95).

Builds a scratch database of its own (``portal_bench_statistics`` on the bench server of
:mod:`bench.scratch`, so the list and matching benchmarks' data stay as they are): the needs,
experts and people of :mod:`bench.generate`, then, with :func:`add_history`,

- 50 000 completed expert matches with hours logged, on the done needs, completed over the
  last two years, from the expert's municipality to the need's (all 26 municipalities),
- the matches still under way: an accepted one for every matched need, one in progress for
  every need in progress, proposals on a fifth of the open needs, and declined and cancelled
  ones, so that reserved capacity and the time to a first proposal have something to read,
- 500 joint procurements led by the region, in every phase, with one to four lots and 2–25
  participating organisations each (interested, committed or withdrawn) with their volumes.

``--reuse`` keeps an earlier build (and adds the history if it is missing).

Then it times, for the default period (this quarter) and for this year (each compared with
the period before): ``portal.statistics.services.dashboard`` (everything ``GET /dashboard``
computes), each of its tables on its own, and ``GET /dashboard`` through
``httpx.ASGITransport`` as a signed-in coordinator (the page rendered, HTTP excluded), plus one
chart. ``--warmup`` untimed calls, then ``--runs`` timed ones; p50/p95/max of the wall time.
``sql`` is the time spent waiting on ``portal.db.raw.fetch``; ``cpu`` is the CPU time per call
of this process and its PostgreSQL backends together (read from ``/proc``), which the load of
a shared machine does not inflate: about what a call takes on an idle one. The pool uses the
portal's connection settings (no JIT, custom plans).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

from bench import bench_lists, generate, scratch  # noqa: E402

DATABASE = "portal_bench_statistics"
COMPLETED = 50_000
PROCUREMENTS = 500
TARGET_MS = 300.0
POOL = 4  # connections, all opened at the start so that their CPU time can be read
MARKER = "[bench]"  # in the description of generated procurements

PHASE_WEIGHTS = {
    "idea": 6,
    "interest": 10,
    "preparation": 8,
    "tendering": 8,
    "evaluation": 5,
    "awarded": 5,
    "contract_active": 30,
    "closed": 20,
    "cancelled": 8,
}
CATEGORIES = [
    "media_supply",
    "e_media",
    "library_system",
    "web_platform",
    "rfid_self_service",
    "furniture_equipment",
    "cataloguing_services",
    "transport",
    "other",
]
TOPICS = [
    "Tryckta medier",
    "E-böcker och e-ljudböcker",
    "Biblioteksdatasystem",
    "Webbplattform",
    "RFID och självbetjäning",
    "Möbler och inredning",
    "Katalogiseringstjänster",
    "Transporter mellan bibliotek",
    "Övrigt",
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the history: matches and procurements -----------------------------------------------------

MATCH_COLUMNS = [
    "need",
    "provider_type",
    "expert",
    "provider_organisation",
    "giver_municipality",
    "receiver_municipality",
    "hours",
    "hours_logged",
    "score",
    "breakdown",
    "status",
    "reason",
    "created_at",
    "updated_at",
    "accepted_at",
    "completed_at",
    "version",
]


def _quarter_hours(value: float) -> float:
    return max(0.25, round(value * 4) / 4)


async def add_history(dsn: str, *, seed: int, completed: int, procurements: int) -> dict:
    """Matches on the generated needs and joint procurements with participations."""
    import asyncpg

    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    counts: dict[str, int] = {}
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            needs = await connection.fetch(
                "SELECT id, status, municipality_code, created_at, estimated_hours FROM need "
                "WHERE kind = 'cataloguing' AND status <> 'draft' ORDER BY id"
            )
            experts = await connection.fetch(
                "SELECT e.id, e.municipality_code, u.organisation FROM expert_profile e "
                'JOIN user_account u ON u.id = e."user" ORDER BY e.id'
            )
            by_status: dict[str, list[Any]] = {}
            for need in needs:
                by_status.setdefault(need["status"], []).append(need)

            def match(need: Any, status: str) -> tuple[Any, ...]:
                expert = rng.choice(experts)
                estimate = float(need["estimated_hours"] or 8)
                hours = _quarter_hours(min(estimate, rng.uniform(0.2, 1.0) * estimate))
                created = need["created_at"] + timedelta(
                    days=rng.uniform(0, 10), seconds=rng.randint(0, 86_399)
                )
                created = min(created, now - timedelta(days=2))
                accepted = completed_at = logged = None
                if status in ("accepted", "in_progress", "completed"):
                    accepted = min(created + timedelta(days=rng.uniform(0.1, 7)), now)
                if status == "completed":
                    assert accepted is not None
                    completed_at = min(accepted + timedelta(days=rng.uniform(1, 90)), now)
                    logged = _quarter_hours(hours * rng.uniform(0.7, 1.3))
                updated = completed_at or accepted or created
                return (
                    need["id"],
                    "expert",
                    expert["id"],
                    expert["organisation"],
                    expert["municipality_code"],
                    need["municipality_code"],
                    hours,
                    logged,
                    round(rng.uniform(40, 100), 1),
                    "{}",
                    status,
                    "Hann inte i tid." if status in ("declined", "cancelled") else "",
                    created,
                    updated,
                    accepted,
                    completed_at,
                    {"proposed": 1, "declined": 2, "accepted": 2}.get(status, 3),
                )

            done = by_status.get("done", [])
            rows = [match(rng.choice(done), "completed") for _ in range(completed)]
            rows += [match(n, "accepted") for n in by_status.get("matched", [])]
            rows += [match(n, "in_progress") for n in by_status.get("in_progress", [])]
            open_needs = by_status.get("open", [])
            rows += [match(n, "proposed") for n in rng.sample(open_needs, len(open_needs) // 5)]
            rows += [match(rng.choice(open_needs), "declined") for _ in range(len(done) // 3)]
            rows += [
                match(rng.choice(by_status.get("cancelled", open_needs)), "cancelled")
                for _ in range(len(done) // 5)
            ]
            await connection.copy_records_to_table("match", records=rows, columns=MATCH_COLUMNS)
            # What the match service keeps on the need as matches are proposed and accepted.
            await connection.execute(
                "UPDATE need n SET first_proposed_at = f.proposed_at, "
                "first_accepted_at = f.accepted_at FROM (SELECT need, min(created_at) AS "
                "proposed_at, min(accepted_at) AS accepted_at FROM match GROUP BY need) f "
                "WHERE f.need = n.id"
            )
            for row in rows:
                counts[f"matches_{row[10]}"] = counts.get(f"matches_{row[10]}", 0) + 1

            counts.update(await _procurements(connection, rng, today, now, procurements))
        await connection.execute(
            "VACUUM (ANALYZE) need, match, procurement, procurement_lot, "
            "procurement_participation, procurement_volume"
        )
    finally:
        await connection.close()
    return counts


async def _procurements(
    connection: Any, rng: random.Random, today: date, now: datetime, count: int
) -> dict[str, int]:
    region = await connection.fetchrow(
        "SELECT id FROM organisation WHERE code = $1", generate.COUNTY
    )
    coordinator = await connection.fetchval(
        "SELECT id FROM user_account WHERE organisation = $1 AND 'coordinator' = ANY(roles) "
        "ORDER BY id LIMIT 1",
        region["id"],
    )
    members = [
        r["id"]
        for r in await connection.fetch(
            "SELECT id FROM organisation WHERE county_code = $1 "
            "AND kind IN ('municipality', 'library') ORDER BY id",
            generate.COUNTY,
        )
    ]
    municipalities = await connection.fetch(
        "SELECT id FROM organisation WHERE county_code = $1 AND kind = 'municipality'",
        generate.COUNTY,
    )
    participants = [r["id"] for r in municipalities] * 4 + members  # mostly municipalities
    lots = participations = volumes = 0
    for n in range(count):
        phase = rng.choices(list(PHASE_WEIGHTS), weights=list(PHASE_WEIGHTS.values()))[0]
        kind = rng.randrange(len(CATEGORIES))
        created = now - timedelta(days=rng.uniform(0, 730))
        early = phase in ("idea", "interest")
        interest = today + timedelta(days=rng.randint(-10, 90) if early else -rng.randint(30, 600))
        tender = interest + timedelta(days=rng.randint(20, 120))
        published = tender - timedelta(days=rng.randint(10, 40))
        start = date(tender.year + 1, 1, 1)
        end = date(start.year + rng.randint(1, 4), 12, 31)
        procurement = await connection.fetchval(
            "INSERT INTO procurement (title, description, category, cpv_codes, lead, phase, "
            "interest_deadline, tender_publication, tender_deadline, contract_start, "
            "contract_end, extension_years, created_by, created_at, updated_at, version) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, 1) "
            "RETURNING id",
            f"{TOPICS[kind]} {start.year}–{end.year} ({n + 1})",
            f"Gemensam upphandling för länets bibliotek. {MARKER}",
            CATEGORIES[kind],
            [],
            region["id"],
            phase,
            None if phase == "idea" else interest,
            None if early else published,
            None if phase == "idea" else tender,
            start,
            end,
            rng.randint(0, 2),
            coordinator,
            created,
        )
        lot_ids = []
        for position in range(1, rng.randint(1, 4) + 1):
            lot_ids.append(
                await connection.fetchval(
                    "INSERT INTO procurement_lot (procurement, position, title, description) "
                    "VALUES ($1, $2, $3, '') RETURNING id",
                    procurement,
                    position,
                    f"Delområde {position}",
                )
            )
        lots += len(lot_ids)
        if phase == "idea":
            continue
        chosen = set()
        while len(chosen) < rng.randint(2, 25):
            chosen.add(rng.choice(participants))
        for organisation in sorted(chosen):
            status = rng.choices(("interested", "committed", "withdrawn"), (40, 45, 15))[0]
            participation = await connection.fetchval(
                "INSERT INTO procurement_participation (procurement, organisation, status, "
                "power_of_attorney, created_at, updated_at, version) "
                "VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
                procurement,
                organisation,
                status,
                status == "committed" and rng.random() < 0.7,
                created + timedelta(days=rng.uniform(0, 30)),
            )
            participations += 1
            await connection.executemany(
                "INSERT INTO procurement_volume (participation, lot, annual_volume_sek) "
                "VALUES ($1, $2, $3)",
                [(participation, lot, rng.randrange(10_000, 2_000_000, 1_000)) for lot in lot_ids],
            )
            volumes += len(lot_ids)
    return {
        "procurements": count,
        "procurement_lots": lots,
        "participations": participations,
        "volumes": volumes,
    }


async def _vacuum(dsn: str, tables: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f"VACUUM (ANALYZE) {tables}")
    finally:
        await connection.close()


async def database(args: argparse.Namespace) -> tuple[scratch.Scratch, dict[str, Any], float]:
    place = scratch.locate(args.database)
    started = time.perf_counter()
    if args.reuse and await scratch.exists(place):
        if args.migrate:
            await generate.prepare(place.url)  # runs any new migrations
            await _vacuum(place.url, "need")  # a migration may have rewritten many rows
        else:
            from portal.db.engine import configure

            configure(place.url)
        log(f"bench: reusing {place.name}")
    else:
        log(f"bench: building {place.name}: {args.needs} needs, {args.experts} experts")
        await scratch.recreate(place)
        await generate.prepare(place.url)
        await generate.load(place.url, needs=args.needs, experts=args.experts, seed=args.seed)
    import asyncpg

    connection = await asyncpg.connect(place.url)
    try:
        have = await connection.fetchval("SELECT count(*) FROM match WHERE status = 'completed'")
    finally:
        await connection.close()
    added: dict[str, Any] = {}
    if have < args.completed:
        log(f"bench: adding {args.completed} completed matches, {args.procurements} procurements")
        added = await add_history(
            place.url, seed=args.seed, completed=args.completed, procurements=args.procurements
        )
        log(f"bench: added {added}")
    return place, added, time.perf_counter() - started


async def data_facts(dsn: str) -> dict[str, Any]:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        facts: dict[str, Any] = {}
        for label, sql in (
            ("needs", "SELECT count(*) FROM need"),
            ("open_needs", "SELECT count(*) FROM need WHERE status = 'open'"),
            ("expert_profiles", "SELECT count(*) FROM expert_profile"),
            ("matches", "SELECT count(*) FROM match"),
            ("completed_matches", "SELECT count(*) FROM match WHERE status = 'completed'"),
            (
                "completed_first_last",
                "SELECT min(completed_at)::date || ' – ' || max(completed_at)::date FROM match",
            ),
            (
                "municipality_pairs",
                "SELECT count(DISTINCT (giver_municipality, receiver_municipality)) FROM match "
                "WHERE status = 'completed'",
            ),
            ("procurements", "SELECT count(*) FROM procurement"),
            ("participations", "SELECT count(*) FROM procurement_participation"),
            ("volumes", "SELECT count(*) FROM procurement_volume"),
            ("server_version", "SHOW server_version"),
            ("shared_buffers", "SHOW shared_buffers"),
            ("work_mem", "SHOW work_mem"),
        ):
            facts[label] = str(await connection.fetchval(sql))
        facts["match_indexes"] = ", ".join(
            r["indexname"]
            for r in await connection.fetch(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'match' ORDER BY 1"
            )
        )
    finally:
        await connection.close()
    return facts


# --- timing ----------------------------------------------------------------------------------


class Row(dict):
    """name, period, runs, p50, p95, max, sql_p50, cpu, statements."""


class CpuClock:
    """CPU time of this process and of the pool's PostgreSQL backends (from ``/proc``).

    On a shared machine the wall time of a call grows with everyone else's load; the CPU time
    it needs does not, so it is what the call would take on an idle machine, give or take the
    round trips and the disk."""

    def __init__(self) -> None:
        self.backends: list[int] = []
        self.tick = os.sysconf("SC_CLK_TCK")

    async def attach(self, pool: Any, size: int) -> None:
        held = [await pool.acquire() for _ in range(size)]
        try:
            self.backends = [await c.fetchval("SELECT pg_backend_pid()") for c in held]
        finally:
            for connection in held:
                await pool.release(connection)

    def seconds(self) -> float | None:
        total = time.process_time()
        for pid in self.backends:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # a server on another machine: no CPU figure
                return None
            total += (int(fields[11]) + int(fields[12])) / self.tick  # utime, stime
        return total


CPU = CpuClock()


async def timed(
    name: str,
    period: str,
    call: Callable[[], Awaitable[Any]],
    clock: bench_lists.SqlClock,
    args: argparse.Namespace,
) -> Row:
    for _ in range(args.warmup):
        await call()
    cpu_before = CPU.seconds()
    _result, wall, sql, statements = await bench_lists.measure(
        call, clock, runs=args.runs, warmup=0, budget=args.budget
    )
    cpu_after = CPU.seconds()
    cpu = (
        None
        if cpu_before is None or cpu_after is None
        else round((cpu_after - cpu_before) * 1000 / len(wall), 1)
    )
    row = Row(
        name=name,
        period=period,
        runs=len(wall),
        p50=round(statistics.median(wall), 1),
        p95=round(bench_lists.percentile(wall, 95), 1),
        max=round(max(wall), 1),
        sql_p50=round(statistics.median(sql), 1),
        cpu=cpu,
        statements=statements,
    )
    log(
        f"  {name[:46]:46} {period:8} p50 {row['p50']:7.1f}  p95 {row['p95']:7.1f}  "
        f"max {row['max']:7.1f} ms  sql {row['sql_p50']:6.1f}  cpu {cpu}  "
        f"statements {statements}  n={row['runs']}  load {bench_lists.load_average()}"
    )
    return row


def periods(today: date) -> list[tuple[str, Any, str]]:
    from portal.statistics.periods import resolve

    return [
        ("quarter", resolve(None, None, None, today)[0], ""),
        ("year", resolve("year", None, None, today)[0], "?period=year"),
    ]


async def bench_services(
    args: argparse.Namespace, clock: bench_lists.SqlClock, statements: list[Any]
) -> list[Row]:
    from portal.statistics import services

    today = date.today()
    rows: list[Row] = []
    for label, period, _query in periods(today):
        rows.append(
            await timed(
                "services.dashboard (all of /dashboard)",
                label,
                lambda period=period: services.dashboard("01", period, today),
                clock,
                args,
            )
        )
        clock.captured = []
        await services.dashboard("01", period, today)
        statements.append((label, clock.captured))
        clock.captured = None
    if args.parts:
        from portal.statistics import datasets

        quarter = periods(today)[0][1]
        for name, make in services.DASHBOARD.items():
            rows.append(
                await timed(
                    f"table {name}",
                    "quarter",
                    lambda make=make: make("01", quarter, today),
                    clock,
                    args,
                )
            )
        rows.append(
            await timed(
                "key figures (period and the one before)",
                "quarter",
                lambda: datasets.key_figures("01", quarter),
                clock,
                args,
            )
        )
    return rows


async def bench_http(
    args: argparse.Namespace, dsn: str, clock: bench_lists.SqlClock
) -> list[Row] | str:
    import httpx

    from portal.settings import load_settings

    try:
        from portal.app import create_app
    except Exception as error:  # others may be editing the app: say why and go on
        return f"not timed: portal.app could not be imported ({error!r})"
    settings = load_settings(
        {
            "PORTAL_DATA_DIR": tempfile.mkdtemp(prefix="portal-bench-"),
            "PORTAL_DATABASE_URL": dsn,
            "PORTAL_SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
        }
    )
    app = create_app(settings, manage_pool=False)
    people = await bench_lists.viewers(dsn)
    transport = httpx.ASGITransport(app=app, client=("10.9.9.8", 50000))
    rows: list[Row] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        signed_in = await client.post(
            "/api/v1/auth/login",
            json={"email": people["coordinator"].email, "password": generate.PASSWORD},
        )
        if signed_in.status_code != 200:
            return f"not timed: the coordinator's sign-in answered {signed_in.status_code}"
        for label, _period, query in periods(date.today()):
            for path in ("/dashboard", "/dashboard/diagram/hours-balance.svg"):

                async def call(url: str = path + query) -> int:
                    response = await client.get(url)
                    if response.status_code != 200:
                        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
                    return len(response.content)

                rows.append(await timed(f"GET {path}", label, call, clock, args))
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| what | period | p50 ms | p95 ms | max ms | sql p50 ms | cpu ms/call | statements "
        "| runs | p95 ≤ 300 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        cpu = "" if r["cpu"] is None else f"{r['cpu']:.1f}"
        lines.append(
            f"| {r['name']} | {r['period']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | "
            f"{r['sql_p50']:.1f} | {cpu} | {r['statements']} | {r['runs']} | "
            f"{'yes' if r['p95'] <= TARGET_MS else '**no**'} |"
        )
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    import asyncpg

    from portal.db.engine import DB
    from portal.statistics import datasets, figures

    started = time.perf_counter()
    load_start = bench_lists.load_average()
    place, added, build_seconds = await database(args)
    if args.calm:
        await bench_lists.wait_for_calm(args.calm, args.calm_wait)
    load_timing = bench_lists.load_average()
    facts = await data_facts(place.url)
    log(f"bench: {facts}")
    server_settings = DB.config.get("server_settings", {})
    pool = await asyncpg.create_pool(
        place.url,
        min_size=POOL,
        max_size=POOL,
        max_inactive_connection_lifetime=0,
        server_settings=server_settings,
    )
    await CPU.attach(pool, POOL)
    DB.pool = pool
    clock = bench_lists.SqlClock()
    clock.install(figures, datasets)
    captured: list[Any] = []
    try:
        service_rows = await bench_services(args, clock, captured)
        http_rows = await bench_http(args, place.url, clock) if args.http else "not timed"
    finally:
        clock.uninstall()
        DB.pool = None
        await pool.close()
    plans: list[str] = []
    if args.explain:
        for label, statements in captured:
            plans.append(f"### services.dashboard, {label}")
            plans += await bench_lists.explain(place.url, statements)
    return {
        "date": date.today().isoformat(),
        "machine": bench_lists.machine(),
        "load_average": {
            "start": load_start,
            "timing": load_timing,
            "end": bench_lists.load_average(),
        },
        "database": place.name,
        "connection_settings": server_settings,
        "data": facts,
        "added": added,
        "build_seconds": round(build_seconds, 1),
        "run_seconds": round(time.perf_counter() - started, 1),
        "services": service_rows,
        "http": http_rows,
        "plans": plans,
    }


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_statistics", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--needs", type=int, default=bench_lists.NEEDS)
    parser.add_argument("--experts", type=int, default=bench_lists.EXPERTS)
    parser.add_argument("--completed", type=int, default=COMPLETED)
    parser.add_argument("--procurements", type=int, default=PROCUREMENTS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default=DATABASE, help="scratch database name")
    parser.add_argument("--reuse", action="store_true", help="keep an earlier build")
    parser.add_argument(
        "--no-migrate",
        dest="migrate",
        action="store_false",
        help="with --reuse: take the database as it is (to try indexes by hand)",
    )
    parser.add_argument("--runs", type=int, default=30, help="timed calls per case (30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls first (3)")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds per case before stopping early"
    )
    parser.add_argument("--no-parts", dest="parts", action="store_false", help="whole only")
    parser.add_argument("--no-http", dest="http", action="store_false")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every query")
    parser.add_argument("--calm", type=float, default=0, help="wait for a load average below")
    parser.add_argument("--calm-wait", type=float, default=600)
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
    print(f"data: {results['data']}")
    print(f"build: {results['build_seconds']} s, whole run: {results['run_seconds']} s\n")
    print(table(results["services"]))
    http = results["http"]
    print("\n" + (http if isinstance(http, str) else table(http)))
    for plan in results["plans"]:
        print(f"\n{plan}")


if __name__ == "__main__":
    main()
