"""``counterdesk doctor``: the checks that need no Qt, and the whole report with the Qt ones.

Every check only reads: the journal is opened read-only (no marker, no sidecar, no migration),
the queue and head office are asked with one connection each, the printer's port is opened and
closed. The checks that need Qt (screens, fonts, speech, sound) are in
:mod:`counterdesk.ui.diagnostics`, imported only when they run, so that the rest of the command
line stays quick to start.

Statuses: a failure means the terminal cannot do part of its work (``doctor`` exits 1, or 2 for
a configuration it cannot use); a warning means it works but something needs a look.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from counterdesk import __version__
from counterdesk.app.config import Config
from counterdesk.app.paths import default_config_file, resource
from counterdesk.core.clock import Clock, SystemClock
from counterdesk.core.diagnostics import Finding, Status, finding
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text
from counterdesk.storage.errors import JOURNAL_RESERVE, journal_full, journal_read_only

#: The queue server's clock may differ from this PC's by this much before it is a warning…
CLOCK_WARN_SECONDS = 30.0
#: … and by this much before it is a failure (waiting times and targets are then wrong).
CLOCK_FAIL_SECONDS = 300.0
#: A sync that last succeeded longer ago than this is a failure, not a warning.
SYNC_STALE = timedelta(hours=48)
#: Seconds to wait for a printer's network port.
PRINTER_TIMEOUT = 3.0

_t = Text


@dataclass(frozen=True)
class DoctorSettings:
    """How strict the checks are (tests make them fail on purpose with these).

    Attributes:
        reserve: the room the journal needs left (as ``check_writable`` wants before an action).
        clock_warn_seconds: a clock difference above this is a warning.
        clock_fail_seconds: a clock difference above this is a failure.
        font_files: CJK font files the program would load when no installed font covers Chinese
            (None: the program's own list).
    """

    reserve: int = JOURNAL_RESERVE
    clock_warn_seconds: float = CLOCK_WARN_SECONDS
    clock_fail_seconds: float = CLOCK_FAIL_SECONDS
    font_files: tuple[Path, ...] | None = None


@dataclass(frozen=True)
class Report:
    """Every finding of one run, and the versions found on the way.

    Attributes:
        findings: one per check, in the order shown.
        config_file: the file read, or None (defaults, or a file that could not be used).
    """

    findings: tuple[Finding, ...]
    config_file: Path | None

    @property
    def failed(self) -> bool:
        """Whether any check failed."""
        return any(f.status is Status.FAILED for f in self.findings)

    def get(self, key: str) -> Finding:
        """The finding of check ``key``."""
        return next(f for f in self.findings if f.key == key)


def config_origin(cli_path: Path | None, env: Mapping[str, str] | None = None) -> str:
    """How the config file was found: ``--config``, ``COUNTERDESK_CONFIG``, the default, none."""
    env = os.environ if env is None else env
    if cli_path is not None:
        return "--config"
    if env.get("COUNTERDESK_CONFIG"):
        return "COUNTERDESK_CONFIG"
    return "default" if default_config_file().is_file() else "none"


def run_checks(
    config: Config | None,
    *,
    config_error: str = "",
    origin: str = "",
    clock: Clock | None = None,
    settings: DoctorSettings | None = None,
) -> list[Finding]:
    """The checks that need no Qt, in the order shown (safe to run off the GUI thread).

    Args:
        config: the configuration, or None when it could not be read (``config_error``).
        config_error: why the configuration cannot be used.
        origin: how the file was found (:func:`config_origin`).
        clock: the program's clock (the queue server's is compared with it).
        settings: thresholds (defaults: the program's).
    """
    clock = clock or SystemClock()
    settings = settings or DoctorSettings()
    if config is None:
        skipped = _t(QT_TRANSLATE_NOOP("domain", "not checked: the configuration cannot be used"))
        return [
            _config_failed(config_error, origin),
            *(
                finding(key, Status.NOT_APPLICABLE, skipped)
                for key in ("journal", "queue", "clock", "hq", "sync", "printer")
            ),
        ]
    journal = _JournalCheck(config, settings)
    queue = _QueueCheck(config, clock, settings)
    return [
        _config(config, origin, journal),
        journal.finding(),
        queue.finding(),
        queue.clock_finding(),
        _hq(config),
        journal.sync_finding(config),
        printer_finding(config.printer),
    ]


def full_report(
    config: Config | None,
    *,
    config_error: str = "",
    origin: str = "",
    clock: Clock | None = None,
    settings: DoctorSettings | None = None,
    display: bool = True,
) -> Report:
    """Every check: :func:`run_checks`, then those needing Qt, then the versions.

    Runs the Qt checks on this thread: call it on the GUI thread (or where no window runs).

    Args:
        config: as for :func:`run_checks`.
        config_error: as for :func:`run_checks`.
        origin: as for :func:`run_checks`.
        clock: as for :func:`run_checks`.
        settings: as for :func:`run_checks`.
        display: whether a real display is available (without one, the screens are not known).
    """
    from counterdesk.ui import diagnostics

    settings = settings or DoctorSettings()
    findings = run_checks(
        config, config_error=config_error, origin=origin, clock=clock, settings=settings
    )
    findings += qt_checks(config, settings, display=display)
    findings.append(versions_finding(findings, diagnostics.qt_versions()))
    return Report(tuple(_ordered(findings)), config.source if config else None)


def qt_checks(config: Config | None, settings: DoctorSettings, *, display: bool) -> list[Finding]:
    """The checks that need Qt (screens, font, speech, sound); GUI thread only."""
    from counterdesk.ui import diagnostics

    if config is None:
        return [diagnostics.font_finding(settings.font_files)]
    return [
        diagnostics.screens_finding(config.role, config.customer_screen, display=display),
        diagnostics.font_finding(settings.font_files),
        *diagnostics.speech_findings(config.role, config.voice, config.speech_engine or None),
    ]


def dialog_source(config: Config, clock: Clock, *, origin: str = "") -> Any:
    """The findings of the staff's "About and diagnostics" dialog: a ``DiagnosticsSource``.

    The checks without Qt run on the dialog's thread; the Qt ones and the versions on the GUI
    thread, when their results are back.
    """
    from counterdesk.ui import diagnostics

    settings = DoctorSettings()

    def background() -> list[Finding]:
        return run_checks(config, origin=origin, clock=clock, settings=settings)

    def finish(findings: list[Finding]) -> list[Finding]:
        every = findings + qt_checks(config, settings, display=True)
        every.append(versions_finding(every, diagnostics.qt_versions()))
        return _ordered(every)

    return diagnostics.DiagnosticsSource(background, finish)


_ORDER = (
    "config",
    "journal",
    "queue",
    "clock",
    "hq",
    "sync",
    "screens",
    "printer",
    "speech",
    "sound",
    "font",
    "versions",
)


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: _ORDER.index(f.key) if f.key in _ORDER else 99)


# -- configuration -----------------------------------------------------------------------------


def _config_failed(error: str, origin: str) -> Finding:
    return finding(
        "config",
        Status.FAILED,
        _t(
            QT_TRANSLATE_NOOP("domain", "the configuration cannot be used: {problem}"),
            problem=error,
        ),
        _t(
            QT_TRANSLATE_NOOP(
                "domain",
                "correct the key named in the message, then run counterdesk doctor again",
            )
        ),
        found_by=origin,
        error=error,
    )


def _config(config: Config, origin: str, journal: _JournalCheck) -> Finding:
    # With a site-wide file (/etc/counterdesk/config.toml) read first, both files are named.
    files = " + ".join(str(path) for path in config.sources) or str(config.source)
    details: dict[str, object] = {
        "file": str(config.source) if config.source else None,
        "files": [str(path) for path in config.sources],
        "found_by": origin,
        "data_dir": str(config.data_dir),
        "role": config.role,
        "language": config.language,
        "branch": config.branch_code,
        "counter": config.counter_number,
    }
    problem = _served_problem(config, journal)
    if problem:
        return finding(
            "config",
            Status.FAILED,
            _t(
                QT_TRANSLATE_NOOP("domain", "key 'counter.serves' in {file}: {problem}"),
                file=str(config.source),
                problem=problem,
            ),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain", "name business types this branch has in [counter] serves"
                )
            ),
            **details,
        )
    if config.source is None:
        summary = _t(
            QT_TRANSLATE_NOOP(
                "domain",
                "no config file found; defaults apply: role {role}, counter {counter}, data in "
                "{data_dir}",
            ),
            role=config.role,
            counter=config.counter_number,
            data_dir=str(config.data_dir),
        )
        fix = _t(
            QT_TRANSLATE_NOOP(
                "domain",
                "write a config file (see the README) and name it with --config or "
                "COUNTERDESK_CONFIG",
            )
        )
        return finding("config", Status.WARNING, summary, fix, **details)
    summary = _t(
        QT_TRANSLATE_NOOP(
            "domain",
            "{file} is valid (found by {origin}): role {role}, branch {branch}, counter "
            "{counter}, data in {data_dir}",
        ),
        file=files,
        origin=origin,
        role=config.role,
        branch=config.branch_code,
        counter=config.counter_number,
        data_dir=str(config.data_dir),
    )
    return finding("config", Status.OK, summary, **details)


def _served_problem(config: Config, journal: _JournalCheck) -> str:
    """Why ``counter.serves`` names no business type of this branch ("" when it does)."""
    from counterdesk.core.procedures import load_catalogue

    catalogue = load_catalogue(resource("business_types.toml"))
    try:
        catalogue.resolve(config.serves or catalogue.codes)
        return ""
    except Exception as exc:
        shipped_problem = str(exc)
    # A type head office added is known from the journal's reference cache.
    db = journal.open()
    if db is None:
        return shipped_problem
    from counterdesk.app.station import with_pulled_types
    from counterdesk.storage.reference import ReferenceCache

    try:
        with_pulled_types(catalogue, ReferenceCache(db)).resolve(config.serves)
        return ""
    except Exception as exc:
        return str(exc)


# -- journal and last sync ---------------------------------------------------------------------


class _JournalCheck:
    """The journal file, read-only; the last sync is read from it too."""

    def __init__(self, config: Config, settings: DoctorSettings) -> None:
        self.path = config.journal_file
        self.settings = settings
        self.version: int | None = None
        self._db: Any = None
        self._usable: bool | None = None

    def open(self) -> Any:
        """The journal opened read-only, or None when there is none or it cannot be read."""
        if self._usable is None:
            self._usable = False
            if self.path.is_file() and self.path.stat().st_size > 0:
                from counterdesk.storage.maintenance import header_problems

                if not header_problems(self.path):
                    from counterdesk.storage.db import open_read_only

                    try:
                        self._db = open_read_only(self.path)
                        self._db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
                        self._usable = True
                    except Exception:
                        self._db = None
        return self._db if self._usable else None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
            self._usable = None

    def finding(self) -> Finding:
        try:
            return self._finding()
        finally:
            self.close()

    def _finding(self) -> Finding:
        from counterdesk.storage import migrations
        from counterdesk.storage.maintenance import integrity_check, read_user_version

        path = self.path
        details: dict[str, object] = {"file": str(path), "latest_schema": migrations.LATEST}
        if not path.exists():
            folder = _existing_parent(path)
            if not (folder.is_dir() and os.access(folder, os.W_OK)):
                return finding(
                    "journal",
                    Status.FAILED,
                    journal_read_only(path, f"{folder} cannot be written"),
                    _t(
                        QT_TRANSLATE_NOOP(
                            "domain", "give the user running counterdesk write access to {folder}"
                        ),
                        folder=str(folder),
                    ),
                    **details,
                )
            return finding(
                "journal",
                Status.WARNING,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "no journal yet at {path}; the program makes it at its first start",
                    ),
                    path=str(path),
                ),
                _t(QT_TRANSLATE_NOOP("domain", "start the program once")),
                **details,
            )
        if not path.is_file():
            return finding(
                "journal",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "{path} is not a journal file (a folder or device)"
                    ),
                    path=str(path),
                ),
                _t(QT_TRANSLATE_NOOP("domain", "move it away, or name another [journal] path")),
                **details,
            )
        started = time.perf_counter()
        problems = integrity_check(path, quick=True)
        details["check_seconds"] = round(time.perf_counter() - started, 3)
        details["size_bytes"] = path.stat().st_size
        if problems:
            details["problems"] = problems
            return finding(
                "journal",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP("domain", "the journal {path} is damaged: {problem}"),
                    path=str(path),
                    problem=problems[0],
                ),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "stop the program and call IT support: restore the latest backup from "
                        "{backups}; counterdesk db check lists every problem",
                    ),
                    backups=str(path.parent / "backups"),
                ),
                **details,
            )
        self.version = read_user_version(path)
        details["schema"] = self.version
        if self.version > migrations.LATEST:
            return finding(
                "journal",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the journal {path} has schema {have}, newer than this program's {known}",
                    ),
                    path=str(path),
                    have=self.version,
                    known=migrations.LATEST,
                ),
                _t(QT_TRANSLATE_NOOP("domain", "install the newer counterdesk that wrote it")),
            )
        for place in (path, path.parent):
            if not os.access(place, os.W_OK):
                return finding(
                    "journal",
                    Status.FAILED,
                    journal_read_only(path, f"{place} is read-only"),
                    _t(
                        QT_TRANSLATE_NOOP(
                            "domain", "give the user running counterdesk write access to {place}"
                        ),
                        place=str(place),
                    ),
                    **details,
                )
        return self._room(details)

    def _room(self, details: dict[str, object]) -> Finding:
        from counterdesk.storage import migrations
        from counterdesk.storage.db import journal_room

        db = self.open()
        # An empty file is SQLite's empty database: only the disk to measure.
        free = _disk_free(self.path.parent) if db is None else journal_room(db, self.path.parent)
        details["free_bytes"] = free
        reserve = self.settings.reserve
        if free < reserve:
            return finding(
                "journal",
                Status.FAILED,
                journal_full(self.path, free, reserve),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "free space on the disk of {folder} (old backups, logs)"
                    ),
                    folder=str(self.path.parent),
                ),
                **details,
            )
        from counterdesk.storage.errors import human_size

        if free < 10 * reserve:
            return finding(
                "journal",
                Status.WARNING,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "{path}: intact, but only {free} of free space left"
                    ),
                    path=str(self.path),
                    free=human_size(free),
                ),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "free space on the disk of {folder} (old backups, logs)"
                    ),
                    folder=str(self.path.parent),
                ),
                **details,
            )
        from counterdesk.storage.private import exposed_files, exposure_warning

        exposed = exposed_files(self.path)
        if exposed:
            return finding(
                "journal",
                Status.WARNING,
                exposure_warning(exposed[0]),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "make the journal and its backups owner-only: chmod 600 {files}",
                    ),
                    files=" ".join(str(file) for file in exposed),
                ),
                **details,
            )
        if (self.version or 0) < migrations.LATEST:
            return finding(
                "journal",
                Status.WARNING,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "{path}: intact, schema {have}; upgraded to {known} (with a backup) "
                        "at the next start",
                    ),
                    path=str(self.path),
                    have=self.version or 0,
                    known=migrations.LATEST,
                ),
                _t(QT_TRANSLATE_NOOP("domain", "nothing to do, or run counterdesk db migrate")),
                **details,
            )
        return finding(
            "journal",
            Status.OK,
            _t(
                QT_TRANSLATE_NOOP("domain", "{path}: intact, writable, schema {have}, {free} free"),
                path=str(self.path),
                have=self.version,
                free=human_size(free),
            ),
            **details,
        )

    def sync_finding(self, config: Config) -> Finding:
        if not config.hq_url:
            return finding(
                "sync",
                Status.NOT_APPLICABLE,
                _t(QT_TRANSLATE_NOOP("domain", "no head office configured ([hq] url is empty)")),
            )
        try:
            db = self.open()
            record = None
            if db is not None:
                from counterdesk.storage.sync_outbox import SyncJournal

                record = SyncJournal(db).last_sync()
        except Exception as exc:
            return finding(
                "sync",
                Status.WARNING,
                _t(
                    QT_TRANSLATE_NOOP("domain", "the journal does not say ({error})"),
                    error=" ".join(str(exc).split()),
                ),
            )
        finally:
            self.close()
        run_now = _t(QT_TRANSLATE_NOOP("domain", "run counterdesk sync now and read its message"))
        if record is None:
            return finding(
                "sync",
                Status.WARNING,
                _t(QT_TRANSLATE_NOOP("domain", "this journal never synced with head office")),
                run_now,
            )
        details: dict[str, object] = {
            "at": record.at.isoformat(),
            "ok": record.ok,
            "message": record.message,
            "last_ok_at": record.last_ok_at.isoformat() if record.last_ok_at else None,
        }
        if record.ok:
            return finding(
                "sync",
                Status.OK,
                _t(
                    QT_TRANSLATE_NOOP("domain", "{at:%Y-%m-%d %H:%M}: {message}"),
                    at=record.at.astimezone(),
                    message=record.message,
                ),
                **details,
            )
        good = record.last_ok_at
        stale = good is None or record.at - good > SYNC_STALE
        return finding(
            "sync",
            Status.FAILED if stale else Status.WARNING,
            _t(
                QT_TRANSLATE_NOOP(
                    "domain", "{at:%Y-%m-%d %H:%M} failed: {message} (last success: {good})"
                ),
                at=record.at.astimezone(),
                message=record.message,
                good=f"{good.astimezone():%Y-%m-%d %H:%M}" if good else "never",
            ),
            run_now,
            **details,
        )


def _existing_parent(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _disk_free(folder: Path) -> int:
    import shutil

    return shutil.disk_usage(folder).free


# -- queue and clock ---------------------------------------------------------------------------


class _QueueCheck:
    """The queue: reachable, its schema, the round trip; the server's clock (PostgreSQL)."""

    def __init__(self, config: Config, clock: Clock, settings: DoctorSettings) -> None:
        self.config = config
        self.clock = clock
        self.settings = settings
        self.version: int | None = None
        self.server_offset: float | None = None
        self.engine = "sqlite" if config.queue_file is not None else "postgresql"

    def finding(self) -> Finding:
        if self.config.queue_file is not None:
            return self._sqlite(self.config.queue_file)
        return self._postgres(self.config.queue_url)

    def _sqlite(self, path: Path) -> Finding:
        from counterdesk.queue.schema import QUEUE_SCHEMA_VERSION
        from counterdesk.storage.maintenance import connect_read_only, header_problems

        details: dict[str, object] = {
            "engine": "sqlite",
            "file": str(path),
            "latest_schema": QUEUE_SCHEMA_VERSION,
        }
        if not path.is_file():
            same = path == self.config.journal_file
            return finding(
                "queue",
                Status.FAILED if path.exists() else Status.WARNING,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "no queue yet in {path}; the program makes it at its first start"
                    ),
                    path=str(path),
                )
                if not path.exists()
                else _t(
                    QT_TRANSLATE_NOOP("domain", "{path} is not a queue file (a folder or device)"),
                    path=str(path),
                ),
                None
                if same or not path.exists()
                else _t(
                    QT_TRANSLATE_NOOP("domain", "move it away, or name another file in [queue] url")
                ),
                **details,
            )
        problems = header_problems(path)
        started = time.perf_counter()
        try:
            if problems:
                raise sqlite3.DatabaseError(problems[0])
            with connect_read_only(path) as conn:
                has_meta = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = 'queue_meta'"
                ).fetchone()
                row = (
                    conn.execute(
                        "SELECT version FROM queue_meta WHERE component = 'queue'"
                    ).fetchone()
                    if has_meta
                    else None
                )
        except sqlite3.Error as exc:
            return finding(
                "queue",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP("domain", "the queue file {path} cannot be read: {error}"),
                    path=str(path),
                    error=str(exc),
                ),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "call IT support; counterdesk db check shows what is wrong"
                    )
                ),
                **details,
            )
        millis = (time.perf_counter() - started) * 1000
        self.version = int(row[0]) if row else 0
        details.update(schema=self.version, round_trip_ms=round(millis, 1))
        return self._versioned(
            self.version, QUEUE_SCHEMA_VERSION, str(path), millis, details, upgrades=True
        )

    def _versioned(
        self,
        have: int,
        need: int,
        where: str,
        millis: float,
        details: dict[str, object],
        *,
        upgrades: bool,
    ) -> Finding:
        if have > need:
            return finding(
                "queue",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the queue at {where} has schema {have}, newer than this program's {need}",
                    ),
                    where=where,
                    have=have,
                    need=need,
                ),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "install the counterdesk version the other terminals run"
                    )
                ),
                **details,
            )
        if have < need:
            if upgrades:
                return finding(
                    "queue",
                    Status.WARNING,
                    _t(
                        QT_TRANSLATE_NOOP(
                            "domain", "{where}: schema {have}; brought to {need} at the next start"
                        ),
                        where=where,
                        have=have,
                        need=need,
                    ),
                    None,
                    **details,
                )
            return finding(
                "queue",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the queue at {where} has schema {have}, this program needs {need}",
                    ),
                    where=where,
                    have=have,
                    need=need,
                ),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "the branch's administrator runs: counterdesk queue init URL"
                    )
                ),
                **details,
            )
        return finding(
            "queue",
            Status.OK,
            _t(
                QT_TRANSLATE_NOOP(
                    "domain", "{where}: reachable, schema {have}, round trip {ms} ms"
                ),
                where=where,
                have=have,
                ms=f"{millis:.1f}",
            ),
            **details,
        )

    def _postgres(self, url: str) -> Finding:
        from counterdesk.queue.postgres import PG_SCHEMA_VERSION, PgAddress, connect, schema_version
        from counterdesk.storage.sql import execute

        address = PgAddress.parse(url)
        details: dict[str, object] = {
            "engine": "postgresql",
            "server": address.safe(),
            "latest_schema": PG_SCHEMA_VERSION,
        }
        db = connect(address, role="doctor")
        try:
            db.connect()
            started = time.perf_counter()
            execute(db, "SELECT 1").fetchone()
            millis = (time.perf_counter() - started) * 1000
            self.version = schema_version(lambda sql: execute(db, sql))
            before = self.clock.now()
            t0 = time.perf_counter()
            server_now = execute(db, "SELECT now()").fetchone()[0]
            half = (time.perf_counter() - t0) / 2
            local = before + timedelta(seconds=half)
            self.server_offset = (server_now - local).total_seconds()
        except Exception as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            details["error"] = reason
            return finding(
                "queue",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP("domain", "cannot reach the queue at {server}: {error}"),
                    server=address.safe(),
                    error=reason,
                ),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "check that the queue server is on and reachable from this PC "
                        "(network cable, firewall, port {port}) and the role and database in "
                        "[queue] url",
                    ),
                    port=address.port,
                ),
                **details,
            )
        finally:
            db.close()
        details.update(schema=self.version, round_trip_ms=round(millis, 1))
        return self._versioned(
            self.version, PG_SCHEMA_VERSION, address.safe(), millis, details, upgrades=False
        )

    def clock_finding(self) -> Finding:
        if self.engine == "sqlite":
            return finding(
                "clock",
                Status.NOT_APPLICABLE,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "the queue is a file on this PC: it keeps this PC's time"
                    )
                ),
            )
        offset = self.server_offset
        if offset is None:
            return finding(
                "clock",
                Status.NOT_APPLICABLE,
                _t(QT_TRANSLATE_NOOP("domain", "not compared: the queue server did not answer")),
            )
        details = {"offset_seconds": round(offset, 3)}
        size = abs(offset)
        words = dict(
            seconds=f"{size:.1f}",
            way=_t(QT_TRANSLATE_NOOP("domain", "behind"))
            if offset > 0
            else _t(QT_TRANSLATE_NOOP("domain", "ahead of")),
        )
        if size <= self.settings.clock_warn_seconds:
            return finding(
                "clock",
                Status.OK,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain", "this PC's clock is {seconds} s {way} the queue server's"
                    ),
                    **words,
                ),
                **details,
            )
        return finding(
            "clock",
            Status.FAILED if size > self.settings.clock_fail_seconds else Status.WARNING,
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "this PC's clock is {seconds} s {way} the queue server's: waiting times "
                    "and targets are wrong by as much",
                ),
                **words,
            ),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "let this PC and the queue server take their time from the same NTP "
                    "server (timedatectl set-ntp true; on Windows, w32tm /resync)",
                )
            ),
            **details,
        )


