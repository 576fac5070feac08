"""Region-wide assignment runs: a coordinator starts one, a background task solves it.

The run's row carries its stage and progress, so the run page can show how far it has come;
the result (assignments, total score, the solver's gap) is stored on the row when done.
A run is solved by a job-queue worker (``execute_run``, the ``solve_matching_run`` job), the
one inside ``portal serve`` with the embedded default, or ``portal worker``; ``portal match
run`` calls it directly.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

import anyio
import msgspec

from portal.accounts.permissions import may_coordinate
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.jobs.queue import defer
from portal.matches import specs
from portal.matches.schemas import (
    AssignmentRead,
    MatchCreate,
    ProviderIn,
    RunCreate,
    RunRead,
    SuggestionProvider,
)
from portal.matches.tables import MatchingRun
from portal.matches.weights import current_weights
from portal.matching import assignment, region

log = logging.getLogger(__name__)

SOLVE_TASK = "solve_matching_run"


async def start_run(user: CurrentUser, data: RunCreate) -> int:
    if not may_coordinate(user, user.county_code):
        raise NotAllowed(_("Bara regionens samordnare kan starta en matchning för hela länet."))
    return await create_run(user.county_code, data, started_by=user.id)


async def create_run(county_code: str, data: RunCreate, started_by: int | None = None) -> int:
    """Queue a run for the county; one at a time, so two clicks never solve twice."""
    busy = await fetch(
        "SELECT id FROM matching_run WHERE county_code = $1 AND status IN ('queued', 'running')",
        county_code,
    )
    if busy:
        raise Conflict(_("En matchning pågår redan."), run_id=busy[0]["id"])
    async with atomic():
        return await _queue_run(county_code, data, started_by)


async def _queue_run(county_code: str, data: RunCreate, started_by: int | None) -> int:
    run = MatchingRun(
        county_code=county_code,
        horizon_weeks=data.horizon_weeks,
        started_by=started_by,
        result={"whole_time_limit_s": data.whole_time_limit_s},
    )
    await run.save()
    # Solved by a queue worker; deferred in this transaction, so a run never lacks its job.
    await defer(SOLVE_TASK, {"run_id": run.id}, queue_name="matching")
    await audit.record(
        actor_id=started_by,
        actor_kind="user" if started_by else "system",
        action="matching_run.start",
        entity_type="matching_run",
        entity_id=run.id,
        changes={"horizon_weeks": data.horizon_weeks, "county": county_code},
    )
    return run.id


async def run_summary(run_id: int) -> dict[str, Any]:
    rows = await fetch("SELECT status, result, error FROM matching_run WHERE id = $1", run_id)
    row = rows[0]
    result = row["result"]
    if isinstance(result, str):
        result = msgspec.json.decode(result)
    return {"status": row["status"], "error": row["error"], **(result or {})}


async def _stage(run_id: int, stage: str, progress: int, **values: Any) -> None:
    sets = ["stage = $2", "progress = $3"]
    args: list[Any] = [run_id, stage, progress]
    for name, value in values.items():
        args.append(value)
        sets.append(f"{name} = ${len(args)}")
    await fetch(f"UPDATE matching_run SET {', '.join(sets)} WHERE id = $1", *args)  # noqa: S608


def _solve(needs, experts, offers, weights, today, weeks, time_limit_s) -> dict[str, Any]:
    """The CPU part, run off the event loop: build both problems and solve them."""
    built = region.expert_problem(needs, experts, weights, today, weeks, time_limit_s)
    by_experts = assignment.solve(built.problem)
    offer_problem = region.offer_problem(needs, offers, weights, today, time_limit_s).problem
    by_offers = assignment.solve(offer_problem)
    assignments = [
        {
            "need_id": a.need_id,
            "provider": {"type": "expert", "id": a.provider_id},
            "hours": a.amount,
            "score": a.score,
        }
        for a in by_experts.assignments
    ] + [
        {
            "need_id": a.need_id,
            "provider": {"type": "offer", "id": a.provider_id},
            "quantity": round(a.amount),
            "score": a.score,
        }
        for a in by_offers.assignments
    ]

    def summary(problem: assignment.Problem, solution: assignment.Solution) -> dict[str, Any]:
        return {
            "needs": len(problem.demands),
            "providers": len(problem.supplies),
            "pairs": len(problem.arcs),
            "solver": solution.solver,
            "status": solution.status,
            "seconds": round(solution.seconds, 3),
            "total_score": solution.total_score,
            "gap": solution.gap,
            "optimal": solution.optimal,
        }

    return {
        "assignments": assignments,
        "total_score": round(by_experts.total_score + by_offers.total_score, 6),
        "gap": max(by_experts.gap, by_offers.gap),
        "optimal": by_experts.optimal and by_offers.optimal,
        "details": {
            "experts": summary(built.problem, by_experts),
            "offers": summary(offer_problem, by_offers),
            "skipped": {str(k): v for k, v in built.skipped.items()},
        },
    }


async def execute_run(run_id: int, today: date | None = None) -> None:
    """Solve a queued run. Claiming it is one UPDATE, so however many workers (or a command
    line) get to it, one solves it."""
    rows = await fetch(
        "UPDATE matching_run SET status = 'running', stage = 'loading', progress = 10, "
        "started_at = $2 WHERE id = $1 AND status = 'queued' RETURNING *",
        run_id,
        datetime.now(UTC),
    )
    if not rows:
        return
    run = rows[0]
    settings = run["result"] or {}
    if isinstance(settings, str):
        settings = msgspec.json.decode(settings)
    today = today or date.today()
    try:
        need_rows = await specs.open_need_rows(run["county_code"])
        needs = [specs.need_spec(row) for row in need_rows]
        experts = [specs.expert_spec(row) for row in await specs.all_expert_rows(today)]
        offers = [specs.offer_spec(row) for row in await specs.all_offer_rows()]
        weights = await current_weights()
        await _stage(run_id, "solving", 40)
        result = await anyio.to_thread.run_sync(
            _solve,
            needs,
            experts,
            offers,
            weights,
            today,
            run["horizon_weeks"],
            float(settings.get("whole_time_limit_s", 10.0)),
        )
        await _stage(
            run_id,
            "done",
            100,
            status="done",
            finished_at=datetime.now(UTC),
            result=msgspec.json.encode(result).decode(),
        )
    except Exception as error:  # a failed run says so on its page instead of hanging
        log.exception("matching run %s failed", run_id)
        await _stage(
            run_id,
            "failed",
            100,
            status="failed",
            finished_at=datetime.now(UTC),
            error=str(error)[:2000],
        )


async def requeue(run_id: int) -> None:
    """A run whose worker died mid-solve waits for the next one."""
    await fetch(
        "UPDATE matching_run SET status = 'queued', stage = 'queued', progress = 0 "
        "WHERE id = $1 AND status = 'running'",
        run_id,
    )


def _to_read(row: dict[str, Any]) -> RunRead:
    result = row["result"]
    if isinstance(result, str):
        result = msgspec.json.decode(result)
    done = row["status"] == "done" and result
    return RunRead(
        id=row["id"],
        status=row["status"],
        progress=row["progress"],
        stage=row["stage"],
        horizon_weeks=row["horizon_weeks"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        assignments=(
            [
                AssignmentRead(
                    need_id=a["need_id"],
                    provider=SuggestionProvider(a["provider"]["type"], a["provider"]["id"]),
                    hours=a.get("hours"),
                    quantity=a.get("quantity"),
                    score=a["score"],
                )
                for a in result["assignments"]
            ]
            if done
            else None
        ),
        total_score=result["total_score"] if done else None,
        gap=result["gap"] if done else None,
        optimal=result["optimal"] if done else None,
        details=result["details"] if done else None,
        error=row["error"],
    )


async def get_run(user: CurrentUser, run_id: int) -> RunRead:
    rows = await fetch("SELECT * FROM matching_run WHERE id = $1", run_id)
    if not rows or not may_coordinate(user, rows[0]["county_code"]):
        raise NotFound(_("Matchningen finns inte."))
    return _to_read(rows[0])


async def recent_runs(user: CurrentUser, limit: int = 10) -> list[RunRead]:
    if not may_coordinate(user, user.county_code):
        raise NotAllowed(_("Bara regionens samordnare ser matchningarna för hela länet."))
    rows = await fetch(
        "SELECT * FROM matching_run WHERE county_code = $1 ORDER BY id DESC LIMIT $2",
        user.county_code,
        limit,
    )
    return [_to_read(row) for row in rows]


async def propose_from_run(
    user: CurrentUser, run_id: int, chosen: list[str]
) -> tuple[list[int], dict[str, str]]:
    """Turn chosen assignments (``need:type:id``) into proposals; returns the new match ids
    and, per assignment that could not be proposed, why not."""
    from portal.errors import DomainError
    from portal.matches import services

    run = await get_run(user, run_id)
    if run.assignments is None:
        raise Conflict(_("Matchningen är inte klar."))
    by_key = {f"{a.need_id}:{a.provider.type}:{a.provider.id}": a for a in run.assignments}
    created, failed = [], {}
    for key in chosen:
        found = by_key.get(key)
        if found is None:
            failed[key] = _("Finns inte i matchningen.")
            continue
        data = MatchCreate(
            need_id=found.need_id,
            provider=ProviderIn(found.provider.type, found.provider.id),
            hours=found.hours,
            quantity=found.quantity,
            comment=_("Förslag från länsmatchning %(id)s.", id=run_id),
        )
        try:
            created.append((await services.propose(user, data, run_id=run_id)).id)
        except DomainError as error:
            failed[key] = error.message
    return created, failed
