"""Benchmark: one busy terminal's year of journal against an empty journal, in the same run.

The year is 250 business days of 300 services (75,000), each with its steps, rating, audit rows,
sync events and the queue's ticket and ticket events. It is built quickly but from real rows:
the real desk serves one customer of every business type on a scratch journal, and those rows
(whatever today's code writes) are cloned with new ids and shifted times into the year's file
by bulk INSERTs. The last day is today, so the teller's figures have a day's worth of rows.

Measured on the year and on an empty journal (same code, same run):

- journal size per service (the file after a checkpoint, less the empty journal's size);
- start-up to a painted teller window (a fresh interpreter each time, as ``bench/startup.py``);
- ``desk.state()`` with the teller signed in;
- one full service cycle: issue, call, start, every mandatory step, finish, rating;
- ``counterdesk queue status`` from the command line (a fresh process each time);
- for information, opening the journal with ``quick_check`` (what an unclean shutdown costs);
- the year's journal once head office confirmed everything and retention (``--keep-days``) ran:
  its live pages per service of the year (what a terminal that syncs nightly keeps).

    .venv/bin/python bench/journal_year.py [--days 250] [--per-day 300] [--runs 3] [--keep-days 90]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk.app.builders import build_desk  # noqa: E402
from counterdesk.app.config import Config  # noqa: E402
from counterdesk.app.gui import seed_demo  # noqa: E402
from counterdesk.app.station import Station  # noqa: E402
from counterdesk.core.clock import (  # noqa: E402
    Clock,
    FixedClock,
    SystemClock,
    from_utc_text,
    to_utc_text,
)
from counterdesk.core.procedures import CaptureType, Step  # noqa: E402
from counterdesk.services.desk import CounterDesk  # noqa: E402
from counterdesk.storage.db import Check, open_checked, open_journal  # noqa: E402
from counterdesk.storage.sql import execute  # noqa: E402
from counterdesk.storage.sync_outbox import SyncJournal  # noqa: E402
from counterdesk.sync.tickets import (  # noqa: E402
    QueueSource,
    prune_pushed_days,
    pushed_note_key,
)

TELLER, SUPERVISOR = ("1001", "1234"), ("2001", "2468")
VALID_ID = "11010519491231002X"
#: The tables a service writes rows into (journal and queue); the rest is per terminal or day.
CLONED = ("service", "step_record", "rating", "audit_log", "sync_event", "ticket", "ticket_event")
#: Columns the database numbers itself.
SERIAL = {"sync_event": "seq", "ticket_event": "seq"}
#: Stored times, uuids and business days: what changes from one cloned service to the next.
TOKEN = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z"
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|\d{4}-\d{2}-\d{2}"
)
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T")

MARKER = "PAINTED"
STATION = textwrap.dedent(
    f"""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                print("{MARKER}", flush=True)
                QApplication.instance().quit()
            return False

    spy = Painted()

    def ready(running):
        running.teller.installEventFilter(spy)

    config = Config(data_dir=Path(sys.argv[1]), counter_number=3)
    run_station(config, roles=("teller",), on_ready=ready)
    """
)


# -- serving a customer through the real desk -------------------------------------------------


def value_for(step: Step) -> str | None:
    """A value the step's validation accepts."""
    capture = step.capture
    if capture is None:
        return None
    if capture.type is CaptureType.ID_NUMBER:
        return VALID_ID
    if capture.type is CaptureType.CHOICE:
        return capture.choices[0].value
    if capture.type is CaptureType.AMOUNT:
        fen = max(capture.min or 0, 100_000)
        fen = min(fen, capture.max) if capture.max is not None else fen
        return f"{fen / 100:.2f}"
    if capture.type is CaptureType.INTEGER:
        return str(capture.min if capture.min is not None else 1)
    if capture.pattern == r"1[3-9]\d{9}":
        return "13800138000"
    if capture.pattern is not None:
        return "6222020200112233445"
    return "ok"


def serve(desk: CounterDesk, code: str, advance: Callable[[float], None]) -> None:
    """One whole service of a business type, as a teller does it (with the time it takes)."""
    desk.queue.issue(code)
    advance(240)
    desk.call_next()
    advance(30)
    state = desk.start()
    assert state.current is not None
    for step in state.current.procedure.steps:
        if not step.mandatory:
            continue
        advance(25)
        if step.authorisation is not None:
            desk.authorise_step(step.id, value_for(step), *SUPERVISOR)
        else:
            desk.check_step(step.id, value_for(step))
    advance(10)
    desk.finish()
    advance(5)
    desk.rate(5)


