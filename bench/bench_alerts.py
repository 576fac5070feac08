"""Time a pass of the saved-search alerts on 100 000 needs.

    .venv/bin/python -m bench.bench_alerts [--reuse] [--searches 500] [--new 50] [--json FILE]

Each saved search keeps the ids it matched at its last pass, and a pass reads the full id
list of every alerting search again (``portal.saved_searches.services.alert_new_matches``).
A search of the needs is read again only when a need was written since its last pass (the
change tracking of migration 2026-12-04T19:00). This measures what a pass costs: on a copy of
the list benchmark's scratch database (built by :mod:`bench.bench_lists` when missing; the
copy is dropped at the end), ``--searches`` searches of the needs list are saved by members of
every municipality with realistic filters (saving computes what they match), ``--new`` open
needs are added, and one pass is timed (every search read), then a second pass with nothing
written since (none read). Writes commit, as in production; the job queue and the mails are
not involved (the searches alert daily). Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import warnings
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

from bench import bench_lists, scratch  # noqa: E402

# Filters people save, most of them narrow; each is saved by members of many organisations.
QUERIES = [
    "language=som",
    "language=ara&language=per",
    "language=tir&skill=marc21",
    "language=pol&material_type=childrens-books",
    "municipality=0180",
    "municipality=0127&status=open&status=matched",
    "q=barnböcker",
    "q=katalogisering",
    "script=Ethi&mode=onsite",
    "skill=rda",
    "",
    f"deadline_before={(date.today() + timedelta(days=30)).isoformat()}",
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def members(count: int) -> list[Any]:
    from portal.accounts import services as accounts
    from portal.db.raw import fetch

    rows = await fetch(
        "SELECT u.id FROM user_account u WHERE u.active AND 'member' = ANY(u.roles) "
        "ORDER BY u.id LIMIT $1",
        count,
    )
    found = [await accounts.current_user_by_id(row["id"]) for row in rows]
    return [user for user in found if user is not None]


async def add_needs(count: int) -> list[int]:
    """``count`` new open needs, copies of random open ones (the id and times are new)."""
    from portal.db.generated import declared_columns
    from portal.db.raw import fetch
    from portal.needs.tables import Need

    columns = [c.strip().split(".")[1] for c in declared_columns(Need, "n").split(",")]
    copied = [c for c in columns if c not in ('"id"', '"created_at"', '"updated_at"')]
    names = ", ".join(copied)
    rows = await fetch(
        f"INSERT INTO need ({names}) SELECT {names} FROM need "  # noqa: S608
        "WHERE status = 'open' ORDER BY random() LIMIT $1 RETURNING id",
        count,
    )
    return [row["id"] for row in rows]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    import asyncpg

    from portal.db.engine import DB, configure
    from portal.db.raw import fetch
    from portal.notifications.kinds import Frequency
    from portal.saved_searches import services
    from portal.saved_searches.schemas import SavedList, SavedSearchCreate

    place, _ = await bench_lists.database(args)
    copy = await bench_lists.copy_database(place, f"{place.name}_alerts")
    configure(copy.url, server_settings=bench_lists.connection_settings())
    await DB.start_connection_pool(min_size=1, max_size=4)
    try:
        people = await members(max(1, args.searches // 10))
        log(f"bench: saving {args.searches} searches of {len(people)} members on {copy.name}")
        saving: list[float] = []
        for n in range(args.searches):
            person = people[n % len(people)]
            started = time.perf_counter()
            await services.create_saved_search(
                person,
                SavedSearchCreate(
                    name=f"Bevakning {n}",
                    list_name=SavedList.needs,
                    query=QUERIES[n % len(QUERIES)],
                    frequency=Frequency.daily,
                ),
            )
            saving.append((time.perf_counter() - started) * 1000)
        sizes = [
            row["n"]
            for row in await fetch(
                "SELECT length(matched) AS n FROM saved_search WHERE name LIKE 'Bevakning %'"
            )
        ]
        added = await add_needs(args.new)
        started = time.perf_counter()
        alerts = await services.alert_new_matches()
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = await services.alert_new_matches()
        second = time.perf_counter() - started
    finally:
        await DB.close_connection_pool()
        connection = await asyncpg.connect(place.admin_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{copy.name}" WITH (FORCE)')
        finally:
            await connection.close()
    result = {
        "date": date.today().isoformat(),
        "machine": bench_lists.machine(),
        "load_average": bench_lists.load_average(),
        "database": f"{copy.name} (a copy of {place.name}, dropped)",
        "searches": args.searches,
        "new_needs": len(added),
        "save_ms_p50": round(statistics.median(saving), 1),
        "save_ms_p95": round(bench_lists.percentile(saving, 95), 1),
        "matched_bytes_mean": round(statistics.mean(sizes)),
        "matched_bytes_max": max(sizes),
        "pass_seconds": round(first, 2),
        "pass_ms_per_search": round(first * 1000 / args.searches, 1),
        "alerts": alerts,
        "second_pass_seconds": round(second, 2),
        "second_pass_alerts": again,
    }
    log(f"bench: {result}")
    return result


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_alerts",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--searches", type=int, default=500)
    parser.add_argument("--new", type=int, default=50, help="open needs added before the pass")
    parser.add_argument("--needs", type=int, default=bench_lists.NEEDS)
    parser.add_argument("--experts", type=int, default=bench_lists.EXPERTS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default=scratch.BENCH_DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep the scratch database's data")
    parser.add_argument("--json", help="write the figures to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = _arguments(argv)
    from portal.db import embedded

    try:
        result = asyncio.run(run(args))
    finally:
        embedded.stop_all()
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
