"""The region-wide assignment: who does how much of which need, best in total.

Objective (fixed, so anyone can check a run): maximise the sum over assignments of
``score × amount / need's amount``; a need wholly covered by one provider adds that
provider's score. Amounts are counted in units (a quarter hour for experts, one item for
offers); a provider gives at most its capacity (rounded down to whole units), a need takes
at most its amount:

- a need that may be split takes whole units up to its amount (a need of 2.4 hours at most
  nine quarter hours); one smaller than a unit is given whole, to one provider;
- a need kept whole is given all of its amount by one provider, and takes its amount rounded
  up to whole units from that provider's capacity (2.4 hours take ten quarter hours).

- When every need may be split, this is a transportation problem and is solved exactly as a
  min-cost flow (OR-Tools). Costs must be integers there, so the per-unit score is scaled by
  ``FLOW_SCALE`` and rounded; the reported gap bounds what that rounding can cost.
- When some needs must stay whole, it is a generalised assignment problem: CP-SAT with a time
  limit, started from a greedy solution, reporting its proven gap (which bounds the rounding
  of the per-unit scores of split needs too).
"""

from __future__ import annotations

import math
import time
from typing import Literal

import msgspec
import numpy as np

FLOW_SCALE = 10**9  # per point of score; keeps rounding error far below a hundredth
SAT_SCALE = 10**4


class Demand(msgspec.Struct, frozen=True, gc=False):  # plain values, see schemas
    need_id: int
    amount: float  # hours or items
    splittable: bool = True


class Supply(msgspec.Struct, frozen=True, gc=False):  # plain values, see schemas
    provider_id: int
    capacity: float  # hours or items


class Arc(msgspec.Struct, frozen=True, gc=False):  # plain values, see schemas
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


class Assigned(msgspec.Struct, frozen=True, gc=False):  # plain values, see schemas
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


def _need_units(demand: Demand, unit: float) -> int:
    """Units a need takes when fully given: a split need never more than its amount (and
    one when it is smaller than a unit), a whole need enough to hold all of it."""
    if demand.splittable:
        return max(1, math.floor(demand.amount / unit + 1e-9))
    return max(1, math.ceil(demand.amount / unit - 1e-9))


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


class _Indexed(msgspec.Struct, frozen=True):
    """The problem as arrays: needs, providers and arcs by position."""

    demand: np.ndarray  # units each need takes when fully given
    amount: np.ndarray  # each need's amount
    whole: np.ndarray  # bool: kept whole
    capacity: np.ndarray  # units each provider can give
    arc_need: np.ndarray
    arc_provider: np.ndarray
    arc_score: np.ndarray
    arc_value: np.ndarray  # points per unit: score × unit / amount, or score / units


def _indexed(problem: Problem) -> _Indexed:
    need_index = {d.need_id: i for i, d in enumerate(problem.demands)}
    provider_index = {s.provider_id: j for j, s in enumerate(problem.supplies)}
    demand = np.array([_need_units(d, problem.unit) for d in problem.demands], dtype=np.int64)
    amount = np.array([d.amount for d in problem.demands], dtype=np.float64)
    capacity = np.array(
        [_units(s.capacity, problem.unit) for s in problem.supplies], dtype=np.int64
    )
    arc_need = np.array([need_index[a.need_id] for a in problem.arcs], dtype=np.int64)
    arc_provider = np.array([provider_index[a.provider_id] for a in problem.arcs], dtype=np.int64)
    arc_score = np.array([a.score for a in problem.arcs], dtype=np.float64)
    # The share of a need's amount its units cover when all are given: below one only for a
    # split need that is no whole number of units (its units are valued by the hours they are).
    covered = np.minimum(demand * problem.unit, amount) / amount
    arc_value = arc_score * covered[arc_need] / demand[arc_need]
    return _Indexed(
        demand=demand,
        amount=amount,
        whole=np.array([not d.splittable for d in problem.demands], dtype=bool),
        capacity=capacity,
        arc_need=arc_need,
        arc_provider=arc_provider,
        arc_score=arc_score,
        arc_value=arc_value,
    )