# -- the year, cloned from real rows ------------------------------------------------------------


@dataclass
class Cell:
    """A stored text split at its times, uuids and days: literals and the tokens between them."""

    parts: list[str]
    tokens: list[str]

    @classmethod
    def of(cls, text: str) -> Cell:
        parts, tokens, at = [], [], 0
        for match in TOKEN.finditer(text):
            parts.append(text[at : match.start()])
            tokens.append(match.group())
            at = match.end()
        parts.append(text[at:])
        return cls(parts, tokens)

    def render(self, mapping: dict[str, str]) -> str:
        out = [self.parts[0]]
        for token, part in zip(self.tokens, self.parts[1:], strict=True):
            out.append(mapping.get(token, token))
            out.append(part)
        return "".join(out)


@dataclass
class Template:
    """The rows one real service wrote, ready to clone."""

    rows: list[tuple[str, list[str], list[object]]]  # table, columns, values (Cell or plain)
    owned: set[str]  # the ids this service created (cloned ones get fresh ids)
    times: set[str]
    days: set[str]
    base: datetime  # when its ticket was issued

    def clone(
        self, base: datetime, number: int
    ) -> Iterator[tuple[str, list[str], tuple[object, ...]]]:
        shift = base - self.base
        mapping = {token: str(uuid.uuid4()) for token in self.owned}
        mapping.update({t: to_utc_text(from_utc_text(t) + shift) for t in self.times})
        day = base.astimezone().date().isoformat()
        mapping.update({d: day for d in self.days})
        for table, columns, values in self.rows:
            row = tuple(v.render(mapping) if isinstance(v, Cell) else v for v in values)
            if table == "ticket":
                row = tuple(
                    number if c == "number" else v for c, v in zip(columns, row, strict=True)
                )
            yield table, columns, row


def _ignore(_: object) -> None:
    """Drop a value."""


def capture_templates(scratch: Path) -> tuple[list[Template], list[tuple[object, ...]]]:
    """Serve one customer of every business type on a scratch journal; keep the rows each wrote.

    Returns:
        The templates, and the stored procedure versions they refer to (copied once).
    """
    clock = FixedClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    station = Station.open(Config(data_dir=scratch, counter_number=3), clock)
    desk = build_desk(station)
    desk.start_up()
    seed_demo(station, desk, tickets=0)
    desk.sign_in(*TELLER)
    conn = sqlite3.connect(station.config.journal_file)
    templates = []
    for code in station.catalogue.codes:
        marks = {
            t: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0]
            for t in CLONED
        }
        base = clock.now()
        try:
            serve(desk, code, lambda seconds: _ignore(clock.advance(seconds)))
        except Exception as exc:  # a procedure this bench cannot fill in: leave the type out
            print(f"  (business type {code} left out of the year: {exc})", file=sys.stderr)
            desk.recover()
            continue
        conn.commit()
        rows: list[tuple[str, list[str], list[object]]] = []
        owned: set[str] = set()
        for table in CLONED:
            cursor = conn.execute(
                f"SELECT * FROM {table} WHERE rowid > ? ORDER BY rowid", (marks[table],)
            )
            columns = [d[0] for d in cursor.description]
            for values in cursor.fetchall():
                record = dict(zip(columns, values, strict=True))
                if table == "sync_event" and record["entity"] in (
                    "procedure_snapshot",
                    "staff_session",
                ):
                    continue  # stored once per version / per day, not per service
                record.pop(SERIAL.get(table, ""), None)
                owned.add(str(record.get("uuid") or record.get("id") or ""))
                rows.append((table, list(record), list(record.values())))
        cells = [[Cell.of(v) if isinstance(v, str) else v for v in values] for _, _, values in rows]
        tokens = {t for row in cells for v in row if isinstance(v, Cell) for t in v.tokens}
        templates.append(
            Template(
                rows=[(t, c, v) for (t, c, _), v in zip(rows, cells, strict=True)],
                owned={t for t in tokens if t in owned},
                times={t for t in tokens if TIME.match(t)},
                days={t for t in tokens if len(t) == 10},
                base=base,
            )
        )
    versions = conn.execute("SELECT * FROM procedure_snapshot").fetchall()
    conn.close()
    desk.queue.close()
    station.close()
    return templates, versions


