"""The region-wide assignment: who does how much of which need, best in total.

Objective (fixed, so anyone can check a run): maximise the sum over assignments of
``score × amount / need's amount``; a need wholly covered by one provider adds that
provider's score. Amounts are counted in units (a quarter hour for experts, one item for
offers); a provider gives at most its capacity, a need takes at most its amount.

- When every need may be split, this is a transportation problem and is solved exactly as a
  min-cost flow (OR-Tools). Costs must be integers there, so the per-unit score is scaled by
  ``FLOW_SCALE`` and rounded; the reported gap bounds what that rounding can cost.
- When some needs must stay whole, it is a generalised assignment problem: CP-SAT with a time
  limit, started from a greedy solution, reporting its proven gap.
"""

from __future__ import annotations

import math
import time
from typing import Literal

import msgspec
import numpy as np

FLOW_SCALE = 10**9  # per point of score; keeps rounding error far below a hundredth
SAT_SCALE = 10**4


class Demand(msgspec.Struct, frozen=True):
    need_id: int
    amount: float  # hours or items
    splittable: bool = True


class Supply(msgspec.Struct, frozen=True):
    provider_id: int
    capacity: float  # hours or items


class Arc(msgspec.Struct, frozen=True):
    need_id: int
    provider_id: int
    score: float


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    demands: list[Demand]
    supplies: list[Supply]
    arcs: list[Arc]  # only pairs that meet every hard constraint
    unit: float = 0.25
    time_limit_s: float = 10.0
    workers: int = 1  # one worker keeps CP-SAT deterministic
    arcs_per_need: int = 5  # whole needs: CP-SAT looks at each need's best arcs


class Assigned(msgspec.Struct, frozen=True):
    need_id: int
    provider_id: int
    amount: float
    score: float


class Solution(msgspec.Struct, frozen=True, kw_only=True):
    assignments: list[Assigned]
    total_score: float
    optimal: bool
    gap: float  # proven relative gap between this solution and the best possible
    solver: Literal["none", "min_cost_flow", "cp_sat"]
    status: str
    seconds: float


def _units(amount: float, unit: float) -> int:
    return max(0, math.floor(amount / unit + 1e-9))


def _need_units(amount: float, unit: float) -> int:
    # A need is counted to the nearest unit, and at least one.
    return max(1, round(amount / unit))


def objective(problem: Problem, assignments: list[Assigned]) -> float:
    """The objective of any assignment, computed straight from its definition."""
    amounts = {d.need_id: d.amount for d in problem.demands}
    return sum(a.score * a.amount / amounts[a.need_id] for a in assignments)


def _empty(status: str) -> Solution:
    return Solution(
        assignments=[],
        total_score=0.0,
        optimal=True,
        gap=0.0,
        solver="none",
        status=status,
        seconds=0.0,
    )


def solve(problem: Problem) -> Solution:
    if not problem.arcs:
        return _empty("no_allowed_pairs")
    if all(d.splittable for d in problem.demands):
        return _solve_flow(problem)
    return _solve_sat(problem)


def _indexed(problem: Problem):
    need_index = {d.need_id: i for i, d in enumerate(problem.demands)}
    provider_index = {s.provider_id: j for j, s in enumerate(problem.supplies)}
    demand = np.array(
        [_need_units(d.amount, problem.unit) for d in problem.demands], dtype=np.int64
    )
    capacity = np.array(
        [_units(s.capacity, problem.unit) for s in problem.supplies], dtype=np.int64
    )
    arc_need = np.array([need_index[a.need_id] for a in problem.arcs], dtype=np.int64)
    arc_provider = np.array([provider_index[a.provider_id] for a in problem.arcs], dtype=np.int64)
    arc_score = np.array([a.score for a in problem.arcs], dtype=np.float64)
    return demand, capacity, arc_need, arc_provider, arc_score


def _assignments(problem: Problem, units: np.ndarray) -> list[Assigned]:
    found = [
        Assigned(
            need_id=problem.arcs[k].need_id,
            provider_id=problem.arcs[k].provider_id,
            amount=float(units[k]) * problem.unit,
            score=problem.arcs[k].score,
        )
        for k in (int(k) for k in np.flatnonzero(units))
    ]
    found.sort(key=lambda a: (a.need_id, a.provider_id))
    return found


