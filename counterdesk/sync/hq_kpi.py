"""Head office's KPIs: the figures of ``core.kpis`` computed by SQL aggregation in PostgreSQL.

Each method of :class:`HqKpis` is the SQL twin of the ``core.kpis`` function of the same name
(``docs/kpis.md``): it reads HQ's copies of the queue (``hq.ticket``, ``hq.ticket_event``) and
of the journals (``hq.service``, ``hq.step_record``, ``hq.rating``, ``hq.staff_session``,
``hq.pause``) for the business days ``[first, last]``, groups by the same :class:`By`
dimensions and returns the same result types keyed the same way. Only aggregated rows travel
to Python (one per group, or per group and sub-key such as a reason code or a supervisor),
plus the few procedure snapshots, whose mandatory steps Python reads from their TOML text.

What decides which rows belong to the period is what ``services.kpi_day.read_day`` does for
one day: the tickets whose business day is in the period, the services of those tickets (with
their steps and ratings), and the sessions that overlap each day's window. Two things differ
in how, not in what: rows tombstoned at HQ (``deleted_at``) are left out, as the journal has
deleted them; and the partitioned tables are read only between the first ticket's issue (less
an hour of clock skew between PCs) and :data:`SLACK` after the later of the period's last local
midnight and its tickets' last queue instant, so that a month's report reads that month's
partitions. A step or rating dated later than that (a service left open overnight and closed
the next morning) is not counted.

How many statements: a report asks for a dozen figures, each over the same month of rows. The
figures of a family (:data:`_FAMILIES`: the queue's, the services', the tellers' time) are
computed together, for one grouping, by one statement (a ``UNION ALL`` of each figure's facts
under one ``GROUP BY``), the first time one of them is asked for; an :class:`HqKpis` keeps the
result for the others (it is one report's snapshot, as its read bounds already are). Each
statement carries only the CTEs it needs (:func:`_prune`). ``bench/reports.py`` measures it.

Rows are seen as the connected role sees them: a branch's role sees its own branch only
(row-level security), the schema's owner (or a superuser administrator) every branch.
"""

from __future__ import annotations

import json
import re
import string
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import NotFoundError
from counterdesk.core.kpis import (
    Authorisations,
    By,
    Compliance,
    Durations,
    Key,
    Override,
    Satisfaction,
    Share,
    TellerTime,
)
from counterdesk.core.procedures import parse_procedure
from counterdesk.sync.hq_kpi_sql import base_sql, seconds_between

if TYPE_CHECKING:
    from counterdesk.sync.hq_facts import Facts

#: How long after the period's end (and its last queue instant) rows of its tickets are read.
SLACK = timedelta(hours=6)
#: How long before the period's first issue rows of its tickets are read (PC clocks differ).
SKEW = timedelta(hours=1)


def _zone_name(zone: tzinfo) -> str:
    if zone is UTC:
        return "UTC"
    name = getattr(zone, "key", None)
    if not isinstance(name, str):
        raise ValueError(f"the branch zone must be UTC or a zoneinfo.ZoneInfo, not {zone!r}")
    return name


#: Where and when a ticket fact happened (``docs/kpis.md``, "Ticket figures").
_TICKET_PLACE = "branch, first_counter AS counter, teller, btype, day, issued_at AS at"


def _key_sql(dim: By) -> str:
    """The group key text of a dimension, over a facts row (``docs/kpis.md``)."""
    return {
        By.BRANCH: "f.branch",
        By.COUNTER: "coalesce(f.counter, '')",
        By.TELLER: "coalesce(f.teller, '')",
        By.BUSINESS_TYPE: "f.btype",
        By.HOUR: "to_char(f.at AT TIME ZONE %(zone)s, 'HH24')",
        By.DAY: "to_char(f.day, 'YYYY-MM-DD')",
        By.WEEK: "to_char(f.day, 'IYYY-\"W\"IW')",
        By.MONTH: "to_char(f.day, 'YYYY-MM')",
    }[dim]


def _durations(value: str) -> str:
    return (
        f"count({value}), avg({value}), percentile_cont(0.5) WITHIN GROUP (ORDER BY {value}), "
        f"percentile_disc(0.9) WITHIN GROUP (ORDER BY {value})"
    )


def _to_durations(row: Sequence[Any]) -> Durations:
    count, mean, median, p90 = row
    if not count:
        return Durations()
    return Durations(int(count), float(mean), float(median), float(p90))


#: What a batched figure's group gives, as indexes into :data:`_BATCH_VALUES`.
_SHAPES: dict[str, tuple[int, ...]] = {
    "count": (0,),
    "durations": (1, 2, 3, 4),
    "share": (5, 0),
    "satisfaction": (0, 5, 2, 6),
    "totals": (0, 5),
    "sum": (7,),
}
#: The aggregates every group of a batch gets, over a part's value ``v`` and flags ``f1``, ``f2``.
_BATCH_VALUES = (
    "count(*)",
    "count(b.v)",
    "avg(b.v)",
    "percentile_cont(0.5) WITHIN GROUP (ORDER BY b.v)",
    "percentile_disc(0.9) WITHIN GROUP (ORDER BY b.v)",
    "count(*) FILTER (WHERE b.f1)",
    "count(*) FILTER (WHERE b.f2)",
    "sum(b.v)",
)
_CTE = re.compile(r"^(?:WITH RECURSIVE|\),) (\w+) AS \($", re.MULTILINE)
_WORD = re.compile(r"\b[a-z_]+\b")
_QUOTED = re.compile(r"'[^']*'|%\(\w+\)s")