def business_days(count: int, today: date) -> list[date]:
    """The last ``count`` weekdays up to and including today."""
    days: list[date] = []
    day = today
    while len(days) < count:
        if day.weekday() < 5 or day == today:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def fill_year(
    journal: Path,
    templates: list[Template],
    versions: list[tuple[object, ...]],
    days: int,
    per_day: int,
) -> int:
    """Clone the templates into ``journal``: ``per_day`` services a day; return how many."""
    now = datetime.now(UTC)
    today = now.astimezone().date()
    conn = sqlite3.connect(journal, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    if versions:
        marks = ", ".join("?" for _ in versions[0])
        conn.executemany(f"INSERT INTO procedure_snapshot VALUES ({marks})", versions)
    codes = sorted(
        {v.render({}) if isinstance(v, Cell) else str(v)
         for t in templates for table, columns, values in t.rows if table == "ticket"
         for c, v in zip(columns, values, strict=True) if c == "business_type"}
    )  # fmt: skip
    total = 0
    for day in business_days(days, today):
        midnight = datetime(day.year, day.month, day.day).astimezone()
        if day == today:
            # Today so far: half a day's services, finished before now.
            count = per_day // 2
            start = midnight
            spacing = max((now - midnight - timedelta(minutes=20)) / count, timedelta(seconds=1))
        else:
            count, start, spacing = (
                per_day,
                midnight + timedelta(hours=8, minutes=30),
                timedelta(seconds=100),
            )
        batches: dict[tuple[str, tuple[str, ...]], list[tuple[object, ...]]] = {}
        for k in range(count):
            template = templates[k % len(templates)]
            for table, columns, row in template.clone((start + spacing * k).astimezone(UTC), k + 1):
                batches.setdefault((table, tuple(columns)), []).append(row)
        conn.execute("BEGIN")
        for (table, names), rows in batches.items():
            marks = ", ".join("?" for _ in names)
            conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)
        # The day's numbering went up to ``count`` (one number sequence over all types here).
        conn.executemany(
            "INSERT OR REPLACE INTO daily_counter (day, business_type, last_number) "
            "VALUES (?, ?, ?)",
            [(day.isoformat(), code, count) for code in codes],
        )
        if day != today:
            # A past day was closed in the evening (the queue's day_close row).
            conn.execute(
                "INSERT OR IGNORE INTO day_close (day, opened_at, closed_at, expired, kept_open) "
                "VALUES (?, ?, ?, 0, 0)",
                (
                    day.isoformat(),
                    to_utc_text(start.astimezone(UTC)),
                    to_utc_text((midnight + timedelta(hours=18)).astimezone(UTC)),
                ),
            )
        conn.execute("COMMIT")
        total += count
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return total


def prepare(data: Path) -> None:
    """A terminal's data dir: the journal and queue created, the staff added."""
    station = Station.open(Config(data_dir=data, counter_number=3))
    desk = build_desk(station)
    desk.start_up()
    seed_demo(station, desk, tickets=0)
    desk.queue.close()
    station.close()


# -- measurements ------------------------------------------------------------------------------


def size_of(data: Path) -> int:
    journal = data / "counterdesk.db"
    conn = sqlite3.connect(journal)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return journal.stat().st_size


def where_bytes_go(data: Path, services: int) -> list[tuple[str, float]]:
    """Bytes per service of each table and index (SQLite's dbstat), largest first."""
    conn = sqlite3.connect(data / "counterdesk.db")
    try:
        rows = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    except sqlite3.OperationalError:  # a SQLite built without dbstat
        return []
    finally:
        conn.close()
    return [(str(name), int(size) / services) for name, size in rows]


def child_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def start_up(data: Path) -> float:
    """Seconds from spawning the teller program to its first paint."""
    t0 = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", STATION, str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=child_env(), cwd=ROOT,
    ) as child:  # fmt: skip
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(MARKER):
                elapsed = time.perf_counter() - t0
                break
        else:
            raise RuntimeError("the teller window was never painted")
        child.wait(timeout=120)
    return elapsed