def _assignments(problem: Problem, ix: _Indexed, units: np.ndarray) -> list[Assigned]:
    """Units per arc as assignments: a need's units never give more than its amount."""
    found = [
        Assigned(
            need_id=problem.arcs[k].need_id,
            provider_id=problem.arcs[k].provider_id,
            amount=min(float(units[k]) * problem.unit, float(ix.amount[ix.arc_need[k]])),
            score=problem.arcs[k].score,
        )
        for k in (int(k) for k in np.flatnonzero(units))
    ]
    found.sort(key=lambda a: (a.need_id, a.provider_id))
    return found


def _flow(ix: _Indexed, among: np.ndarray) -> np.ndarray | None:
    """Units per arc of a most valuable flow over the arcs ``among``, every need split freely
    into its units (exact up to the rounding of ``FLOW_SCALE``); None if the solver fails."""
    from ortools.graph.python import min_cost_flow

    demand, capacity = ix.demand, ix.capacity
    arc_need, arc_provider = ix.arc_need[among], ix.arc_provider[among]
    n_providers, n_needs = len(capacity), len(demand)
    source, sink = 0, n_providers + n_needs + 1
    provider_node = 1 + np.arange(n_providers)
    need_node = 1 + n_providers + np.arange(n_needs)
    total = int(capacity.sum())

    pair_cost = -np.rint(ix.arc_value[among] * FLOW_SCALE).astype(np.int64)
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
    if flow.solve() != flow.OPTIMAL:
        return None
    pair_arcs = arcs[n_providers : n_providers + len(among)]
    units = np.zeros(len(ix.arc_score), dtype=np.int64)
    units[among] = np.asarray(flow.flows(pair_arcs), dtype=np.int64)
    return units


def _flow_rounding(ix: _Indexed) -> float:
    """What rounding the per-unit costs can cost: at most half a scaled point per unit moved,
    for the flow found and for the true optimum alike."""
    return float(min(int(ix.capacity.sum()), int(ix.demand.sum()))) / FLOW_SCALE


def _solve_flow(problem: Problem) -> Solution:
    started = time.perf_counter()
    ix = _indexed(problem)
    units = _flow(ix, np.arange(len(ix.arc_score)))
    if units is None:
        return _empty("min_cost_flow_failed")
    assignments = _assignments(problem, ix, units)
    value = objective(problem, assignments)
    return Solution(
        assignments=assignments,
        total_score=round(value, 6),
        optimal=True,
        gap=0.0 if value <= 0 else _flow_rounding(ix) / value,
        solver="min_cost_flow",
        status="optimal",
        seconds=time.perf_counter() - started,
    )


def _greedy(ix: _Indexed, among: np.ndarray) -> np.ndarray:
    """A quick feasible start over the arcs ``among``: best value per unit first."""
    order = among[np.lexsort((among, -ix.arc_value[among]))]
    need_left = ix.demand.copy()
    cap_left = ix.capacity.copy()
    units = np.zeros(len(ix.arc_score), dtype=np.int64)
    for k in order:
        i, j = ix.arc_need[k], ix.arc_provider[k]
        if need_left[i] == 0 or cap_left[j] == 0:
            continue
        if ix.whole[i]:
            if cap_left[j] < ix.demand[i]:
                continue
            take = ix.demand[i]
        else:
            take = min(need_left[i], cap_left[j])
        units[k] = take
        need_left[i] -= take
        cap_left[j] -= take
    return units


def _usable(ix: _Indexed) -> np.ndarray:
    """Arcs that can carry anything: a whole need only goes to a provider with room for all."""
    return ~ix.whole[ix.arc_need] | (ix.capacity[ix.arc_provider] >= ix.demand[ix.arc_need])