def _prune(base: str, query: str) -> str:
    """``base`` with only the CTEs ``query`` needs, directly or through another CTE.

    PostgreSQL plans every CTE that anything names, even a CTE only an unused one names:
    planning the whole chain for every figure cost more than running most figures.
    """
    starts = list(_CTE.finditer(base))
    ends = [m.start() for m in starts[1:]] + [base.rstrip().rindex(")")]
    bodies = {m.group(1): base[m.end() : end].rstrip() for m, end in zip(starts, ends, strict=True)}

    def named(text: str) -> set[str]:
        return set(_WORD.findall(_QUOTED.sub("", text))) & bodies.keys()

    needed: set[str] = set()
    todo = named(query)
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo |= named(bodies[name]) - needed
    kept = [f"{name} AS ({body}\n)" for name, body in bodies.items() if name in needed]
    if not kept:
        return ""
    return "WITH RECURSIVE " + ", ".join(kept) + "\n"


@dataclass(frozen=True)
class _Part:
    """A batched figure's facts, the shape of its values and what they aggregate."""

    facts: str
    shape: str
    v: str
    flag: str
    flag2: str
    extra_keys: tuple[str, ...]
    mandatory: bool


#: The figures of a report (``counterdesk report kpi``) computed together per grouping, in
#: families that read the same rows: the queue's (tickets and their events), the services' (with
#: steps and ratings) and the tellers' time (sessions, pauses, services).
_FAMILIES = {
    "queue": ("arrivals", "waiting_times", "service_level", "walk_aways", "recalls", "transfers",
              "holds"),
    "services": ("served", "service_times", "handle_times", "satisfaction", "sop_compliance"),
    "tellers": ("teller_time",),
}  # fmt: skip
#: The family of each batched figure's parts (a figure may have several parts).
_FAMILY_OF = {
    "arrivals": "queue", "waiting_times": "queue", "service_level": "queue",
    "walk_aways": "queue", "recalls": "queue", "transfers": "queue", "holds": "queue",
    "served": "services", "service_times": "services", "handle_times": "services",
    "satisfaction": "services", "satisfaction_reasons": "services",
    "sop_compliance": "services", "sop_left_open": "services", "teller_time": "tellers",
}  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """Which business days and which branch a report covers.

    Attributes:
        first: the first business day.
        last: the last business day (inclusive).
        branch: one branch's code, or None for every branch the role may see.
        zone: the branches' time zone (hours are local hours; days start at local midnight).
    """

    first: date
    last: date
    branch: str | None = None
    zone: tzinfo = UTC