def queue_status(data: Path) -> float:
    """Seconds for ``counterdesk queue status`` to answer and exit."""
    env = {**child_env(), "COUNTERDESK_DATA_DIR": str(data)}
    env.pop("COUNTERDESK_CONFIG", None)
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "counterdesk", "queue", "status"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"queue status failed: {done.stderr.strip()}")
    return elapsed


@dataclass
class InProcess:
    """Milliseconds of each ``state()`` and each whole service cycle."""

    state_ms: list[float] = field(default_factory=list)
    cycle_ms: list[float] = field(default_factory=list)


def desk_figures(dirs: dict[str, Path], runs: int) -> dict[str, InProcess]:
    """``desk.state()`` and whole service cycles on signed-in desks (real clock).

    Both desks are open at once and measured in turns (a round of one cycle of every business
    type on each, then the next round), so a change in the machine's load hits both alike; the
    first round warms each desk up (procedure files, statement caches) and is not counted.
    """
    desks: dict[str, tuple[Station, CounterDesk]] = {}
    for name, data in dirs.items():
        station = Station.open(Config(data_dir=data, counter_number=3))
        desk = build_desk(station)
        desk.start_up()
        desk.sign_in(*TELLER)
        desks[name] = (station, desk)
    found = {name: InProcess() for name in dirs}
    for round_no in range(max(runs, 1) + 1):
        for name, (station, desk) in desks.items():
            for code in station.catalogue.codes:
                t0 = time.perf_counter()
                serve(desk, code, lambda _: None)
                if round_no > 0:
                    found[name].cycle_ms.append((time.perf_counter() - t0) * 1000)
            for _ in range(50):
                t0 = time.perf_counter()
                desk.state()
                if round_no > 0:
                    found[name].state_ms.append((time.perf_counter() - t0) * 1000)
    for station, desk in desks.values():
        desk.sign_out()
        desk.queue.close()
        station.close()
    return found


@dataclass
class Retained:
    """The year's journal once head office confirmed it all and retention ran."""

    seconds: float
    live_bytes: int
    queue_bytes: int
    rows: int
    lightened: int = 0
    queue_days: int = 0


def retain(data: Path, keep_days: int) -> Retained:
    """Confirm the outbox and the closed queue days as pushed, prune like ``run_sync`` does.

    The journal (:meth:`SyncJournal.prune`) and the queue's sent days older than ``keep_days``
    (:func:`prune_pushed_days`) go, as after a nightly push.

    The size is the journal's live pages (``VACUUM INTO`` a copy): a terminal that syncs every
    night reuses the pages each prune frees, so its file stays at about that size instead of
    growing; this one-off prune of a whole year leaves them on the free list.
    """
    journal = data / "counterdesk.db"
    clock = SystemClock()
    db = open_journal(journal, clock)
    sync = SyncJournal(db)
    sync.confirm(sync.last_seq())
    t0 = time.perf_counter()
    report = sync.prune(keep_days, clock)
    queue = QueueSource(journal)
    last = execute(
        db,
        "SELECT closed_at, day FROM day_close WHERE closed_at IS NOT NULL "
        "ORDER BY closed_at DESC, day DESC LIMIT 1",
    ).fetchone()
    if last is not None:
        sync.set_sync_note(pushed_note_key(queue), json.dumps([last[0], last[1], 0]))
    queue_days = prune_pushed_days(sync, queue, keep_days, clock)
    elapsed = time.perf_counter() - t0
    db.close()
    copy = data / "retained.db"
    conn = sqlite3.connect(journal)
    conn.execute("VACUUM INTO ?", (str(copy),))
    conn.close()
    size = copy.stat().st_size
    conn = sqlite3.connect(copy)
    try:
        queue_size = conn.execute(
            "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN "
            "(SELECT name FROM sqlite_master WHERE tbl_name IN ('ticket', 'ticket_event'))"
        ).fetchone()[0]
    except sqlite3.OperationalError:  # an SQLite built without dbstat
        queue_size = 0
    finally:
        conn.close()
    copy.unlink()
    return Retained(elapsed, size, int(queue_size), report.rows, report.lightened, queue_days)


