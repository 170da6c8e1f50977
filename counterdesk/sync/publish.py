"""``counterdesk hq publish``: reference files into head office, as one release.

The files, told apart by their content: a procedure template (``*.toml``); business types
(``*.toml`` with ``[[types]]`` tables, as ``resources/business_types.toml``; ``retired = true``
in a table withdraws that type); rating reasons (``*.toml`` with ``[[reasons]]``: ``code``,
``text_en``, ``text_zh``, optional ``retired``; offered in the file's order); lobby notices
(``*.toml`` with ``[[notices]]``: ``branch`` (empty: every branch), ``text_en``, ``text_zh``;
both texts empty takes the notice down); a staff CSV.

Everything given is read and checked with the pull's own checks (:mod:`counterdesk.sync.pull`)
before the server is touched; then one HQ transaction, run as the schema's owner, creates a new
``hq.ref_release`` and writes only the rows that changed. A refusal writes nothing.

The staff CSV has a header row and the columns :data:`STAFF_COLUMNS`: ``staff_no``, ``name``,
``role`` (teller, supervisor, admin), ``pin_hash`` (``scrypt$n$r$p$salt$hash``, as
``counterdesk staff`` stores it; never a PIN), ``active`` (true/false), ``stars`` and
``branch_code`` (empty: every branch).

The ``stars`` column is kept so that existing files still read, but its values are **ignored**
with a warning: a teller's stars are the monthly level ``counterdesk report stars --month M
--publish`` computes and publishes (``docs/stars.md``), never a hand-typed number. Ignored
rather than refused, because refusing would block the directory's real changes (a new teller,
a reset PIN) over a column that no longer does anything.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.procedures import parse_procedure
from counterdesk.core.procedures.catalogue import overlay_entries
from counterdesk.core.procedures.datafile import DataFileError, loads_toml
from counterdesk.queue.postgres import PgAddress
from counterdesk.storage.reference import KIND_BUSINESS_TYPE, KIND_LOBBY_NOTICE
from counterdesk.sync.hq import connect_admin, hq_schema_version
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION
from counterdesk.sync.pull import (
    KIND_STAFF,
    check_business_type,
    check_procedure,
    check_rating_reason,
    check_staff,
    refusal,
)

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
    """What a set of files puts into HQ, checked.

    Attributes:
        business_types: ``(code, entry, retired)``; the entry is the ``[[types]]`` table.
        rating_reasons: ``(code, texts, sort_order, retired)``.
        notices: ``(scope, texts)``; scope ``''`` is every branch.
    """

    procedures: list[tuple[str, int, str]] = field(default_factory=list)
    staff: list[StaffRow] = field(default_factory=list)
    business_types: list[tuple[str, dict[str, Any], bool]] = field(default_factory=list)
    rating_reasons: list[tuple[str, dict[str, str], int, bool]] = field(default_factory=list)
    notices: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Published:
    """What ``hq publish`` did.

    Attributes:
        version: the new release, or None when nothing differed from what HQ holds.
        procedures: procedure versions written.
        staff: staff entries written.
        business_types, rating_reasons, notices: entries of those written.
    """

    version: int | None
    procedures: int
    staff: int
    business_types: int = 0
    rating_reasons: int = 0
    notices: int = 0
    warnings: tuple[str, ...] = ()


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


#: Why a staff CSV's ``stars`` values are not published (one warning per file).
STARS_IGNORED = (
    "{file}: the stars column is ignored ({count} value(s) given): a teller's stars are the "
    "monthly level published by counterdesk report stars --month YYYY-MM --publish"
)


def _staff_rows(
    path: Path, text: str, warnings: list[str] | None = None
) -> tuple[list[StaffRow], list[DomainError]]:
    rows: list[StaffRow] = []
    given = 0
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
        if stars.strip() not in ("", "0", "0.0"):
            given += 1
        level = 0.0  # ignored: see STARS_IGNORED
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
    if given and warnings is not None:
        warnings.append(STARS_IGNORED.format(file=path, count=given))
    return rows, problems


_TABLES = ("types", "reasons", "notices")


def _tables(path: Path, text: str) -> tuple[str, list[Any]] | list[DomainError] | None:
    """The ``[[types]]``, ``[[reasons]]`` or ``[[notices]]`` of a TOML file; None: a procedure."""
    try:
        data = loads_toml(text)
    except tomllib.TOMLDecodeError:
        return None  # the procedure reader reports it with its line
    found = [name for name in _TABLES if name in data]
    if not found:
        return None
    if len(found) > 1 or len(data) > 1:
        return [_file_problem(path, "holds one of [[types]], [[reasons]] or [[notices]] only")]
    rows = data[found[0]]
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return [_file_problem(path, f"{found[0]} must be an array of tables ([[{found[0]}]])")]
    return found[0], rows


def _flag(row: dict[str, Any], where: str, problems: list[DomainError]) -> bool:
    retired = row.pop("retired", False)
    if not isinstance(retired, bool):
        problems.append(_file_problem(Path(where), "retired must be true or false"))
    return retired is True


def _texts(
    row: dict[str, Any], where: str, problems: list[DomainError], *, keys: set[str]
) -> dict[str, str]:
    unknown = sorted(set(row) - keys - {"text_en", "text_zh"})
    if unknown:
        problems.append(_file_problem(Path(where), f"unknown key(s): {', '.join(unknown)}"))
    texts: dict[str, str] = {}
    for key, language in (("text_en", "en"), ("text_zh", "zh_CN")):
        value = row.get(key, "")
        if not isinstance(value, str):
            problems.append(_file_problem(Path(where), f"{key} must be text"))
            continue
        texts[language] = value.strip()
    return texts


def _read_tables(
    path: Path, tables: tuple[str, list[Any]], publication: Publication
) -> list[DomainError]:
    """Check business types, rating reasons or lobby notices; add them to ``publication``."""
    name, rows = tables
    problems: list[DomainError] = []
    seen: set[str] = set()
    for number, raw in enumerate(rows, start=1):
        row = dict(raw)
        where = f"{path}: [[{name}]] #{number}"
        if name == "types":
            retired = _flag(row, where, problems)
            code = row.get("code")
            if not isinstance(code, str) or not code:
                problems.append(_file_problem(Path(where), "code is required"))
                continue
            found = check_business_type(code, row)
            problems += [_file_problem(Path(where), p) for p in found]
            if code in seen:
                problems.append(_file_problem(Path(where), f"{code} is listed twice"))
            seen.add(code)
            publication.business_types.append((code, row, retired))
        elif name == "reasons":
            retired = _flag(row, where, problems)
            code = row.get("code")
            if not isinstance(code, str):
                problems.append(_file_problem(Path(where), "code is required"))
                continue
            texts = _texts(row, where, problems, keys={"code"})
            problems += [_file_problem(Path(where), p) for p in check_rating_reason(code, texts)]
            if code in seen:
                problems.append(_file_problem(Path(where), f"{code} is listed twice"))
            seen.add(code)
            publication.rating_reasons.append((code, texts, number, retired))
        else:
            scope = row.get("branch", "")
            if not isinstance(scope, str):
                problems.append(_file_problem(Path(where), "branch must be text"))
                continue
            texts = _texts(row, where, problems, keys={"branch"})
            if scope in seen:
                problems.append(
                    _file_problem(Path(where), f"branch {scope or '(all)'} is listed twice")
                )
            seen.add(scope)
            publication.notices.append((scope.strip(), texts))
    return problems


def read_publication(
    paths: Sequence[Path], known_types: Collection[str] | None = None
) -> Publication:
    """Read and check every file (``*.toml``: procedure or tables; ``*.csv``: staff).

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
            rows, found = _staff_rows(path, text, publication.warnings)
            publication.staff += rows
            problems += found
            continue
        if path.suffix.lower() != ".toml":
            problems.append(_file_problem(path, "not a procedure (.toml) or staff (.csv) file"))
            continue
        tables = _tables(path, text)
        if isinstance(tables, list):
            problems += tables
            continue
        if tables is not None:
            problems += _read_tables(path, tables, publication)
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
    url: str,
    paths: Sequence[Path],
    known_types: Collection[str] | None = None,
    note: str = "",
    catalogue: Catalogue | None = None,
) -> Published:
    """Check ``paths`` and publish them into HQ as one new release (nothing on refusal).

    A procedure version already published with another text is refused (a version names one
    text for good: raise the version). ``known_types``: the business types procedures may be
    for, besides those HQ publishes. ``catalogue``: the shipped business types; given, the
    published business types are checked over it and HQ's as a terminal will overlay them
    (a type keeps its ticket letter; a new type needs a procedure), as the pull does.

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
            problems = _server_problems(cur, publication, known_types, catalogue)
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
                # No stars: the directory's column is no longer a source (STARS_IGNORED).
                cur.execute(
                    "INSERT INTO hq.ref_staff AS s (staff_no, branch_code, name, role, pin_hash, "
                    "active, ref_version) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (staff_no) DO UPDATE SET branch_code = excluded.branch_code, "
                    "name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, "
                    "active = excluded.active, "
                    "ref_version = excluded.ref_version WHERE (s.branch_code, s.name, s.role, "
                    "s.pin_hash, s.active) IS DISTINCT FROM (excluded.branch_code, "
                    "excluded.name, excluded.role, excluded.pin_hash, excluded.active)",
                    (
                        row.staff_no,
                        row.branch_code,
                        row.name,
                        row.role,
                        row.pin_hash,
                        row.active,
                        version,
                    ),
                )
                staff += cur.rowcount
            types, reasons, notices = _write_tables(cur, publication, version)
            warnings = tuple(publication.warnings)
            if procedures + staff + types + reasons + notices == 0:
                conn.rollback()
                return Published(None, 0, 0, warnings=warnings)
        return Published(version, procedures, staff, types, reasons, notices, warnings)
    finally:
        conn.close()


def _write_tables(cur: Any, publication: Publication, version: int) -> tuple[int, int, int]:
    """Upsert the business types, rating reasons and notices that differ from HQ's."""
    from psycopg2.extras import Json

    types = reasons = notices = 0
    for code, entry, retired in publication.business_types:
        cur.execute(
            "INSERT INTO hq.ref_business_type AS t (code, payload, retired, ref_version) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (code) DO UPDATE SET payload = "
            "excluded.payload, retired = excluded.retired, ref_version = excluded.ref_version "
            "WHERE (t.payload, t.retired) IS DISTINCT FROM (excluded.payload, excluded.retired)",
            (code, Json(entry), retired, version),
        )
        types += cur.rowcount
    for code, texts, order, retired in publication.rating_reasons:
        cur.execute(
            "INSERT INTO hq.ref_rating_reason AS r (code, texts, sort_order, retired, "
            "ref_version) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (code) DO UPDATE SET "
            "texts = excluded.texts, sort_order = excluded.sort_order, retired = "
            "excluded.retired, ref_version = excluded.ref_version WHERE (r.texts, r.sort_order, "
            "r.retired) IS DISTINCT FROM (excluded.texts, excluded.sort_order, excluded.retired)",
            (code, Json(texts), order, retired, version),
        )
        reasons += cur.rowcount
    for scope, texts in publication.notices:
        cur.execute(
            "INSERT INTO hq.ref_lobby_notice AS n (scope, texts, ref_version) VALUES (%s, %s, %s) "
            "ON CONFLICT (scope) DO UPDATE SET texts = excluded.texts, ref_version = "
            "excluded.ref_version WHERE n.texts IS DISTINCT FROM excluded.texts",
            (scope, Json(texts), version),
        )
        notices += cur.rowcount
    return types, reasons, notices