# -- head office -------------------------------------------------------------------------------


def _hq(config: Config) -> Finding:
    if not config.hq_url:
        return finding(
            "hq",
            Status.NOT_APPLICABLE,
            _t(QT_TRANSLATE_NOOP("domain", "no head office configured ([hq] url is empty)")),
        )
    from counterdesk.queue.postgres import PgAddress
    from counterdesk.sync.hq import branch_connection, branch_role, hq_password, hq_schema_version
    from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION

    address = PgAddress.parse(config.hq_url)
    details: dict[str, object] = {"server": address.safe(), "latest_schema": HQ_SCHEMA_VERSION}
    try:
        password = hq_password(branch_role(config.branch_code))
        started = time.perf_counter()
        conn = branch_connection(
            config.hq_url, config.branch_code, password, options="-c statement_timeout=5000"
        )
        try:
            with conn.cursor() as cur:
                connect_ms = (time.perf_counter() - started) * 1000
                version = hq_schema_version(cur)
        finally:
            conn.close()
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        details["error"] = reason
        return finding(
            "hq",
            Status.FAILED,
            _t(
                QT_TRANSLATE_NOOP("domain", "cannot reach head office at {server}: {error}"),
                server=address.safe(),
                error=reason,
            ),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "check the branch's link to head office, [hq] url, and the branch "
                    "role's password (COUNTERDESK_HQ_PASSWORD or the OS keyring)",
                )
            ),
            **details,
        )
    details.update(schema=version, connect_ms=round(connect_ms, 1))
    if version != HQ_SCHEMA_VERSION:
        return finding(
            "hq",
            Status.FAILED,
            _t(
                QT_TRANSLATE_NOOP(
                    "domain", "head office at {server} has schema {have}, this program knows {need}"
                ),
                server=address.safe(),
                have=version,
                need=HQ_SCHEMA_VERSION,
            ),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "head office's administrator runs counterdesk hq init, or this PC "
                    "gets the counterdesk version head office runs",
                )
            ),
            **details,
        )
    return finding(
        "hq",
        Status.OK,
        _t(
            QT_TRANSLATE_NOOP("domain", "{server}: reachable in {ms} ms, schema {have}"),
            server=address.safe(),
            ms=f"{connect_ms:.0f}",
            have=version,
        ),
        **details,
    )