def _relaxation(ix: _Indexed, keep: np.ndarray) -> tuple[float, np.ndarray]:
    """The best total if whole needs could be split into their units (an upper bound on any
    assignment that keeps them whole: a whole need's units together are worth its score), and
    the arcs that relaxed optimum uses."""
    usable = np.flatnonzero(keep)
    if len(usable) == 0:
        return 0.0, usable
    units = _flow(ix, usable)
    if units is None:  # no bound: the gap cannot be proven
        return math.inf, usable
    value = float(np.dot(units[usable], ix.arc_value[usable]))
    return value + _flow_rounding(ix), usable[units[usable] > 0]


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
    from the reported gap. CP-SAT needs integer coefficients: a whole need's score is a
    whole number of hundredths and is scaled exactly; the per-unit score of a split need is
    scaled by ``FLOW_SCALE`` and rounded, and the gap includes what that rounding can cost.
    """
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    ix = _indexed(problem)
    demand, capacity, arc_need, arc_provider = ix.demand, ix.capacity, ix.arc_need, ix.arc_provider
    whole = ix.whole
    keep = _usable(ix)
    bound, relaxed_arcs = _relaxation(ix, keep)
    greedy = _greedy(ix, np.flatnonzero(keep))
    # CP-SAT sees each need's best arcs, the arcs of the relaxed optimum and of the greedy
    # start: it can only improve on the start, and the relaxation points where to look.
    chosen = np.union1d(
        _top_arcs(keep, arc_need, ix.arc_score, problem.arcs_per_need),
        np.union1d(relaxed_arcs, np.flatnonzero(greedy)),
    )
    # Split needs among whole ones: their per-unit scores are fractions of a hundredth.
    scale = FLOW_SCALE if not whole[arc_need[chosen]].all() else SAT_SCALE

    model = cp_model.CpModel()
    variables = []
    coefficients = []
    rounding = 0.0  # the most the rounded coefficients can misjudge any solution, in points
    by_need: dict[int, list[int]] = {}
    by_provider: dict[int, list[int]] = {}
    for position, k in enumerate(int(k) for k in chosen):
        i, j = int(arc_need[k]), int(arc_provider[k])
        if whole[i]:
            variables.append(model.new_bool_var(f"y{k}"))
            exact = ix.arc_score[k] * scale
            model.add_hint(variables[-1], 1 if greedy[k] else 0)
        else:
            variables.append(model.new_int_var(0, int(min(demand[i], capacity[j])), f"x{k}"))
            exact = ix.arc_value[k] * scale
            model.add_hint(variables[-1], int(greedy[k]))
        coefficients.append(round(exact))
        rounding = max(rounding, abs(coefficients[-1] - exact))
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

    units = np.zeros(len(ix.arc_score), dtype=np.int64)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for position, k in enumerate(int(k) for k in chosen):
            taken = solver.value(variables[position])
            units[k] = int(demand[arc_need[k]]) * taken if whole[arc_need[k]] else taken
    else:  # no solution within the limit: the greedy start is still a valid one
        units = greedy
    assignments = _assignments(problem, ix, units)
    value = objective(problem, assignments)
    pruned = len(chosen) < int(keep.sum())
    if not math.isfinite(bound):
        gap = 1.0
    else:
        gap = 0.0 if bound <= 0 else max(0.0, (bound - value) / bound)
    if status == cp_model.OPTIMAL and not pruned:
        # Optimal for the rounded coefficients: the true optimum is better by at most what
        # the rounding misjudges, in this solution and in that optimum (a split need takes
        # at most its units, a whole need one variable).
        slack = 2 * rounding * float(np.where(whole, 1, demand).sum()) / scale
        gap = min(gap, slack / (value + slack) if value + slack > 0 else 0.0)
    return Solution(
        assignments=assignments,
        total_score=round(value, 6),
        optimal=gap <= 1e-9,
        gap=gap,
        solver="cp_sat",
        status=solver.status_name(status).lower(),
        seconds=time.perf_counter() - started,
    )