def _catalogue_problems(
    cur: Any, publication: Publication, shipped: Catalogue
) -> list[DomainError]:
    """The pull's catalogue rules, over HQ's business types as they stand."""
    if not publication.business_types:
        return []
    cur.execute("SELECT code, payload, retired FROM hq.ref_business_type ORDER BY code")
    try:
        current = overlay_entries(shipped, [(r[0], r[1], bool(r[2])) for r in cur.fetchall()])
        after = overlay_entries(current, publication.business_types)
    except DomainError as exc:
        return [exc]
    cur.execute("SELECT DISTINCT business_type FROM hq.ref_procedure WHERE NOT retired")
    with_procedure = {r[0] for r in cur.fetchall()} | {p[0] for p in publication.procedures}
    return [
        refusal(
            KIND_BUSINESS_TYPE,
            code,
            QT_TRANSLATE_NOOP("domain", "has no procedure; publish one with it"),
        )
        for code in after.codes
        if code not in shipped.codes and code not in with_procedure
    ]


def _server_problems(
    cur: Any,
    publication: Publication,
    known_types: Collection[str] | None,
    catalogue: Catalogue | None = None,
) -> list[DomainError]:
    problems: list[DomainError] = []
    if catalogue is not None:
        problems += _catalogue_problems(cur, publication, catalogue)
        if known_types is None:
            known_types = catalogue.codes
    cur.execute("SELECT code FROM hq.ref_business_type WHERE NOT retired")
    types = None if known_types is None else set(known_types) | {r[0] for r in cur.fetchall()}
    if types is not None:
        types |= {code for code, _, retired in publication.business_types if not retired}
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
    for scope, _texts in publication.notices:
        if scope and scope not in branches:
            problems.append(refusal(KIND_LOBBY_NOTICE, scope, "branch is not registered"))
    for row in publication.staff:
        if row.branch_code is not None and row.branch_code not in branches:
            problems.append(
                refusal(KIND_STAFF, row.staff_no, f"branch {row.branch_code} is not registered")
            )
    return problems