def open_with_check(data: Path, clock: Clock) -> float:
    t0 = time.perf_counter()
    opened = open_checked(data / "counterdesk.db", clock, check=Check.ALWAYS)
    elapsed = time.perf_counter() - t0
    opened.db.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    parser.add_argument(
        "--keep-days", type=int, default=90, help="retention after a confirmed push ([journal])"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.keep is not None:
            args.keep.mkdir(parents=True)
            root = args.keep
        empty, year = root / "empty", root / "year"
        t0 = time.perf_counter()
        templates, versions = capture_templates(root / "scratch")
        prepare(empty)
        prepare(year)
        services = fill_year(year / "counterdesk.db", templates, versions, args.days, args.per_day)
        built = time.perf_counter() - t0
        print(
            f"year built: {services} services of {len(templates)} business types in {built:.0f} s"
        )

        empty_size, year_size = size_of(empty), size_of(year)
        per_service = (year_size - empty_size) / services
        breakdown = where_bytes_go(year, services)
        figures: dict[str, dict[str, float]] = {"empty": {}, "year": {}}
        dirs = {"empty": empty, "year": year}
        runs: dict[str, dict[str, list[float]]] = {n: {"start": [], "status": []} for n in dirs}
        for data in dirs.values():
            start_up(data)  # warm the file cache and bytecode; not counted
        for _ in range(args.runs):  # in turns, so both see the same load
            for name, data in dirs.items():
                runs[name]["start"].append(start_up(data))
                runs[name]["status"].append(queue_status(data))
        measured = desk_figures(dirs, args.runs)
        for name, data in dirs.items():
            figures[name]["start"] = statistics.median(runs[name]["start"])
            figures[name]["status"] = statistics.median(runs[name]["status"])
            state_ms = sorted(measured[name].state_ms)
            figures[name]["state"] = statistics.median(state_ms)
            figures[name]["state_p95"] = state_ms[int(len(state_ms) * 0.95)]
            figures[name]["cycle"] = statistics.median(measured[name].cycle_ms)
            figures[name]["check"] = open_with_check(data, FixedClock(datetime.now(UTC)))
        retained = retain(year, args.keep_days)

    e, y = figures["empty"], figures["year"]

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    def line(label: str, empty_text: str, year_text: str, target: str = "") -> None:
        print(f"{label:34} {empty_text:>10} {year_text:>10}   {target}")

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    def ratio(key: str, limit: float | None = 1.2) -> str:
        r = y[key] / e[key]
        return f"{r:.2f}x" if limit is None else f"<= {limit}x  {r:.2f}x {verdict(r <= limit)}"

    print()
    line("", "empty", "year", "target")
    line("journal file", f"{empty_size / 2**20:.1f} MB", f"{year_size / 2**20:.1f} MB")
    kb = per_service / 1024
    line("journal size per service", "", f"{kb:.2f} KB", f"<= 3 KB  {verdict(kb <= 3)}")
    line("start-up to painted teller window", ms(e["start"]), ms(y["start"]), ratio("start"))
    line(
        "desk.state() median",
        f"{e['state']:.2f} ms",
        f"{y['state']:.2f} ms",
        f"<= 5 ms  {verdict(y['state'] <= 5)}  (p95 {e['state_p95']:.2f} / {y['state_p95']:.2f})",
    )
    line(
        "one full service cycle median",
        f"{e['cycle']:.1f} ms",
        f"{y['cycle']:.1f} ms",
        ratio("cycle"),
    )
    line("queue status (CLI process)", ms(e["status"]), ms(y["status"]), ratio("status", None))
    line(
        "open with quick_check",
        ms(e["check"]),
        ms(y["check"]),
        "(only after an unclean shutdown)",
    )
    kept_kb = retained.live_bytes / services / 1024
    print(
        f"\nafter a year with nightly sync, keep_days = {args.keep_days}: the journal holds "
        f"{retained.live_bytes / 2**20:.1f} MB ({retained.queue_bytes / 2**20:.1f} MB of it the "
        f"queue's tickets; {retained.lightened} event payloads emptied, "
        f"{retained.queue_days} sent queue days pruned)"
    )
    print(
        f"  = {kept_kb:.2f} KB per service of the year  <= 3 KB  {verdict(kept_kb <= 3)}"
        f"   (one-off prune of the year: {retained.rows} rows in {retained.seconds:.0f} s)"
    )
    if breakdown:
        print("\nwhere the year's bytes go, per service (tables and their indexes):")
        for name, size in breakdown[:12]:
            print(f"  {name:34} {size:7.0f} B")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