def _solve_flow(problem: Problem) -> Solution:
    from ortools.graph.python import min_cost_flow

    started = time.perf_counter()
    demand, capacity, arc_need, arc_provider, arc_score = _indexed(problem)
    n_providers, n_needs = len(capacity), len(demand)
    source, sink = 0, n_providers + n_needs + 1
    provider_node = 1 + np.arange(n_providers)
    need_node = 1 + n_providers + np.arange(n_needs)
    total = int(capacity.sum())

    pair_cost = -np.rint(arc_score * FLOW_SCALE / demand[arc_need]).astype(np.int64)
    pair_cap = np.minimum(demand[arc_need], capacity[arc_provider])
    tails = np.concatenate(
        [np.full(n_providers, source), provider_node[arc_provider], need_node, [source]]
    )
    heads = np.concatenate([provider_node, need_node[arc_need], np.full(n_needs, sink), [sink]])
    caps = np.concatenate([capacity, pair_cap, demand, [total]])
    costs = np.concatenate(
        [np.zeros(n_providers, np.int64), pair_cost, np.zeros(n_needs, np.int64), [0]]
    )

    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        caps.astype(np.int64),
        costs.astype(np.int64),
    )
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    status = flow.solve()
    if status != flow.OPTIMAL:
        return _empty(f"min_cost_flow_status_{status}")
    pair_arcs = arcs[n_providers : n_providers + len(arc_score)]
    units = np.asarray(flow.flows(pair_arcs), dtype=np.int64)
    assignments = _assignments(problem, units)
    value = objective(problem, assignments)
    # Rounding each per-unit cost moves the objective by at most half a scaled point per unit
    # moved, for this solution and for the true optimum alike.
    bound = float(min(total, int(demand.sum()))) / FLOW_SCALE
    return Solution(
        assignments=assignments,
        total_score=round(value, 6),
        optimal=True,
        gap=0.0 if value <= 0 else bound / value,
        solver="min_cost_flow",
        status="optimal",
        seconds=time.perf_counter() - started,
    )


def _greedy(problem, demand, capacity, arc_need, arc_provider, arc_score, among) -> np.ndarray:
    """A quick feasible start over the arcs ``among``: best value per unit first."""
    per_unit = arc_score[among] / demand[arc_need[among]]
    order = among[np.lexsort((among, -per_unit))]
    need_left = demand.copy()
    cap_left = capacity.copy()
    whole = np.array([not d.splittable for d in problem.demands])
    units = np.zeros(len(arc_score), dtype=np.int64)
    for k in order:
        i, j = arc_need[k], arc_provider[k]
        if need_left[i] == 0 or cap_left[j] == 0:
            continue
        if whole[i]:
            if cap_left[j] < demand[i]:
                continue
            take = demand[i]
        else:
            take = min(need_left[i], cap_left[j])
        units[k] = take
        need_left[i] -= take
        cap_left[j] -= take
    return units


def _usable(problem: Problem, demand, capacity, arc_need, arc_provider) -> np.ndarray:
    """Arcs that can carry anything: a whole need only goes to a provider with room for all."""
    whole = np.array([not d.splittable for d in problem.demands])
    return ~whole[arc_need] | (capacity[arc_provider] >= demand[arc_need])


def _relaxation(problem: Problem, keep: np.ndarray) -> tuple[float, np.ndarray]:
    """The best total if whole needs could be split (an upper bound on any assignment that
    keeps them whole), and the arcs that relaxed optimum uses."""
    usable = np.flatnonzero(keep)
    relaxed = Problem(
        demands=[Demand(d.need_id, d.amount, True) for d in problem.demands],
        supplies=problem.supplies,
        arcs=[problem.arcs[int(k)] for k in usable],
        unit=problem.unit,
    )
    if not relaxed.arcs:
        return 0.0, usable
    flow = _solve_flow(relaxed)
    used = {(a.need_id, a.provider_id) for a in flow.assignments}
    in_use = np.array(
        [(problem.arcs[k].need_id, problem.arcs[k].provider_id) in used for k in usable],
        dtype=bool,
    )
    return flow.total_score * (1 + flow.gap), usable[in_use]


