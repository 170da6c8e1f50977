"""Trying a queue address before it goes into the config: connect, read the schema version.

The set-up wizard's "Test connection" runs :func:`probe_queue` on its worker. Nothing is
created or changed: a SQLite file is opened read-only (a missing one is reported, not made),
and a PostgreSQL server is asked one question on a short-lived connection.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from counterdesk.storage.maintenance import header_problems


class ProbeFailed(Exception):
    """The queue cannot be used at that address; the message says why, in one line."""


@dataclass(frozen=True)
class QueueProbe:
    """What a queue address answered.

    Attributes:
        where: the address as messages show it (no password).
        have: the queue schema version there (0: no counterdesk queue yet).
        need: the version this program uses.
        milliseconds: how long connecting and asking took.
    """

    where: str
    have: int
    need: int
    milliseconds: float

    @property
    def usable(self) -> bool:
        """Whether this program can use the queue as it is (an empty one it creates itself)."""
        return self.have == self.need or (self.have == 0 and self.where.startswith("sqlite"))


def probe_queue(url: str, default_file: Path) -> QueueProbe:
    """Connect to the queue a ``queue.url`` names and read its schema version.

    Args:
        url: ``""`` (the journal file), ``sqlite:///PATH`` or ``postgresql://ROLE@HOST/DB``.
        default_file: the file an empty URL means (the journal); relative SQLite paths are
            resolved against its folder (the data folder), as the loader does.

    Raises:
        ProbeFailed: the address cannot be reached or holds no usable database.
    """
    started = time.perf_counter()
    if url.startswith(("postgresql://", "postgres://")):
        where, have, need = _probe_postgres(url)
    else:
        path = default_file
        if url:
            named = Path(url.removeprefix("sqlite:///")).expanduser()
            path = named if named.is_absolute() else default_file.parent / named
        where, have, need = _probe_sqlite(path)
    return QueueProbe(where, have, need, (time.perf_counter() - started) * 1000)


def _probe_sqlite(path: Path) -> tuple[str, int, int]:
    from counterdesk.queue.schema import QUEUE_SCHEMA_VERSION

    where = f"sqlite:///{path}"
    if path.is_dir():
        raise ProbeFailed(f"{path}: is a folder, not a queue file")
    if not path.exists():
        if not path.parent.is_dir():
            raise ProbeFailed(f"{path.parent}: no such folder")
        return where, 0, QUEUE_SCHEMA_VERSION  # made at the first start
    if not path.is_file():
        raise ProbeFailed(f"{path}: not a regular file, not a queue file")
    problems = header_problems(path)
    if problems:
        raise ProbeFailed(f"{path}: {problems[0]}")
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=3)
        try:
            has_meta = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'queue_meta'"
            ).fetchone()
            row = (
                connection.execute(
                    "SELECT version FROM queue_meta WHERE component = 'queue'"
                ).fetchone()
                if has_meta
                else None
            )
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise ProbeFailed(f"{path}: {exc}") from exc
    return where, int(row[0]) if row else 0, QUEUE_SCHEMA_VERSION


def _probe_postgres(url: str) -> tuple[str, int, int]:
    import peewee
    import psycopg2

    from counterdesk.queue.postgres import PG_SCHEMA_VERSION, PgAddress, connect, schema_version

    try:
        address = PgAddress.parse(url)
    except ValueError as exc:
        raise ProbeFailed(str(exc)) from exc
    db = connect(address, role="setup")
    try:
        db.connect()
        have = schema_version(db.execute_sql)
    except (psycopg2.Error, peewee.PeeweeException) as exc:
        reason = " ".join(str(exc).split())  # the server's message spans lines
        raise ProbeFailed(f"{address.safe()}: {reason}") from exc
    finally:
        db.close()
    return address.safe(), have, PG_SCHEMA_VERSION
