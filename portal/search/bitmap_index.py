"""Facet counts from bitmaps held in memory, kept exact by the database's change tracking.

Counting per facet value in SQL groups every row that passes the other filters, tens of
thousands of them on a broad page (bench/README.md). Here each process keeps, per facet
value, the set of row ids that have it as a compressed bitmap (pyroaring); a facet's counts
are then intersections of a few bitmaps, microseconds each.

The bitmaps follow the database exactly. Every need, expert profile and user row carries the
id of the transaction that last wrote it (``change_xid``, migration 2026-12-04T19:00), and
deleted rows leave a tombstone. Before each count the index reads, on a connection of its
own, the rows written by transactions at or after the oldest one still running when it last
looked (``pg_snapshot_xmin``): whatever order writers commit in, nothing committed is missed,
and nothing uncommitted is read. Filters the bitmaps do not hold (free text, deadline, an
organisation, a member's own organisation, availability) are asked of PostgreSQL as sets of
ids, kept until the next change. (A distance filter is counted in SQL altogether.)

The index answers only outside a transaction: inside one (a service that just wrote, every
test on the rolled-back ``db`` fixture) the caller's uncommitted rows matter, and the SQL
count answers instead. It also answers only once loaded; the first request starts the load
and is counted in SQL meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from pyroaring import BitMap

from portal.db.engine import DB
from portal.search.facets import FacetCounts, FacetSpec, facet_of, split_by_facet
from portal.search.query import Conditions, Member, Rows, numbered

log = logging.getLogger(__name__)

# Switched off by PORTAL_FACET_INDEX=false (and by the benchmark, to time the SQL counts).
settings = {"enabled": True}

# Cached id sets of SQL conditions; a few hundred cover the distinct viewers and searches.
_MAX_CACHED_SETS = 256
# More changed rows than this at once are read by a full reload.
_RELOAD_ABOVE = 20_000
# Housekeeping deletes tombstones after a day; an index that has not looked for longer than
# this reloads instead of trusting them.
_RELOAD_AFTER_SECONDS = 6 * 3600


@dataclass(frozen=True)
class IndexDefinition:
    """What one index holds: the rows of ``source`` (their id ``id``), and for each index
    facet the SQL expression of a row's value (an array when the flag says so).

    ``rows`` is the FROM clause that list conditions are written against (for SQL id sets);
    ``changed`` queries of the ids of rows whose values a transaction at or after ``$1``
    (an ``xid8``) may have changed, each answered by an index on a ``change_xid`` column;
    ``xid`` the expression of the last such transaction of a row of ``source``; ``table``
    the name its deleted rows are recorded under."""

    table: str
    source: str
    rows: str
    id: str
    facets: Mapping[str, tuple[str, bool]]
    changed: Sequence[str]
    xid: str


@dataclass
class _State:
    database: str | None = None
    bitmaps: dict[str, dict[str, BitMap]] = field(default_factory=dict)
    all: BitMap = field(default_factory=BitMap)
    horizon: int = 0
    looked_at: float = field(default_factory=time.monotonic)
    # Rows applied from transactions at or after the horizon, with the transaction: they
    # are read again until the horizon passes them, and are applied again only if changed.
    recent: dict[int, int] = field(default_factory=dict)
    sets: OrderedDict[tuple[Any, ...], BitMap] = field(default_factory=OrderedDict)
    # Counts the changes applied: a set fetched while one was applied may predate it.
    generation: int = 0


def _as_array(expression: str, is_array: bool) -> str:
    return f"({expression})::text[]" if is_array else f"ARRAY[({expression})::text]"


_INDEXES: list[FacetIndex] = []


def clear_cached_sets() -> None:
    """Forget the cached SQL id sets, as any change of the data does (for benchmarks)."""
    for index in _INDEXES:
        if index._state is not None:
            index._state.sets.clear()


def start_loading_all() -> None:
    """Load every index in the background (at start-up, so the first list is fast)."""
    if settings["enabled"]:
        for index in _INDEXES:
            index.start_loading()


@contextlib.asynccontextmanager
async def _own_connection() -> AsyncIterator[asyncpg.Connection]:
    """A connection outside any transaction of the caller: the index reads committed rows."""
    if DB.pool is not None:
        async with DB.pool.acquire() as connection:
            yield connection
        return
    connection = await DB.get_new_connection()
    try:
        yield connection
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def _snapshot() -> AsyncIterator[tuple[asyncpg.Connection, int]]:
    """A connection in one read-only snapshot, and that snapshot's horizon: the oldest
    transaction still running (every older one has committed or rolled back)."""
    async with (
        _own_connection() as connection,
        connection.transaction(isolation="repeatable_read", readonly=True),
    ):
        horizon = await connection.fetchval(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
        )
        yield connection, horizon


class FacetIndex:
    def __init__(self, definition: IndexDefinition) -> None:
        self.definition = definition
        self._state: _State | None = None
        self._loading: asyncio.Task[None] | None = None
        self._locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        _INDEXES.append(self)

    @property
    def _lock(self) -> asyncio.Lock:
        # One per event loop: a process may run several loops in turn (tests, the CLI).
        loop = asyncio.get_running_loop()
        if loop not in self._locks:
            self._locks = {loop: asyncio.Lock()}
        return self._locks[loop]

    # --- loading and following the database -------------------------------------------

    def _select(self, where: str = "TRUE") -> str:
        d = self.definition
        columns = ", ".join(
            f"{_as_array(expression, is_array)} AS f{i}"
            for i, (expression, is_array) in enumerate(d.facets.values())
        )
        return (
            f"SELECT {d.id} AS id, ({d.xid})::text::bigint AS xid, {columns} "  # noqa: S608
            f"FROM {d.source} WHERE {where}"
        )

    async def _load(self) -> _State:
        database = DB.config.get("dsn")
        async with _snapshot() as (connection, horizon):
            rows = await connection.fetch(self._select())
        state = _State(database=database, horizon=horizon)
        self._add(state, rows)
        return state

    def _add(self, state: _State, rows: Iterable[asyncpg.Record]) -> None:
        names = list(self.definition.facets)
        found: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in names}
        ids = []
        for row in rows:
            row_id = row["id"]
            ids.append(row_id)
            for i, name in enumerate(names):
                for value in row[f"f{i}"] or ():
                    if value is not None:
                        found[name][value].append(row_id)
        state.all |= BitMap(ids)
        for name in names:
            bitmaps = state.bitmaps.setdefault(name, {})
            for value, value_ids in found[name].items():
                if value in bitmaps:
                    bitmaps[value] |= BitMap(value_ids)
                else:
                    bitmaps[value] = BitMap(value_ids)

    async def _follow(self, state: _State) -> _State:
        """Apply what was committed since the last look; a new state after a TRUNCATE."""
        if time.monotonic() - state.looked_at > _RELOAD_AFTER_SECONDS:
            return await self._load()
        d = self.definition
        since = f"{d.id} IN ({' UNION '.join(d.changed)})"
        async with _snapshot() as (connection, horizon):
            rows = await connection.fetch(self._select(since), str(state.horizon))
            deleted = await connection.fetch(
                "SELECT row_id, change_xid::text::bigint AS xid FROM list_tombstone "
                "WHERE table_name = $1 AND change_xid >= $2::text::xid8",
                d.table,
                str(state.horizon),
            )
        if any(row["row_id"] is None for row in deleted) or len(rows) > _RELOAD_ABOVE:
            return await self._load()
        new = [row for row in rows if state.recent.get(row["id"]) != row["xid"]]
        gone = [row for row in deleted if state.recent.get(row["row_id"]) != -row["xid"]]
        if new or gone:
            changed = BitMap([row["id"] for row in new] + [row["row_id"] for row in gone])
            for bitmaps in state.bitmaps.values():
                for bitmap in bitmaps.values():
                    bitmap.difference_update(changed)
            state.all.difference_update(changed)
            self._add(state, new)
            state.sets.clear()
            state.generation += 1
        for row in new:
            state.recent[row["id"]] = row["xid"]
        for row in gone:
            state.recent[row["row_id"]] = -row["xid"]  # a deletion, told apart by its sign
        state.horizon, state.looked_at = horizon, time.monotonic()
        state.recent = {i: x for i, x in state.recent.items() if abs(x) >= horizon}
        return state

    async def _load_in_background(self) -> None:
        try:
            state = await self._load()
            async with self._lock:
                self._state = state
        except Exception:  # the lists go on counting in SQL
            log.exception("loading the facet index of %s failed", self.definition.table)
        finally:
            self._loading = None

    def start_loading(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loading is not None and self._loading.get_loop() is not loop:
            self._loading = None  # started on a loop that has since ended
        if self._loading is None:
            self._loading = loop.create_task(self._load_in_background())

    async def load(self) -> None:
        """Load now (start-up warm-up, benchmarks, tests)."""
        state = await self._load()
        async with self._lock:
            self._state = state

    def size(self) -> dict[str, int]:
        """Rows, facet values and the bitmaps' serialised bytes (for benchmarks)."""
        state = self._state
        if state is None:
            return {"rows": 0, "values": 0, "bytes": 0}
        bitmaps = [b for values in state.bitmaps.values() for b in values.values()]
        return {
            "rows": len(state.all),
            "values": len(bitmaps),
            "bytes": sum(len(b.serialize()) for b in [state.all, *bitmaps]),
        }

    async def _current(self) -> _State | None:
        """The state brought up to date, or None when the index cannot answer now."""
        if not settings["enabled"] or DB.current_transaction.get() is not None:
            return None
        async with self._lock:  # the state read under the lock: a reload may replace it
            state = self._state
            if state is None or state.database != DB.config.get("dsn"):
                self._state = None
                self.start_loading()
                return None
            self._state = await self._follow(state)
            return self._state

    # --- counting ------------------------------------------------------------------------

    @staticmethod
    def _key(sql: str, values: Sequence[Any]) -> tuple[Any, ...]:
        return (sql, *(tuple(v) if isinstance(v, list) else v for v in values))

    @staticmethod
    def _asked(conditions: Conditions) -> tuple[str, list[Any]] | None:
        """The conditions the bitmaps cannot say, as one SQL condition (None: there are none)."""
        asked = Conditions([c for c in conditions.items if c.members is None])
        return asked.where() if asked.items else None

    @classmethod
    def _all_cached(cls, state: _State, conditions: Conditions) -> bool:
        """Whether every SQL set that ``conditions`` need is cached."""
        needed = [
            (m.sql, m.values)
            for c in conditions.items
            for m in c.members or ()
            if isinstance(m, Rows)
        ]
        if (asked := cls._asked(conditions)) is not None:
            needed.append(asked)
        return all(cls._key(sql, values) in state.sets for sql, values in needed)

    async def _rows_where(self, state: _State, sql: str, values: Sequence[Any]) -> BitMap:
        """Ids of the rows that pass ``sql``, asked of PostgreSQL once per change."""
        key = self._key(sql, values)
        cached = state.sets.get(key)
        if cached is not None:
            state.sets.move_to_end(key)
            return cached
        d = self.definition
        query = f"SELECT {d.id} AS id FROM {d.rows} WHERE {sql}"  # noqa: S608
        generation = state.generation
        async with _own_connection() as connection:
            ids = await connection.fetch(numbered(query, list(values)), *values)
        found = BitMap([row["id"] for row in ids])
        if state.generation != generation:
            return found  # a change was applied meanwhile: good for this answer only
        state.sets[key] = found
        if len(state.sets) > _MAX_CACHED_SETS:
            state.sets.popitem(last=False)
        return found

    async def _either(self, state: _State, members: Sequence[Member | Rows]) -> BitMap:
        """The rows that pass any of ``members``."""
        found = BitMap()
        for member in members:
            if isinstance(member, Rows):
                found |= await self._rows_where(state, member.sql, member.values)
                continue
            bitmaps = state.bitmaps.get(member.facet, {})
            for value in member.values:
                if value in bitmaps:
                    found |= bitmaps[value]
        return found

    async def _passing(self, state: _State, conditions: Conditions) -> BitMap:
        """The rows that pass every condition: those with members from the bitmaps, the
        others together in one SQL set."""
        passing = state.all.copy()
        for condition in conditions.items:
            if condition.members is not None:
                passing &= await self._either(state, condition.members)
        if (asked := self._asked(conditions)) is not None:
            passing &= await self._rows_where(state, *asked)
        return passing

    async def total(self, conditions: Conditions) -> int | None:
        """How many rows pass ``conditions``, from the bitmaps; None when they cannot answer
        or would first have to ask PostgreSQL for a set of ids (fetching a broad text
        search's ids costs more than counting them: count in SQL then)."""
        state = await self._current()
        if state is None or not self._all_cached(state, conditions):
            return None
        return len(await self._passing(state, conditions))

    async def count(
        self, specs: Sequence[FacetSpec], conditions: Conditions, *, limit: int = 60
    ) -> FacetCounts | None:
        """What :func:`portal.search.facets.count_facets` answers, from the bitmaps; None
        when they cannot answer (then count in SQL)."""
        fixed, by_facet = split_by_facet(conditions, {spec.name for spec in specs})
        if any(c.members is None for group in by_facet.values() for c in group.items):
            return None
        state = await self._current()
        if state is None:
            return None
        base = await self._passing(state, fixed)
        chosen = {name: await self._passing(state, group) for name, group in by_facet.items()}
        everything = base.copy()
        for bitmap in chosen.values():
            everything &= bitmap
        results = []
        for spec in specs:
            others = base.copy()
            for name, bitmap in chosen.items():
                if name != spec.name:
                    others &= bitmap
            counted = {
                value: n
                for value, bitmap in state.bitmaps.get(spec.key or spec.name, {}).items()
                if (n := bitmap.intersection_cardinality(others))
            }
            top = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:limit]
            results.append(facet_of(spec, dict(top)))
        return FacetCounts(facets=results, total=len(everything))