# -- printer -----------------------------------------------------------------------------------


#: Where Linux lists the USB devices plugged in.
USB_DEVICES = Path("/sys/bus/usb/devices")


def printer_finding(spec_text: str, usb_devices: Path = USB_DEVICES) -> Finding:
    """Whether the ticket printer ``kiosk.printer`` names can be reached (nothing is printed).

    Args:
        spec_text: the ``kiosk.printer`` value.
        usb_devices: where USB devices are listed (Linux sysfs; pyusb is asked without it).
    """
    from counterdesk.services.printing import parse_printer_spec

    spec = parse_printer_spec(spec_text)
    details: dict[str, object] = {"printer": spec_text, "kind": spec.kind}
    if spec.kind == "none":
        return finding(
            "printer",
            Status.NOT_APPLICABLE,
            _t(QT_TRANSLATE_NOOP("domain", "no ticket printer configured")),
            **details,
        )
    if spec.kind == "system":
        return _system_printer(details)
    if spec.kind == "network":
        started = time.perf_counter()
        try:
            with socket.create_connection(
                (spec.host, spec.port), timeout=spec.timeout or PRINTER_TIMEOUT
            ):
                millis = (time.perf_counter() - started) * 1000
        except OSError as exc:
            return finding(
                "printer",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP("domain", "no answer from {host}:{port} ({error})"),
                    host=spec.host,
                    port=spec.port,
                    error=exc.strerror or str(exc),
                ),
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "switch the printer on, check its network cable and that its "
                        "address is {host} (print its self-test page)",
                    ),
                    host=spec.host,
                ),
                **details,
            )
        details["connect_ms"] = round(millis, 1)
        return finding(
            "printer",
            Status.OK,
            _t(
                QT_TRANSLATE_NOOP("domain", "{host}:{port} answers ({ms} ms)"),
                host=spec.host,
                port=spec.port,
                ms=f"{millis:.0f}",
            ),
            **details,
        )
    if spec.kind == "usb":
        return _usb_printer(spec.vendor_id, spec.product_id, details, usb_devices)
    path = Path(spec.path)
    if path.exists() and os.access(path, os.W_OK):
        return finding(
            "printer",
            Status.OK,
            _t(QT_TRANSLATE_NOOP("domain", "{path} is there and writable"), path=spec.path),
            **details,
        )
    return finding(
        "printer",
        Status.FAILED,
        _t(QT_TRANSLATE_NOOP("domain", "{path} is missing or cannot be written"), path=spec.path),
        _t(
            QT_TRANSLATE_NOOP(
                "domain",
                "plug the printer in and give the user running counterdesk access to it "
                "(on Linux: the dialout or lp group)",
            )
        ),
        **details,
    )


