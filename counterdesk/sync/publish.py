"""``counterdesk hq publish``: procedure files and a staff CSV into head office, as one release.

Everything given is read and checked with the pull's own checks (:mod:`counterdesk.sync.pull`)
before the server is touched; then one HQ transaction, run as the schema's owner, creates a new
``hq.ref_release`` and writes only the rows that changed. A refusal writes nothing.

The staff CSV has a header row and the columns :data:`STAFF_COLUMNS`: ``staff_no``, ``name``,
``role`` (teller, supervisor, admin), ``pin_hash`` (``scrypt$n$r$p$salt$hash``, as
``counterdesk staff`` stores it; never a PIN), ``active`` (true/false), ``stars`` (0-5) and
``branch_code`` (empty: every branch).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.procedures import parse_procedure
from counterdesk.core.procedures.datafile import DataFileError
from counterdesk.queue.postgres import PgAddress
from counterdesk.sync.hq import connect_admin, hq_schema_version
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION
from counterdesk.sync.pull import KIND_STAFF, check_procedure, check_staff, refusal

#: The staff CSV's columns, in this order, named in its header row.
STAFF_COLUMNS = ("staff_no", "name", "role", "pin_hash", "active", "stars", "branch_code")
_MAX_FILE_BYTES = 4 * 1024 * 1024
_TRUE = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class PublishRefused(DomainError):
    """Nothing was published; ``problems`` lists each reason (one line each)."""

    def __init__(self, problems: Sequence[DomainError]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class StaffRow:
    """One checked line of the staff CSV."""

    staff_no: str
    name: str
    role: str
    pin_hash: str
    active: bool
    stars: float
    branch_code: str | None


@dataclass
class Publication:
    """What a set of files puts into HQ, checked."""

    procedures: list[tuple[str, int, str]] = field(default_factory=list)
    staff: list[StaffRow] = field(default_factory=list)


@dataclass(frozen=True)
class Published:
    """What ``hq publish`` did.

    Attributes:
        version: the new release, or None when nothing differed from what HQ holds.
        procedures: procedure versions written.
        staff: staff entries written.
    """

    version: int | None
    procedures: int
    staff: int


def _file_problem(path: Path, problem: object) -> DomainError:
    return DomainError(
        QT_TRANSLATE_NOOP("domain", "{file}: {problem}"), file=str(path), problem=problem
    )


def _read(path: Path) -> str | DomainError:
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            return _file_problem(path, f"larger than {_MAX_FILE_BYTES} bytes")
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _file_problem(path, exc.strerror if isinstance(exc, OSError) else "not UTF-8")


def _staff_rows(path: Path, text: str) -> tuple[list[StaffRow], list[DomainError]]:
    rows: list[StaffRow] = []
    problems: list[DomainError] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        lines = list(reader)
    except csv.Error as exc:
        return [], [_file_problem(path, str(exc))]
    if not lines or tuple(cell.strip() for cell in lines[0]) != STAFF_COLUMNS:
        return [], [_file_problem(path, "the header must be " + ",".join(STAFF_COLUMNS))]
    seen: set[str] = set()
    for number, cells in enumerate(lines[1:], start=2):
        if not cells:
            continue
        where = f"{path}:{number}"
        if len(cells) != len(STAFF_COLUMNS):
            problems.append(_file_problem(Path(where), f"{len(STAFF_COLUMNS)} columns expected"))
            continue
        staff_no, name, role, pin_hash, active, stars, branch = cells
        flag = _TRUE.get(active.strip().lower())
        try:
            level = float(stars) if stars.strip() else 0.0
        except ValueError:
            level = float("nan")
        if flag is None:
            problems.append(refusal(KIND_STAFF, staff_no, f"{where}: active must be true or false"))
        if staff_no in seen:
            problems.append(refusal(KIND_STAFF, staff_no, f"{where}: listed twice"))
        seen.add(staff_no)
        found = check_staff(staff_no, name, role, pin_hash, level, None)
        problems += [
            refusal(KIND_STAFF, staff_no, f"{where}: {p.params['problem']}") for p in found
        ]
        rows.append(
            StaffRow(staff_no, name, role, pin_hash, bool(flag), level, branch.strip() or None)
        )
    return rows, problems


def read_publication(
    paths: Sequence[Path], known_types: Collection[str] | None = None
) -> Publication:
    """Read and check every file (``*.toml``: a procedure; ``*.csv``: the staff directory).

    Raises:
        PublishRefused: every problem of every file.
    """
    publication = Publication()
    problems: list[DomainError] = []
    seen: dict[tuple[str, int], Path] = {}
    for path in paths:
        text = _read(path)
        if isinstance(text, DomainError):
            problems.append(text)
            continue
        if path.suffix.lower() == ".csv":
            rows, found = _staff_rows(path, text)
            publication.staff += rows
            problems += found
            continue
        if path.suffix.lower() != ".toml":
            problems.append(_file_problem(path, "not a procedure (.toml) or staff (.csv) file"))
            continue
        try:
            procedure = parse_procedure(text, str(path))
        except DataFileError as exc:
            problems += [_file_problem(path, str(problem)) for problem in exc.problems]
            continue
        key = (procedure.business_type, procedure.version)
        if key in seen:
            problems.append(
                _file_problem(path, f"{key[0]} version {key[1]} is also in {seen[key]}")
            )
            continue
        seen[key] = path
        problems += check_procedure(text, procedure.business_type, procedure.version, known_types)
        publication.procedures.append((procedure.business_type, procedure.version, text))
    if problems:
        raise PublishRefused(problems)
    return publication


def publish_reference(
    url: str, paths: Sequence[Path], known_types: Collection[str] | None = None, note: str = ""
) -> Published:
    """Check ``paths`` and publish them into HQ as one new release (nothing on refusal).

    A procedure version already published with another text is refused (a version names one
    text for good: raise the version). ``known_types``: the business types procedures may be
    for, besides those HQ publishes.

    Raises:
        ValueError: a bad URL (nothing touched).
        PublishRefused: every problem found (nothing written).
        DomainError: no HQ schema, or another version than this program's.
        psycopg2.Error: the server's refusal (rolled back).
    """
    PgAddress.parse(url)
    publication = read_publication(paths, None)
    conn = connect_admin(url)
    try:
        with conn, conn.cursor() as cur:
            have = hq_schema_version(cur)
            if have != HQ_SCHEMA_VERSION:
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the HQ database has schema {have}, not {known}; run counterdesk hq "
                        "init first",
                    ),
                    have=have,
                    known=HQ_SCHEMA_VERSION,
                )
            cur.execute("SELECT value FROM hq.hq_setting WHERE key = 'owner'")
            from psycopg2 import sql

            cur.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(cur.fetchone()[0])))
            # One publisher at a time, so two publications never interleave their releases.
            cur.execute("LOCK TABLE hq.ref_release IN EXCLUSIVE MODE")
            problems = _server_problems(cur, publication, known_types)
            if problems:
                raise PublishRefused(problems)
            cur.execute("INSERT INTO hq.ref_release (note) VALUES (%s) RETURNING version", (note,))
            version = int(cur.fetchone()[0])
            procedures = staff = 0
            for business_type, number, text in publication.procedures:
                cur.execute(
                    "INSERT INTO hq.ref_procedure (business_type, version, source, ref_version) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (business_type, version) DO UPDATE "
                    "SET retired = false, ref_version = excluded.ref_version "
                    "WHERE hq.ref_procedure.retired",
                    (business_type, number, text, version),
                )
                procedures += cur.rowcount
            for row in publication.staff:
                cur.execute(
                    "INSERT INTO hq.ref_staff AS s (staff_no, branch_code, name, role, pin_hash, "
                    "stars, active, ref_version) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (staff_no) DO UPDATE SET branch_code = excluded.branch_code, "
                    "name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, "
                    "stars = excluded.stars, active = excluded.active, "
                    "ref_version = excluded.ref_version WHERE (s.branch_code, s.name, s.role, "
                    "s.pin_hash, s.stars, s.active) IS DISTINCT FROM (excluded.branch_code, "
                    "excluded.name, excluded.role, excluded.pin_hash, excluded.stars, "
                    "excluded.active)",
                    (
                        row.staff_no,
                        row.branch_code,
                        row.name,
                        row.role,
                        row.pin_hash,
                        row.stars,
                        row.active,
                        version,
                    ),
                )
                staff += cur.rowcount
            if procedures + staff == 0:
                conn.rollback()
                return Published(None, 0, 0)
        return Published(version, procedures, staff)
    finally:
        conn.close()


def _server_problems(
    cur: Any, publication: Publication, known_types: Collection[str] | None
) -> list[DomainError]:
    problems: list[DomainError] = []
    cur.execute("SELECT code FROM hq.ref_business_type WHERE NOT retired")
    types = None if known_types is None else set(known_types) | {r[0] for r in cur.fetchall()}
    for business_type, number, text in publication.procedures:
        key = f"{business_type}@{number}"
        if types is not None and business_type not in types:
            problems.append(
                refusal(
                    "procedure",
                    key,
                    DomainError(
                        QT_TRANSLATE_NOOP("domain", "business type {code} is not in the catalogue"),
                        code=business_type,
                    ),
                )
            )
        cur.execute(
            "SELECT source FROM hq.ref_procedure WHERE business_type = %s AND version = %s",
            (business_type, number),
        )
        stored = cur.fetchone()
        if stored is not None and stored[0] != text:
            problems.append(
                refusal(
                    "procedure",
                    key,
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "this version is already published with another text; raise its version",
                    ),
                )
            )
    cur.execute("SELECT code FROM hq.branch")
    branches = {r[0] for r in cur.fetchall()}
    for row in publication.staff:
        if row.branch_code is not None and row.branch_code not in branches:
            problems.append(
                refusal(KIND_STAFF, row.staff_no, f"branch {row.branch_code} is not registered")
            )
    return problems