def _top_arcs(keep: np.ndarray, arc_need: np.ndarray, arc_score: np.ndarray, k: int):
    """Indexes of each need's ``k`` best usable arcs (ties to the lower arc index)."""
    candidates = np.flatnonzero(keep)
    order = candidates[np.lexsort((candidates, -arc_score[candidates], arc_need[candidates]))]
    needs_in_order = arc_need[order]
    first = np.searchsorted(needs_in_order, needs_in_order, side="left")
    rank = np.arange(len(order)) - first
    return np.sort(order[rank < k])


def _solve_sat(problem: Problem) -> Solution:
    """Whole needs: CP-SAT over each need's best arcs, from a greedy start.

    The gap is proven against the relaxation in which whole needs may be split (solved
    exactly as a flow over all usable arcs), so pruning arcs never hides a better solution
    from the reported gap.
    """
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    demand, capacity, arc_need, arc_provider, arc_score = _indexed(problem)
    whole = np.array([not d.splittable for d in problem.demands])
    keep = _usable(problem, demand, capacity, arc_need, arc_provider)
    bound, relaxed_arcs = _relaxation(problem, keep)
    greedy = _greedy(
        problem, demand, capacity, arc_need, arc_provider, arc_score, np.flatnonzero(keep)
    )
    # CP-SAT sees each need's best arcs, the arcs of the relaxed optimum and of the greedy
    # start: it can only improve on the start, and the relaxation points where to look.
    chosen = np.union1d(
        _top_arcs(keep, arc_need, arc_score, problem.arcs_per_need),
        np.union1d(relaxed_arcs, np.flatnonzero(greedy)),
    )

    model = cp_model.CpModel()
    variables = []
    coefficients = []
    by_need: dict[int, list[int]] = {}
    by_provider: dict[int, list[int]] = {}
    for position, k in enumerate(int(k) for k in chosen):
        i, j = int(arc_need[k]), int(arc_provider[k])
        if whole[i]:
            variables.append(model.new_bool_var(f"y{k}"))
            coefficients.append(round(arc_score[k] * SAT_SCALE))
            model.add_hint(variables[-1], 1 if greedy[k] else 0)
        else:
            variables.append(model.new_int_var(0, int(min(demand[i], capacity[j])), f"x{k}"))
            coefficients.append(round(arc_score[k] * SAT_SCALE / demand[i]))
            model.add_hint(variables[-1], int(greedy[k]))
        by_need.setdefault(i, []).append(position)
        by_provider.setdefault(j, []).append(position)
    weighted = cp_model.LinearExpr.weighted_sum
    for i, positions in by_need.items():
        limit = 1 if whole[i] else int(demand[i])
        model.add(cp_model.LinearExpr.sum([variables[p] for p in positions]) <= limit)
    for j, positions in by_provider.items():
        sizes = [
            int(demand[arc_need[chosen[p]]]) if whole[arc_need[chosen[p]]] else 1 for p in positions
        ]
        model.add(weighted([variables[p] for p in positions], sizes) <= int(capacity[j]))
    model.maximize(weighted(variables, coefficients))

    solver = cp_model.CpSolver()
    spent = time.perf_counter() - started
    solver.parameters.max_time_in_seconds = max(0.1, problem.time_limit_s - spent)

    solver.parameters.num_workers = max(1, problem.workers)
    # Probing and symmetry detection cost seconds on large instances and gain little here.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    status = solver.solve(model)

    units = np.zeros(len(arc_score), dtype=np.int64)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for position, k in enumerate(int(k) for k in chosen):
            taken = solver.value(variables[position])
            units[k] = int(demand[arc_need[k]]) * taken if whole[arc_need[k]] else taken
    else:  # no solution within the limit: the greedy start is still a valid one
        units = greedy
    assignments = _assignments(problem, units)
    value = objective(problem, assignments)
    pruned = len(chosen) < int(keep.sum())
    proven = status == cp_model.OPTIMAL and not pruned
    gap = 0.0 if proven or bound <= 0 else max(0.0, (bound - value) / bound)
    return Solution(
        assignments=assignments,
        total_score=round(value, 6),
        optimal=proven or gap <= 1e-9,
        gap=gap,
        solver="cp_sat",
        status=solver.status_name(status).lower(),
        seconds=time.perf_counter() - started,
    )