def _usb_printer(
    vendor: int, product: int, details: dict[str, object], usb_devices: Path
) -> Finding:
    ids = f"{vendor:04x}:{product:04x}"
    found = usb_device_present(vendor, product, usb_devices)
    if found is None:
        return finding(
            "printer",
            Status.WARNING,
            _t(
                QT_TRANSLATE_NOOP("domain", "cannot list USB devices here to look for {ids}"),
                ids=ids,
            ),
            _t(QT_TRANSLATE_NOOP("domain", "print a test ticket from the kiosk")),
            **details,
        )
    if not found:
        return finding(
            "printer",
            Status.FAILED,
            _t(QT_TRANSLATE_NOOP("domain", "no USB device {ids} is plugged in"), ids=ids),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "plug the printer in and switch it on; check the ids in "
                    "[kiosk] printer against lsusb",
                )
            ),
            **details,
        )
    return finding(
        "printer",
        Status.OK,
        _t(QT_TRANSLATE_NOOP("domain", "USB device {ids} is plugged in"), ids=ids),
        **details,
    )


def usb_device_present(vendor: int, product: int, sysfs: Path = USB_DEVICES) -> bool | None:
    """Whether a USB device with these ids is plugged in (None: this system cannot tell).

    Linux lists devices in sysfs, readable by anyone; elsewhere pyusb is asked.
    """
    if sysfs.is_dir():
        for device in sysfs.iterdir():
            try:
                found = (
                    int((device / "idVendor").read_text().strip(), 16),
                    int((device / "idProduct").read_text().strip(), 16),
                )
            except (OSError, ValueError):
                continue
            if found == (vendor, product):
                return True
        return False
    try:
        import importlib

        core = importlib.import_module("usb.core")  # pyusb: optional, for USB printers
        return core.find(idVendor=vendor, idProduct=product) is not None
    except Exception:
        return None


