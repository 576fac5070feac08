"""Time matching: suggestions for one need among 20 000 experts, and region-wide runs.

    .venv/bin/python -m bench.bench_matching [--reuse] [--runs 20] [--only suggest split whole]
                                             [--calm 1.0]

Uses the scratch database of :mod:`bench.bench_lists` (100 000 needs, 20 000 experts, built
by :mod:`bench.generate`; ``--reuse`` keeps an earlier build).

- ``suggest``: ``portal.matches.suggestions.suggestions_for`` as a coordinator for a spread
  of open cataloguing needs; server time (SQL and scoring, no HTTP), p50/p95 over all calls.
  Target p95 ≤ 50 ms.
- ``split``: 5 000 open needs (all made splittable) × 2 000 experts, built and solved with
  ``portal.matching`` in a fresh process: build time, solve time, proven gap and the
  process's peak resident memory. Target: optimal within 5 s and 500 MB.
- ``whole``: the same instance with every need kept whole (CP-SAT, 10 s limit): the gap
  reached. Both solver cases run in a child process so that the peak memory is theirs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import msgspec

from bench import bench_lists, scratch

SUGGEST_TARGET_MS = 50.0
RUN_NEEDS = 5_000
RUN_EXPERTS = 2_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Instance(msgspec.Struct):
    today: date
    weeks: int
    weights: dict[str, float]
    needs: list[Any]
    experts: list[Any]


# --- the solver cases, in a child process -----------------------------------------------------


def child(path: str, mode: str, time_limit: float, workers: int) -> None:
    from portal.matching import assignment, region
    from portal.matching.schemas import ExpertSpec, NeedSpec

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw = msgspec.msgpack.decode(Path(path).read_bytes(), type=Instance)
    needs = [msgspec.convert(n, NeedSpec) for n in raw.needs]
    experts = [msgspec.convert(e, ExpertSpec) for e in raw.experts]
    whole = mode == "whole"
    needs = [msgspec.structs.replace(n, splittable=not whole) for n in needs]
    started = time.perf_counter()
    built = region.expert_problem(
        needs,
        experts,
        raw.weights,
        raw.today,
        raw.weeks,
        time_limit_s=time_limit,
        workers=workers,
    )
    build = time.perf_counter() - started
    solution = assignment.solve(built.problem)
    total = time.perf_counter() - started
    print(
        json.dumps(
            {
                "mode": mode,
                "needs": len(built.problem.demands),
                "experts": len(built.problem.supplies),
                "pairs": len(built.problem.arcs),
                "assignments": len(solution.assignments),
                "hours_assigned": sum(a.amount for a in solution.assignments),
                "build_s": round(build, 3),
                "solve_s": round(solution.seconds, 3),
                "total_s": round(total, 3),
                "solver": solution.solver,
                "status": solution.status,
                "optimal": solution.optimal,
                "gap": solution.gap,
                "total_score": solution.total_score,
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "baseline_mb": round(baseline, 1),
                "workers": workers,
            }
        )
    )


def run_child(path: str, mode: str, time_limit: float, workers: int) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.bench_matching",
        "--child",
        path,
        "--mode",
        mode,
        "--time-limit",
        str(time_limit),
        "--workers",
        str(workers),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- loading from the scratch database ----------------------------------------------------------


async def load_instance(pool: Any, today: date) -> Instance:
    from portal.db.engine import DB
    from portal.matches import specs
    from portal.matches.weights import current_weights

    DB.pool = pool
    needs = await specs.open_need_rows("01")
    needs = [row for row in needs if row["kind"] == "cataloguing" and row["estimated_hours"]]
    experts = await specs.all_expert_rows(today)
    return Instance(
        today=today,
        weeks=4,
        weights=await current_weights(),
        needs=[msgspec.to_builtins(specs.need_spec(r)) for r in needs[:RUN_NEEDS]],
        experts=[msgspec.to_builtins(specs.expert_spec(r)) for r in experts[:RUN_EXPERTS]],
    )


async def bench_suggestions(pool: Any, args: argparse.Namespace) -> dict[str, Any]:
    import portal.app  # noqa: F401 - the server's modules: full collections walk all of them
    from portal.db import raw
    from portal.db.engine import DB
    from portal.matches import access, specs, suggestions

    DB.pool = pool
    people = await bench_lists.viewers(args.dsn)
    coordinator = people["coordinator"]
    rows = await raw.fetch(
        "SELECT id FROM need WHERE kind = 'cataloguing' AND status = 'open' ORDER BY id"
    )
    step = max(1, len(rows) // args.needs_sampled)
    need_ids = [r["id"] for r in rows[::step]][: args.needs_sampled]
    clock = bench_lists.SqlClock()
    clock.install(specs, access)
    wall: list[float] = []
    sql: list[float] = []
    per_need: list[tuple[float, int, int]] = []
    try:
        for need_id in need_ids:
            found = await suggestions.suggestions_for(coordinator, need_id, 10)
            candidates = len(
                await specs.candidate_expert_rows(
                    specs.need_spec(await specs.need_row(need_id)), date.today()
                )
            )
            times = []
            for _ in range(args.runs):
                before = clock.seconds
                started = time.perf_counter()
                await suggestions.suggestions_for(coordinator, need_id, 10)
                times.append((time.perf_counter() - started) * 1000)
                sql.append((clock.seconds - before) * 1000)
            wall += times
            per_need.append((bench_lists.percentile(times, 95), need_id, candidates))
            del found
    finally:
        clock.uninstall()
    per_need.sort(reverse=True)
    return {
        "needs": len(need_ids),
        "calls": len(wall),
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(bench_lists.percentile(wall, 95), 1),
        "max_ms": round(max(wall), 1),
        "sql_p50_ms": round(statistics.median(sql), 1),  # raw SQL of the services (not weights)
        "sql_p95_ms": round(bench_lists.percentile(sql, 95), 1),
        "slowest": [
            {"need": n, "p95_ms": round(p, 1), "candidates": c} for p, n, c in per_need[:3]
        ],
        "target_ms": SUGGEST_TARGET_MS,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    import asyncpg

    from portal.db.engine import DB

    place, load_seconds = await bench_lists.database(args)
    args.dsn = place.url
    if args.calm:
        await bench_lists.wait_for_calm(args.calm, args.calm_wait)
    # The portal's own connection settings (custom plans, no JIT), as in production.
    pool = await asyncpg.create_pool(
        place.url, min_size=1, max_size=4, server_settings=DB.config.get("server_settings", {})
    )
    results: dict[str, Any] = {
        "date": date.today().isoformat(),
        "machine": bench_lists.machine(),
        "load_seconds": round(load_seconds, 1),
        "load_average": {"start": bench_lists.load_average()},
    }
    try:
        if "suggest" in args.only:
            log("bench: suggestions")
            results["suggest"] = await bench_suggestions(pool, args)
            results["suggest"]["load_average"] = bench_lists.load_average()
            log(f"  {results['suggest']}")
        if any(m in args.only for m in ("split", "whole")):
            results["instance"] = msgspec.msgpack.encode(await load_instance(pool, date.today()))
    finally:
        DB.pool = None
        await pool.close()
    return results


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_matching")
    parser.add_argument("--needs", type=int, default=bench_lists.NEEDS)
    parser.add_argument("--experts", type=int, default=bench_lists.EXPERTS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default=scratch.BENCH_DATABASE)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--runs", type=int, default=20, help="timed calls per need (20)")
    parser.add_argument("--needs-sampled", type=int, default=40)
    parser.add_argument("--only", nargs="+", default=["suggest", "split", "whole"])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--calm",
        type=float,
        default=0.0,
        help="first wait until the 1-minute load average is below this (0: do not wait)",
    )
    parser.add_argument(
        "--calm-wait", type=float, default=600, help="but no longer than this many seconds"
    )
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--instance", help="keep the run instance in this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = _arguments(argv)
    if args.child:
        child(args.child, args.mode, args.time_limit, args.workers)
        return
    results = asyncio.run(run(args))
    instance = results.pop("instance", None)
    if instance is not None:
        path = Path(args.instance or tempfile.mkstemp(suffix=".msgpack")[1])
        path.write_bytes(instance)
        for mode in (m for m in ("split", "whole") if m in args.only):
            log(f"bench: region-wide run, {mode}")
            results[mode] = run_child(str(path), mode, args.time_limit, args.workers)
            results[mode]["load_average"] = bench_lists.load_average()
            log(f"  {results[mode]}")
        if not args.instance:
            path.unlink()
    results["load_average"]["end"] = bench_lists.load_average()
    text = json.dumps(results, indent=2, ensure_ascii=False)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