class HqKpis:
    """The KPIs of a period at head office, each computed by one SQL statement.

    Args:
        conn: a psycopg2 connection to HQ (any role: row-level security decides what it sees).
        scope: the period and branch.
        catalogue: the business types, for the type a ticket was issued for (its prefix's).
    """

    def __init__(
        self, conn: Any, scope: Scope, catalogue: Catalogue, *, facts: bool = True
    ) -> None:
        if scope.last < scope.first:
            raise ValueError(f"the period ends ({scope.last}) before it starts ({scope.first})")
        self._conn = conn
        self._scope = scope
        self._catalogue = catalogue
        #: The facts (:mod:`counterdesk.sync.hq_facts`): None until asked, False when unusable.
        self._facts_state: Facts | Literal[False] | None = None if facts else False
        prefixes: dict[str, str] = {}
        for letter in string.ascii_uppercase:
            try:
                prefixes[letter] = catalogue.get(letter).code
            except NotFoundError:
                continue
        self._params: dict[str, Any] = {
            "first": scope.first,
            "last": scope.last,
            "branch": scope.branch,
            "zone": _zone_name(scope.zone),
            "prefixes": list(prefixes),
            "prefix_types": list(prefixes.values()),
        }
        self._bounds: tuple[datetime, datetime] | None = None
        self._mandatory: str | None = None
        self._plans: list[Any] | None = None
        #: The catalogue's targets: ``service_level`` with these is computed in the batch.
        self._targets = {t.code: t.target_seconds for t in catalogue}
        #: Per family and grouping, the rows of its figures (one statement computed them all).
        self._batches: dict[tuple[str, tuple[By, ...]], dict[str, list[tuple[Any, ...]]]] = {}
        #: While not None, batched figures record their parts here instead of running.
        self._collecting: dict[str, _Part] | None = None

    def plans(self, figure: str, *args: Any, by: Sequence[By] = ()) -> list[Any]:
        """The ``EXPLAIN (FORMAT JSON)`` plans of the statements a figure runs, not run.

        Args:
            figure: a method's name (``arrivals``, ``teller_time``...).
            args: its positional arguments (``service_level``'s targets).
            by: its grouping.
        """
        self._plans = []
        try:
            getattr(self, figure)(*args, by=by)
            return self._plans
        finally:
            self._plans = None

    # -- plumbing ------------------------------------------------------------------------------

    def _rows(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        with self._conn.cursor() as cur:
            # The planner cannot know that a ticket's rows match it on (branch, ticket) as a
            # pair: it multiplies the two columns' selectivities, expects a handful of rows
            # from a month's join and picks nested loops over CTEs, quadratic in the month's
            # rows (9 s instead of 0.1 s for 5 branches). Hash joins are right for reports.
            # Without JIT: the cost of the nested loops still needed (a function scan in a
            # lateral join) is inflated by this setting and would trigger seconds of JIT.
            # A month of every branch sorts and hashes a few hundred thousand rows per step:
            # with the default 4 MB they spill to disk (measured: bench/reports.py).
            cur.execute("SET enable_nestloop = off; SET jit = off; SET work_mem = '32MB'")
            try:
                cur.execute(sql, dict(params))
                return list(cur.fetchall())
            finally:
                cur.execute("RESET enable_nestloop; RESET jit; RESET work_mem")

    def _mine(self, alias: str) -> str:
        text = "" if self._scope.branch is None else f" AND {alias}.branch_code = %(branch)s"
        if self._params.get("pick") is not None:
            # A refresh of some branches' facts (hq_facts): only theirs.
            text += f" AND {alias}.branch_code = ANY(%(pick)s)"
        return text

    # -- facts (HQ schema 6) -------------------------------------------------------------------

    def _facts(self) -> Facts | None:
        """The period's facts, brought up to date; None: compute from raw rows instead.

        A refresh commits the connection's transaction (one per day refreshed).
        """
        if self._facts_state is None:
            self._facts_state = self._prepare_facts() or False
        return self._facts_state or None

    def _prepare_facts(self) -> Facts | None:
        import psycopg2

        from counterdesk.sync import hq_facts

        facts = hq_facts.Facts(self._rows, self._params, _key_sql)
        conn = self._conn
        try:
            with conn.cursor() as cur:
                if not hq_facts.schema_has_facts(cur):
                    return None
            work = facts.stale()
            if work:
                self._refresh(work)
        except psycopg2.errors.QueryCanceled:
            conn.rollback()
            raise
        except psycopg2.Error as exc:
            if conn.closed or isinstance(exc, psycopg2.OperationalError):
                raise
            # Not allowed to write the facts (or another refusal): the raw rows will do.
            conn.rollback()
            return None
        return facts

    def _refresh(self, work: Mapping[date, Mapping[str, Sequence[int]]]) -> None:
        """Recompute the facts of the (day, branches) in ``work``, one transaction a day."""
        from counterdesk.sync import hq_facts

        conn = self._conn
        autocommit = conn.autocommit
        if autocommit:  # no transaction is open: a day's facts must change in one
            conn.autocommit = False
        try:
            for day in sorted(work):
                branches = sorted(work[day])
                scope = Scope(day, day, self._scope.branch, self._scope.zone)
                raw = HqKpis(conn, scope, self._catalogue, facts=False)
                raw._params["pick"] = branches
                marks = [mark for branch in branches for mark in work[day][branch]]
                try:
                    with conn.cursor() as cur:
                        hq_facts.replace_day(
                            cur, day, branches, marks, self._params["zone"], raw._put_facts
                        )
                    conn.commit()
                except BaseException:
                    conn.rollback()
                    raise
        finally:
            if autocommit:
                conn.autocommit = True

    def _put_facts(self) -> None:
        """Write the facts of this one-day report (:data:`hq_facts.PUT_FACTS`)."""
        from counterdesk.sync.hq_facts import PUT_FACTS

        base, params = self._base((By.TELLER,))
        params["by_hour"] = True
        params["mandatory"] = self._read_mandatory()
        self._rows(_prune(base, PUT_FACTS).rstrip() + PUT_FACTS, params)

    def _from_facts(self, facts: Facts, name: str, by: Sequence[By], alone: bool) -> list[Any]:
        """A batched figure's rows from the facts, per family and grouping (as :meth:`_batch`)."""
        family = _FAMILY_OF[name]
        if alone:  # a service level with other targets than the catalogue's
            targets = dict(zip(self._params["target_types"], self._params["targets"], strict=True))
            return facts.queue(by, targets)[name]
        if name in ("recalls", "transfers", "holds"):
            family = "events"  # a statement of their own: the headline figures need none
        key = (f"facts:{family}", tuple(by))
        if key not in self._batches:
            if family == "events":
                self._batches[key] = facts.events(by)
            elif family == "queue":
                self._batches[key] = facts.queue(by, self._targets)
            elif family == "services":
                self._batches[key] = facts.services(by)
            else:
                self._batches[key] = facts.tellers(by)
        return self._batches[key][name]

    def _read_bounds(self) -> tuple[datetime, datetime]:
        """When the rows of the period's tickets can be dated (for partition pruning)."""
        if self._bounds is None:
            row = self._rows(
                "SELECT min(issued_at), max(greatest(issued_at, queued_at, called_at, "
                "started_at, ended_at)) FROM hq.ticket tk "
                f"WHERE tk.day BETWEEN %(first)s AND %(last)s{self._mine('tk')}",
                self._params,
            )[0]
            end = datetime.combine(self._scope.last + timedelta(days=1), time(), self._scope.zone)
            if row[0] is None:
                self._bounds = (end, end)
            else:
                self._bounds = (row[0] - SKEW, max(row[1], end) + SLACK)
        return self._bounds

    def _read_mandatory(self) -> str:
        """The mandatory step ids of every procedure snapshot the services may name, as JSON."""
        if self._mandatory is None:
            found: dict[str, list[str]] = {}
            for uuid, snapshot in self._rows(
                "SELECT DISTINCT ON (ps.uuid) ps.uuid::text, ps.snapshot FROM "
                "hq.procedure_snapshot ps WHERE ps.deleted_at IS NULL"
                f"{self._mine('ps')} ORDER BY ps.uuid",
                self._params,
            ):
                data = snapshot if isinstance(snapshot, dict) else json.loads(snapshot)
                procedure = parse_procedure(str(data["toml"]), str(data["source"]))
                found[uuid] = [step.id for step in procedure.steps if step.mandatory]
            self._mandatory = json.dumps([{"u": u, "steps": s} for u, s in found.items()])
        return self._mandatory

    def _base(self, by: Sequence[By]) -> tuple[str, dict[str, Any]]:
        """The shared CTEs for a grouping (:func:`hq_kpi_sql.base_sql`), and their parameters."""
        low, high = self._read_bounds()
        params = {**self._params, "low": low, "high": high}
        return base_sql(self._mine, by_teller=By.TELLER in by), params

    def _grouped(
        self,
        facts: str,
        values: str,
        by: Sequence[By],
        *,
        extra_keys: Sequence[str] = (),
        where: str = "",
        by_hour: bool = False,
        mandatory: bool = False,
        aggregate: bool = True,
    ) -> list[tuple[Any, ...]]:
        """Rows of ``(key parts..., extra keys..., values...)`` of a facts query.

        ``facts`` is a SELECT giving ``branch, counter, teller, btype, day, at`` and the
        columns ``values`` aggregates.
        """
        if self._collecting is not None:
            return []
        base, params = self._base(by)
        params["by_hour"] = by_hour
        params["mandatory"] = self._read_mandatory() if mandatory else "[]"
        keys = [_key_sql(dim) for dim in by] + list(extra_keys)
        selected = ", ".join([*keys, values])
        group = f" GROUP BY {', '.join(keys)}" if keys else ""
        if not aggregate:
            group = f" ORDER BY {', '.join(keys)}" if keys else ""
        filtered = f" WHERE {where}" if where else ""
        query = f"SELECT {selected} FROM ({facts}) f{filtered}{group}"
        sql = f"{_prune(base, query)}{query}"
        if self._plans is not None:
            self._plans.append(self._rows(f"EXPLAIN (FORMAT JSON) {sql}", params)[0][0])
            return []
        return self._rows(sql, params)

    def _batched(
        self,
        name: str,
        facts: str,
        shape: str,
        by: Sequence[By],
        *,
        v: str = "NULL",
        flag: str = "NULL",
        flag2: str = "NULL",
        extra_keys: Sequence[str] = (),
        mandatory: bool = False,
        alone: bool = False,
    ) -> list[tuple[Any, ...]]:
        """A figure's rows, shaped as :meth:`_grouped` gives them, from the grouping's batch.

        The first figure of a family (:data:`_FAMILIES`) asked for a grouping runs every figure
        of its family in one statement: the period's tickets, events and services are read and
        joined once per family instead of once per figure. ``shape`` names the values a group
        gets (:data:`_SHAPES`) from the part's value ``v`` and flags; ``alone`` (a service
        level with other targets than the catalogue's) runs the figure by itself.
        """
        part = _Part(facts, shape, v, flag, flag2, tuple(extra_keys), mandatory)
        if self._collecting is not None:
            self._collecting[name] = part
            return []
        stored = None if self._plans is not None else self._facts()
        if stored is not None:
            return self._from_facts(stored, name, by, alone)
        if self._plans is not None or alone:
            return self._batch({name: part}, by)[name]
        family = _FAMILY_OF[name]
        key = (family, tuple(by))
        if key not in self._batches:
            self._collecting = {}
            try:
                self._collect(family)
                parts = self._collecting
            finally:
                self._collecting = None
            self._batches[key] = self._batch(parts, by)
        return self._batches[key][name]

    def _collect(self, family: str) -> None:
        """Call every figure of a family, which (collecting) only records its parts."""
        for figure in _FAMILIES[family]:
            if figure == "service_level":
                self.service_level(self._targets)
            else:
                getattr(self, figure)()

    def _batch(self, parts: Mapping[str, _Part], by: Sequence[By]) -> dict[str, list[Any]]:
        """Run figures' parts in one statement: per part, its rows as :meth:`_grouped`'s."""
        base, params = self._base(by)
        # Hours cut a teller's segments only when the report is by hour.
        params["by_hour"] = By.HOUR in by
        mandatory = any(part.mandatory for part in parts.values())
        params["mandatory"] = self._read_mandatory() if mandatory else "[]"
        keys = [_key_sql(dim) for dim in by]
        width = max(len(part.extra_keys) for part in parts.values())
        selects = []
        for name, part in parts.items():
            subs = [f"({e})::text" for e in part.extra_keys]
            subs += ["NULL::text"] * (width - len(part.extra_keys))
            columns = [f"'{name}'::text", *keys, *subs, f"({part.v})::float8",
                       f"({part.flag})::boolean", f"({part.flag2})::boolean"]  # fmt: skip
            selects.append(f"SELECT {', '.join(columns)} FROM ({part.facts}) f")
        names = ["kind", *(f"k{i}" for i in range(len(keys))), *(f"s{i}" for i in range(width))]
        group = ", ".join(f"b.{n}" for n in names)
        query = (
            f"SELECT {group}, {', '.join(_BATCH_VALUES)} FROM ({' UNION ALL '.join(selects)}) "
            f"AS b ({', '.join([*names, 'v', 'f1', 'f2'])}) GROUP BY {group}"
        )
        sql = f"{_prune(base, query)}{query}"
        found: dict[str, list[Any]] = {name: [] for name in parts}
        if self._plans is not None:
            self._plans.append(self._rows(f"EXPLAIN (FORMAT JSON) {sql}", params)[0][0])
            return found
        n = len(keys)
        for row in self._rows(sql, params):
            part = parts[row[0]]
            values = row[1 + n + width :]
            found[row[0]].append(
                (
                    *row[1 : 1 + n + len(part.extra_keys)],
                    *(values[i] for i in _SHAPES[part.shape]),
                )
            )
        return found

    def _single(
        self, rows: Iterable[tuple[Any, ...]], by: Sequence[By], convert: Any, empty: Any
    ) -> dict[Key, Any]:
        found = {tuple(row[: len(by)]): convert(row[len(by) :]) for row in rows}
        if not by:
            found.setdefault((), empty)
        return dict(sorted(found.items()))

    # -- tickets -------------------------------------------------------------------------------

    def arrivals(self, *, by: Sequence[By] = ()) -> dict[Key, int]:
        """Tickets issued (:func:`counterdesk.core.kpis.arrivals`)."""
        facts = (
            "SELECT branch, first_counter AS counter, teller, btype, day, issued_at AS at FROM tk"
        )
        rows = self._batched("arrivals", facts, "count", by)
        return self._single(rows, by, lambda v: int(v[0]), 0)

    def waiting_times(self, *, by: Sequence[By] = ()) -> dict[Key, Durations]:
        """Issue to first call (:func:`counterdesk.core.kpis.waiting_times`)."""
        facts = (
            f"SELECT {_TICKET_PLACE}, "
            f"greatest(0, {seconds_between('first_called_at', 'issued_at')}) AS wait "
            "FROM tk WHERE first_called_at IS NOT NULL"
        )
        rows = self._batched("waiting_times", facts, "durations", by, v="f.wait")
        return self._single(rows, by, _to_durations, Durations())

    def waiting_histogram(
        self, edges: Sequence[float], *, by: Sequence[By] = ()
    ) -> dict[Key, tuple[int, ...]]:
        """Waits counted in bins (:func:`counterdesk.core.kpis.waiting_histogram`)."""
        bounds = [float(edge) for edge in edges]
        if any(bounds[i + 1] <= bounds[i] for i in range(len(bounds) - 1)):
            raise ValueError(f"the edges must ascend: {bounds}")
        self._params["edges"] = bounds
        facts = (
            f"SELECT {_TICKET_PLACE}, (SELECT count(*) FROM unnest(%(edges)s::float8[]) AS b (e) "
            f"WHERE greatest(0, {seconds_between('first_called_at', 'issued_at')}) > b.e) AS bin "
            "FROM tk WHERE first_called_at IS NOT NULL"
        )
        counts: dict[Key, list[int]] = defaultdict(lambda: [0] * (len(bounds) + 1))
        if not by:
            counts[()]
        n = len(by)
        stored = None if self._plans is not None else self._facts()
        if stored is not None:
            rows = stored.waiting_histogram(by, bounds)
        else:
            rows = self._grouped(facts, "count(*)", by, extra_keys=["f.bin"])
        for row in rows:
            counts[tuple(row[:n])][int(row[n])] = int(row[n + 1])
        return {key: tuple(value) for key, value in sorted(counts.items())}

    def service_level(
        self, targets: Mapping[str, int], *, by: Sequence[By] = ()
    ) -> dict[Key, Share]:
        """Called within the target (:func:`counterdesk.core.kpis.service_level`)."""
        codes = list(targets)
        facts = (
            "SELECT tk.branch, tk.first_counter AS counter, tk.teller, tk.btype, tk.day, "
            "tk.issued_at AS at, CASE WHEN tk.first_called_at IS NOT NULL THEN "
            f"{seconds_between('tk.first_called_at', 'tk.issued_at')} <= tg.target ELSE false END "
            "AS met FROM tk JOIN unnest(%(target_types)s::text[], %(targets)s::float8[]) "
            "AS tg (btype, target) ON tg.btype = tk.btype "
            "WHERE tk.first_called_at IS NOT NULL OR (tk.ended_at IS NOT NULL AND "
            f"{seconds_between('tk.ended_at', 'tk.issued_at')} > tg.target)"
        )
        self._params["target_types"] = codes
        self._params["targets"] = [float(targets[c]) for c in codes]
        alone = dict(targets) != self._targets
        rows = self._batched("service_level", facts, "share", by, flag="f.met", alone=alone)
        return self._single(rows, by, lambda v: Share(int(v[0]), int(v[1])), Share(0, 0))

    def walk_aways(self, *, by: Sequence[By] = ()) -> dict[Key, Share]:
        """Expired or no-show over arrivals (:func:`counterdesk.core.kpis.walk_aways`)."""
        facts = f"SELECT {_TICKET_PLACE}, state FROM tk"
        rows = self._batched(
            "walk_aways", facts, "share", by, flag="f.state IN ('expired', 'no_show')"
        )
        return self._single(rows, by, lambda v: Share(int(v[0]), int(v[1])), Share(0, 0))

    def _events(self, action: str, by: Sequence[By]) -> dict[Key, int]:
        facts = (
            "SELECT branch, counter, teller, btype, day, at FROM event_place "
            f"WHERE action = '{action}'"
        )
        rows = self._batched(f"{action}s", facts, "count", by)
        return self._single(rows, by, lambda v: int(v[0]), 0)

    def recalls(self, *, by: Sequence[By] = ()) -> dict[Key, int]:
        """Recall events (:func:`counterdesk.core.kpis.recalls`)."""
        return self._events("recall", by)

    def transfers(self, *, by: Sequence[By] = ()) -> dict[Key, int]:
        """Transfer events (:func:`counterdesk.core.kpis.transfers`)."""
        return self._events("transfer", by)

    def holds(self, *, by: Sequence[By] = ()) -> dict[Key, int]:
        """Hold events (:func:`counterdesk.core.kpis.holds`)."""
        return self._events("hold", by)

    # -- services ------------------------------------------------------------------------------

    def served(self, *, by: Sequence[By] = ()) -> dict[Key, int]:
        """Tickets served once each (:func:`counterdesk.core.kpis.served`)."""
        facts = (
            "SELECT branch, counter, teller, btype, day, finished_at AS at FROM ("
            "SELECT DISTINCT ON (branch, ticket_id) * FROM visit "
            "ORDER BY branch, ticket_id, finished_at DESC, uuid DESC) v "
            # A finished ticket no visit covers (its services not pushed yet) counts at its
            # last counter: looked up for these few tickets only.
            "UNION ALL SELECT t.branch, (SELECT ev.counter::text FROM hq.ticket_event ev "
            "WHERE ev.branch_code = t.branch AND ev.ticket_id = t.id AND ev.counter IS NOT NULL "
            "AND ev.at >= %(low)s AND ev.at < %(high)s ORDER BY ev.seq DESC LIMIT 1), '', "
            "t.final_type, t.day, t.ended_at FROM t "
            "WHERE t.state = 'finished' "
            "AND t.ended_at IS NOT NULL AND NOT EXISTS (SELECT FROM visit v "
            "WHERE v.branch = t.branch AND v.ticket_id = t.id)"
        )
        rows = self._batched("served", facts, "count", by)
        return self._single(rows, by, lambda v: int(v[0]), 0)

    def service_times(self, *, by: Sequence[By] = ()) -> dict[Key, Durations]:
        """Start to finish per visit (:func:`counterdesk.core.kpis.service_times`)."""
        facts = (
            "SELECT branch, counter, teller, btype, day, finished_at AS at, "
            f"{seconds_between('finished_at', 'first_start')} AS v FROM visit "
            "WHERE first_start IS NOT NULL"
        )
        rows = self._batched("service_times", facts, "durations", by, v="f.v")
        return self._single(rows, by, _to_durations, Durations())

    def handle_times(self, *, by: Sequence[By] = ()) -> dict[Key, Durations]:
        """Call to finish per visit (:func:`counterdesk.core.kpis.handle_times`)."""
        facts = (
            "SELECT branch, counter, teller, btype, day, finished_at AS at, "
            f"{seconds_between('finished_at', 'first_called')} AS v FROM visit"
        )
        rows = self._batched("handle_times", facts, "durations", by, v="f.v")
        return self._single(rows, by, _to_durations, Durations())

    def switches(self, *, by: Sequence[By] = ()) -> dict[Key, int]:
        """Switches of business type (:func:`counterdesk.core.kpis.switches`)."""
        facts = (
            "SELECT branch, counter, teller, btype, day, called_at AS at FROM s "
            "WHERE previous_service_id IS NOT NULL"
        )
        rows = self._grouped(facts, "count(*)", by)
        return self._single(rows, by, lambda v: int(v[0]), 0)

    # -- tellers -------------------------------------------------------------------------------

    def teller_time(self, *, by: Sequence[By] = ()) -> dict[Key, TellerTime]:
        """Serving, idle and paused time (:func:`counterdesk.core.kpis.teller_time`).

        Each business day's window is ``read_day``'s: local midnight to the next, or later to
        just past the day's last ticket event or service finish.
        """
        rows = self._batched(
            "teller_time",
            "SELECT * FROM teller_segment",
            "sum",
            by,
            v="f.seconds",
            extra_keys=[
                "CASE WHEN f.reason IS NOT NULL THEN 'paused' WHEN f.serving THEN 'serving' "
                "ELSE 'idle' END",
                "coalesce(f.reason, '')",
            ],
        )
        parts: dict[Key, dict[str, Any]] = defaultdict(
            lambda: {"serving": 0.0, "idle": 0.0, "paused": {}}
        )
        if not by:
            parts[()]
        n = len(by)
        for row in rows:
            key, kind, reason, seconds = tuple(row[:n]), row[n], row[n + 1], float(row[n + 2])
            if kind == "paused":
                parts[key]["paused"][reason] = seconds
            else:
                parts[key][kind] = seconds
        return {
            key: TellerTime(value["serving"], value["idle"], dict(sorted(value["paused"].items())))
            for key, value in sorted(parts.items())
        }

    # -- ratings -------------------------------------------------------------------------------

    _SATISFIED = (
        "rt.score >= CASE coalesce(rt.scale_levels, 5) WHEN 5 THEN 4 WHEN 4 THEN 3 ELSE 3 END"
    )

    def satisfaction(self, *, by: Sequence[By] = ()) -> dict[Key, Satisfaction]:
        """Ratings of finished services (:func:`counterdesk.core.kpis.satisfaction`)."""
        rated = "rt.outcome = 'rated' AND rt.score IS NOT NULL"
        facts = (
            "SELECT f.branch, f.counter, f.teller, f.btype, f.day, f.finished_at AS at, "
            f"coalesce({rated}, false) AS rated, CASE WHEN {rated} THEN "
            "(rt.score - 1) * 100.0::float8 / (coalesce(rt.scale_levels, 5) - 1) END AS score, "
            f"coalesce({rated} AND {self._SATISFIED}, false) AS satisfied, "
            f"CASE WHEN {rated} THEN rt.reasons END AS reasons "
            "FROM finished f LEFT JOIN rt ON rt.service_id = f.uuid"
        )
        rows = self._batched(
            "satisfaction", facts, "satisfaction", by, v="f.score", flag="f.rated",
            flag2="f.satisfied",
        )  # fmt: skip
        reasons: dict[Key, list[tuple[str, int]]] = defaultdict(list)
        for row in self._batched(
            "satisfaction_reasons",
            f"SELECT x.*, r.code FROM ({facts}) x "
            "CROSS JOIN LATERAL jsonb_array_elements_text(x.reasons) AS r (code)",
            "count",
            by,
            extra_keys=["f.code"],
        ):
            reasons[tuple(row[: len(by)])].append((str(row[len(by)]), int(row[-1])))

        def convert(key: Key, v: Sequence[Any]) -> Satisfaction:
            return Satisfaction(
                finished=int(v[0]),
                rated=int(v[1]),
                mean_score=None if v[2] is None else float(v[2]),
                satisfied=int(v[3]),
                reasons=tuple(sorted(reasons.get(key, ()), key=lambda r: (-r[1], r[0]))),
            )

        n = len(by)
        found = {tuple(row[:n]): convert(tuple(row[:n]), row[n:]) for row in rows}
        if not by:
            found.setdefault((), Satisfaction())
        return dict(sorted(found.items()))

    # -- procedures ----------------------------------------------------------------------------

    def sop_compliance(self, *, by: Sequence[By] = ()) -> dict[Key, Compliance]:
        """Services done by the procedure (:func:`counterdesk.core.kpis.sop_compliance`).

        Overrides come in order of the service's call.
        """
        facts = (
            "SELECT f.branch, f.counter, f.teller, f.btype, f.day, f.finished_at AS at, f.uuid, "
            "f.called_at, f.ticket_label, f.override_by, f.finish_reason, "
            "ol.uuid IS NULL AS complete, ol.steps AS open_steps "
            "FROM finished f LEFT JOIN open_list ol ON ol.uuid = f.uuid"
        )
        n = len(by)
        totals = {
            tuple(row[:n]): (int(row[n]), int(row[n + 1]))
            for row in self._batched(
                "sop_compliance", facts, "totals", by, flag="f.complete", mandatory=True
            )
        }
        left: dict[Key, list[tuple[str, int]]] = defaultdict(list)
        for row in self._batched(
            "sop_left_open",
            f"SELECT x.*, o.step FROM ({facts}) x JOIN open_steps o ON o.uuid = x.uuid",
            "count",
            by,
            extra_keys=["f.step"],
            mandatory=True,
        ):
            left[tuple(row[:n])].append((str(row[n]), int(row[n + 1])))
        overrides: dict[Key, list[Override]] = defaultdict(list)
        # The open steps of the overridden services only (a few), not of every service.
        overridden = (
            "SELECT f.branch, f.counter, f.teller, f.btype, f.day, f.finished_at AS at, f.uuid, "
            "f.called_at, f.ticket_label, f.override_by, f.finish_reason, "
            "(SELECT array_agg(ms.step ORDER BY ms.n) FROM mandatory m "
            "CROSS JOIN LATERAL unnest(m.steps) WITH ORDINALITY AS ms (step, n) "
            "WHERE m.u = f.procedure_snapshot_id AND NOT EXISTS (SELECT FROM hq.step_record r "
            "WHERE r.service_id = f.uuid AND r.branch_code = f.branch AND r.step_id = ms.step "
            "AND r.deleted_at IS NULL AND r.checked_at >= %(low)s AND r.checked_at < %(high)s"
            f"{self._mine('r')})) AS open_steps "
            "FROM finished f WHERE f.override_by IS NOT NULL AND f.override_by <> ''"
        )
        stored = None if self._plans is not None or self._collecting is not None else self._facts()
        if stored is not None:
            listed = stored.overrides(by)
        else:
            listed = self._grouped(
                overridden,
                "f.uuid::text, f.ticket_label, f.teller, f.override_by, "
                "coalesce(f.finish_reason, ''), "
                "coalesce(f.open_steps, '{}')",
                by,
                where="f.override_by IS NOT NULL AND f.override_by <> ''",
                extra_keys=["f.called_at", "f.uuid"],
                mandatory=True,
                aggregate=False,
            )
        for row in listed:
            key = tuple(row[:n])
            service, label, teller, supervisor, reason, steps = row[n + 2 :]
            overrides[key].append(
                Override(str(service), label, teller, supervisor, reason, tuple(steps))
            )
        if not by:
            totals.setdefault((), (0, 0))
        return {
            key: Compliance(
                finished=finished,
                complete=complete,
                overrides=tuple(overrides.get(key, ())),
                left_open=tuple(sorted(left.get(key, ()), key=lambda r: (-r[1], r[0]))),
            )
            for key, (finished, complete) in sorted(totals.items())
        }

    def step_times(self, *, by: Sequence[By] = ()) -> dict[Key, dict[tuple[str, str], Durations]]:
        """Time per step of finished services (:func:`counterdesk.core.kpis.step_times`)."""
        facts = (
            "SELECT s.branch, s.counter, s.teller, s.btype, s.day, st.checked_at AS at, "
            "st.step_id, st.seconds_open FROM st JOIN s ON s.uuid = st.service_id "
            "WHERE s.state = 'finished'"
        )
        n = len(by)
        found: dict[Key, dict[tuple[str, str], Durations]] = defaultdict(dict)
        if not by:
            found[()] = {}
        for row in self._grouped(
            facts, _durations("f.seconds_open"), by, extra_keys=["f.btype", "f.step_id"]
        ):
            found[tuple(row[:n])][(row[n], row[n + 1])] = _to_durations(row[n + 2 :])
        return {key: dict(sorted(value.items())) for key, value in sorted(found.items())}

    def authorisations(self, *, by: Sequence[By] = ()) -> dict[Key, dict[str, Authorisations]]:
        """Authorisations per supervisor (:func:`counterdesk.core.kpis.authorisations`)."""
        facts = (
            "SELECT s.branch, s.counter, s.teller, s.btype, s.day, st.checked_at AS at, "
            "st.authoriser AS who, 'step' AS kind FROM st JOIN s ON s.uuid = st.service_id "
            "WHERE st.authoriser IS NOT NULL AND st.authoriser <> '' "
            "UNION ALL SELECT branch, counter, teller, btype, day, finished_at, override_by, "
            "'override' FROM s WHERE override_by IS NOT NULL AND override_by <> '' "
            "AND finished_at IS NOT NULL"
        )
        n = len(by)
        counts: dict[Key, dict[str, dict[str, int]]] = defaultdict(
            lambda: defaultdict(lambda: {"step": 0, "override": 0})
        )
        if not by:
            counts[()]
        for row in self._grouped(facts, "count(*)", by, extra_keys=["f.who", "f.kind"]):
            counts[tuple(row[:n])][row[n]][row[n + 1]] = int(row[n + 2])
        return {
            key: {
                who: Authorisations(value["step"], value["override"])
                for who, value in sorted(per.items())
            }
            for key, per in sorted(counts.items())
        }