def _system_printer(details: dict[str, object]) -> Finding:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError as exc:
        return finding(
            "printer",
            Status.FAILED,
            _t(
                QT_TRANSLATE_NOOP("domain", "Qt's printing support cannot be loaded ({error})"),
                error=str(exc),
            ),
            _t(QT_TRANSLATE_NOOP("domain", "install the CUPS client (cups-client)")),
            **details,
        )
    default = QPrinterInfo.defaultPrinter()
    if default.isNull():
        return finding(
            "printer",
            Status.FAILED,
            _t(QT_TRANSLATE_NOOP("domain", "this PC has no default printer")),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "set the ticket printer as the default printer in the system's settings",
                )
            ),
            **details,
        )
    details["name"] = default.printerName()
    return finding(
        "printer",
        Status.OK,
        _t(
            QT_TRANSLATE_NOOP("domain", "the default printer is {name}"), name=default.printerName()
        ),
        **details,
    )


# -- versions ----------------------------------------------------------------------------------


def versions_finding(findings: list[Finding], qt: Mapping[str, str]) -> Finding:
    """The program's, Qt's, PySide6's, SQLite's and the schemas' versions."""
    from counterdesk.queue.postgres import PG_SCHEMA_VERSION
    from counterdesk.queue.schema import QUEUE_SCHEMA_VERSION
    from counterdesk.storage import migrations
    from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION

    def found(key: str) -> object:
        item = next((f for f in findings if f.key == key), None)
        return None if item is None else item.details.get("schema")

    queue = next((f for f in findings if f.key == "queue"), None)
    queue_known = (
        PG_SCHEMA_VERSION
        if queue is not None and queue.details.get("engine") == "postgresql"
        else QUEUE_SCHEMA_VERSION
    )
    details: dict[str, object] = {
        "counterdesk": __version__,
        "python": sys.version.split()[0],
        **qt,
        "sqlite": sqlite3.sqlite_version,
        "journal_schema": found("journal"),
        "journal_schema_known": migrations.LATEST,
        "queue_schema": found("queue"),
        "queue_schema_known": queue_known,
        "hq_schema": found("hq"),
        "hq_schema_known": HQ_SCHEMA_VERSION,
    }

    def pair(have: object, known: int) -> str:
        return f"{known}" if have is None or have == known else f"{have}/{known}"

    summary = _t(
        QT_TRANSLATE_NOOP(
            "domain",
            "counterdesk {program}, Qt {qt}, PySide6 {pyside}, SQLite {sqlite}, Python {python}; "
            "schemas: journal {journal}, queue {queue}, head office {hq}",
        ),
        program=__version__,
        qt=qt.get("qt", "?"),
        pyside=qt.get("pyside6", "?"),
        sqlite=sqlite3.sqlite_version,
        python=details["python"],
        journal=pair(found("journal"), migrations.LATEST),
        queue=pair(found("queue"), queue_known),
        hq=pair(found("hq"), HQ_SCHEMA_VERSION),
    )
    return finding("versions", Status.OK, summary, **details)


# -- output ------------------------------------------------------------------------------------


def report_json(report: Report, words: Callable[[Text | DomainError], str]) -> dict[str, object]:
    """The report as ``doctor --json`` prints it."""
    return {
        "ok": not report.failed,
        "config_file": str(report.config_file) if report.config_file else None,
        "checks": [
            {
                "key": f.key,
                "title": words(f.title),
                "status": f.status.value,
                "summary": words(f.summary),
                "fix": words(f.fix) if f.fix is not None else None,
                "details": _plain(f.details),
            }
            for f in report.findings
        ],
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def report_lines(report: Report, words: Callable[[Text | DomainError], str]) -> list[str]:
    """The report as ``doctor`` prints it: a line per check, its fix indented below."""
    lines = []
    for f in report.findings:
        lines.append(f"{f.status.mark} {words(f.title)}: {words(f.summary)}")
        if f.fix is not None and f.status is not Status.OK:
            lines.append(f"    → {words(f.fix)}")
    return lines
