"""Pulling head office's reference data into the journal: validate all of a release, then apply it.

:func:`pull_reference` connects as the branch's role (row-level security shows it only the staff
and lobby notices of its own branch and of all branches), reads every reference row changed
after the release this terminal last applied, up to HQ's newest release, and validates all of
it before anything is written: procedures with the procedure loader (as ``counterdesk
procedures check`` does), business types with the catalogue loader, staff entries (role, PIN
hash format and scrypt bounds, photo size), rating reasons, lobby notices and the tellers'
published star levels (``report stars --publish``), which become the staff's ``stars`` the
customer screen shows (the directory's own ``stars`` column is no longer used). One
invalid item refuses the whole release, with every problem listed; the terminal keeps the
reference set it has and its applied version, so the next pull tries again. A valid release is
applied in one SQLite transaction (:func:`counterdesk.storage.reference.apply_release`).

The same checks serve ``counterdesk hq publish`` (:mod:`counterdesk.sync.publish`).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.procedures import parse_procedure
from counterdesk.core.procedures.catalogue import overlay_entries, parse_entry
from counterdesk.core.procedures.datafile import DataFileError
from counterdesk.core.staff import Role, check_pin_hash, validate_new_member
from counterdesk.storage.reference import (
    KIND_BUSINESS_TYPE,
    KIND_LOBBY_NOTICE,
    KIND_PROCEDURE,
    KIND_RATING_REASON,
    KIND_STAFF_ENTRY,
    KIND_STAR_LEVEL,
    CachedItem,
    DirectoryEntry,
    applied_version,
    apply_release,
    cached_items,
    pulled_business_types,
    pulled_procedures,
    store_teller_months,
)
from counterdesk.sync.hq import branch_role, hq_password, hq_schema_version
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION
from counterdesk.sync.push import HqSchemaMismatch
from counterdesk.sync.push import connect_branch as connect_as_branch

KIND_STAFF = "staff"
#: The largest staff photo taken from head office (bytes).
MAX_PHOTO_BYTES = 512 * 1024
#: Where pulled photos are stored, relative to the data dir (named by their SHA-256).
PHOTO_FOLDER = "photos"


def refusal(kind: str, key: str, problem: object) -> DomainError:
    """One problem of one reference item, as a translatable line."""
    return DomainError(
        QT_TRANSLATE_NOOP("domain", "{kind} {key}: {problem}"),
        kind=kind,
        key=key,
        problem=problem,
    )


def _problems_of(exc: DomainError, kind: str, key: str) -> list[DomainError]:
    if isinstance(exc, DataFileError):
        return [refusal(kind, key, str(problem)) for problem in exc.problems]
    return [refusal(kind, key, exc)]


def check_procedure(
    text: str, business_type: str, version: int, known_types: Collection[str] | None
) -> list[DomainError]:
    """The problems of a procedure template's text stored as ``business_type`` ``version``."""
    key = f"{business_type}@{version}"
    try:
        procedure = parse_procedure(text, f"{business_type}-v{version}.toml")
    except DataFileError as exc:
        return _problems_of(exc, KIND_PROCEDURE, key)
    problems: list[DomainError] = []
    if (procedure.business_type, procedure.version) != (business_type, version):
        problems.append(
            refusal(
                KIND_PROCEDURE,
                key,
                DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain", "its text says business type {code} version {version}"
                    ),
                    code=procedure.business_type,
                    version=procedure.version,
                ),
            )
        )
    if known_types is not None and procedure.business_type not in known_types:
        problems.append(
            refusal(
                KIND_PROCEDURE,
                key,
                DomainError(
                    QT_TRANSLATE_NOOP("domain", "business type {code} is not in the catalogue"),
                    code=procedure.business_type,
                ),
            )
        )
    return problems


def check_business_type(code: str, payload: Any) -> list[DomainError]:
    """The problems of a business type's entry (the catalogue loader's rules)."""
    try:
        parse_entry(code, payload)
    except DataFileError as exc:
        return _problems_of(exc, KIND_BUSINESS_TYPE, code)
    return []


def check_staff(
    staff_no: str, name: str, role: str, pin_hash: str, stars: float, photo: bytes | None
) -> list[DomainError]:
    """The problems of a staff directory entry (as the journal's directory would refuse them)."""
    problems: list[DomainError] = []
    key = staff_no
    try:
        validate_new_member(staff_no, name)
    except DomainError as exc:
        problems.append(refusal(KIND_STAFF, key, exc))
    if role not in {r.value for r in Role}:
        problems.append(
            refusal(
                KIND_STAFF,
                key,
                DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain", "unknown role {role!r} (teller, supervisor, admin)"
                    ),
                    role=role,
                ),
            )
        )
    try:
        check_pin_hash(pin_hash)
    except DomainError as exc:
        problems.append(refusal(KIND_STAFF, key, exc))
    if not (math.isfinite(stars) and 0.0 <= stars <= 5.0):
        problems.append(
            refusal(
                KIND_STAFF,
                key,
                DomainError(
                    QT_TRANSLATE_NOOP("domain", "stars are 0 to 5, not {stars}"), stars=stars
                ),
            )
        )
    if photo is not None and len(photo) > MAX_PHOTO_BYTES:
        problems.append(
            refusal(
                KIND_STAFF,
                key,
                DomainError(
                    QT_TRANSLATE_NOOP("domain", "photo of {size} bytes is over {limit}"),
                    size=len(photo),
                    limit=MAX_PHOTO_BYTES,
                ),
            )
        )
    return problems


def _check_texts(kind: str, key: str, texts: Any) -> list[DomainError]:
    if (
        not isinstance(texts, dict)
        or not texts
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items())
    ):
        return [refusal(kind, key, "texts must be an object of language: text")]
    return []


#: A rating reason's code: what a rating row keeps, so short and plain.
REASON_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def check_rating_reason(code: str, texts: Any) -> list[DomainError]:
    """The problems of a rating reason (its code is stored with the ratings that chose it)."""
    problems = _check_texts(KIND_RATING_REASON, code, texts)
    if not REASON_CODE.match(code):
        problems.append(
            refusal(
                KIND_RATING_REASON,
                code,
                QT_TRANSLATE_NOOP("domain", "a code is 1-32 small letters, digits or _"),
            )
        )
    elif not problems and not any(text.strip() for text in texts.values()):
        problems.append(refusal(KIND_RATING_REASON, code, "needs a text"))
    return problems


@dataclass(frozen=True)
class PullReport:
    """What a pull did.

    Attributes:
        before: the release this terminal had applied before the pull.
        applied: the release it has applied now (``before`` when refused or nothing new).
        offered: HQ's newest release seen by the pull.
        counts: items of the release by kind (``business_type``, ``procedure``, ``staff``,
            ``rating_reason``, ``lobby_notice``), also when refused.
        problems: why the release was refused (empty when applied or nothing new).
    """

    before: int
    applied: int
    offered: int
    counts: Mapping[str, int] = field(default_factory=dict)
    problems: tuple[DomainError, ...] = ()

    @property
    def refused(self) -> bool:
        """Whether HQ's release was refused (the terminal kept what it had)."""
        return bool(self.problems)

    @property
    def changed(self) -> bool:
        """Whether this pull applied a new release."""
        return self.applied != self.before


@dataclass
class Release:
    """The reference rows of one pull, as read from HQ (before validation)."""

    version: int
    business_types: list[tuple[str, Any, bool, int]] = field(default_factory=list)
    procedures: list[tuple[str, int, str, bool]] = field(default_factory=list)
    staff: list[tuple[str, str, str, str, bytes | None, float, bool]] = field(default_factory=list)
    rating_reasons: list[tuple[str, Any, int, bool, int]] = field(default_factory=list)
    lobby_notices: list[tuple[str, Any, int]] = field(default_factory=list)
    #: Published star levels: ``(staff_no, month, stars or None)``, each teller's newest month.
    star_levels: list[tuple[str, str, int | None]] = field(default_factory=list)
    #: Every staff number the branch's role sees in HQ's directory now (changed or not), so a
    #: member moved to another branch, whose row this branch no longer sees, is noticed.
    staff_present: set[str] | None = None

    def counts(self) -> dict[str, int]:
        """Items by kind."""
        return {
            KIND_BUSINESS_TYPE: len(self.business_types),
            KIND_PROCEDURE: len(self.procedures),
            KIND_STAFF: len(self.staff),
            KIND_RATING_REASON: len(self.rating_reasons),
            KIND_LOBBY_NOTICE: len(self.lobby_notices),
            KIND_STAR_LEVEL: len(self.star_levels),
        }


def read_release(cursor: Any, after: int) -> Release:
    """Every reference row the connected role sees changed after release ``after``.

    Run in one REPEATABLE READ transaction, so the rows are those of one moment of HQ.
    """
    cursor.execute("SELECT coalesce(max(version), 0) FROM hq.ref_release")
    release = Release(int(cursor.fetchone()[0]))
    bounds = (after, release.version)
    cursor.execute(
        "SELECT code, payload, retired, ref_version FROM hq.ref_business_type "
        "WHERE ref_version > %s AND ref_version <= %s ORDER BY code",
        bounds,
    )
    release.business_types = [(r[0], r[1], bool(r[2]), int(r[3])) for r in cursor.fetchall()]
    cursor.execute(
        "SELECT business_type, version, source, retired FROM hq.ref_procedure "
        "WHERE ref_version > %s AND ref_version <= %s ORDER BY business_type, version",
        bounds,
    )
    release.procedures = [(r[0], int(r[1]), r[2], bool(r[3])) for r in cursor.fetchall()]
    cursor.execute(
        "SELECT staff_no, name, role, pin_hash, photo, stars, active FROM hq.ref_staff "
        "WHERE ref_version > %s AND ref_version <= %s ORDER BY staff_no",
        bounds,
    )
    release.staff = [
        (r[0], r[1], r[2], r[3], None if r[4] is None else bytes(r[4]), float(r[5]), bool(r[6]))
        for r in cursor.fetchall()
    ]
    cursor.execute("SELECT staff_no FROM hq.ref_staff")
    release.staff_present = {r[0] for r in cursor.fetchall()}
    cursor.execute(
        "SELECT code, texts, sort_order, retired, ref_version FROM hq.ref_rating_reason "
        "WHERE ref_version > %s AND ref_version <= %s ORDER BY code",
        bounds,
    )
    release.rating_reasons = [
        (r[0], r[1], int(r[2]), bool(r[3]), int(r[4])) for r in cursor.fetchall()
    ]
    cursor.execute(
        "SELECT scope, texts, ref_version FROM hq.ref_lobby_notice "
        "WHERE ref_version > %s AND ref_version <= %s ORDER BY scope",
        bounds,
    )
    release.lobby_notices = [(r[0], r[1], int(r[2])) for r in cursor.fetchall()]
    # The star levels published since (``report stars --publish``): each teller's newest month.
    cursor.execute(
        "SELECT DISTINCT ON (staff_no) staff_no, month, stars FROM hq.star_level "
        "WHERE ref_version > %s AND ref_version <= %s ORDER BY staff_no, month DESC",
        bounds,
    )
    release.star_levels = [
        (r[0], r[1], None if r[2] is None else int(r[2])) for r in cursor.fetchall()
    ]
    return release


def validate_release(
    release: Release, known_types: Collection[str] | None
) -> tuple[list[CachedItem], list[DomainError]]:
    """Check every row of a release; the cache items it gives and the problems found.

    ``known_types``: the business types this terminal knows already (the release's own are
    added); None checks no catalogue.
    """
    problems: list[DomainError] = []
    items: list[CachedItem] = []
    types = None if known_types is None else set(known_types)
    for code, payload, retired, ref_version in release.business_types:
        if not retired:
            problems += check_business_type(code, payload)
            if types is not None:
                types.add(code)
        items.append(
            CachedItem(
                KIND_BUSINESS_TYPE, code, ref_version, {"entry": payload, "retired": retired}
            )
        )
    for business_type, version, source, retired in release.procedures:
        if not retired:
            problems += check_procedure(source, business_type, version, types)
        items.append(
            CachedItem(
                KIND_PROCEDURE,
                f"{business_type}@{version}",
                version,
                {
                    "business_type": business_type,
                    "version": version,
                    "toml": source,
                    "retired": retired,
                },
            )
        )
    for staff_no, name, role, pin_hash, photo, stars, _active in release.staff:
        problems += check_staff(staff_no, name, role, pin_hash, stars, photo)
        # Remembers that HQ handed this member out (see _departed); the entry is the staff row.
        items.append(CachedItem(KIND_STAFF_ENTRY, staff_no, release.version, {}))
    for code, texts, sort_order, retired, ref_version in release.rating_reasons:
        if not retired:
            problems += check_rating_reason(code, texts)
        items.append(
            CachedItem(
                KIND_RATING_REASON,
                code,
                ref_version,
                {"texts": texts, "sort_order": sort_order, "retired": retired},
            )
        )
    for scope, texts, ref_version in release.lobby_notices:
        problems += _check_texts(KIND_LOBBY_NOTICE, scope, texts)
        items.append(CachedItem(KIND_LOBBY_NOTICE, scope, ref_version, {"texts": texts}))
    for staff_no, month, level in release.star_levels:
        if not _MONTH.match(month) or (level is not None and not 1 <= level <= 5):
            problems.append(refusal(KIND_STAR_LEVEL, staff_no, f"{month}: {level} stars"))
        items.append(
            CachedItem(KIND_STAR_LEVEL, staff_no, release.version, {"month": month, "stars": level})
        )
    return items, problems


_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def _older_levels(journal: peewee.SqliteDatabase, items: list[CachedItem]) -> list[CachedItem]:
    """The items, less star levels of a month older than the one the journal shows already.

    A month published again later (an adjustment of October after November's levels) must
    not take November's stars off the customer screen.
    """
    shown = {item.key: str(item.payload.get("month", "")) for item in
             cached_items(journal, KIND_STAR_LEVEL)}  # fmt: skip
    return [
        item
        for item in items
        if item.kind != KIND_STAR_LEVEL or str(item.payload["month"]) >= shown.get(item.key, "")
    ]


def _store_photos(
    staff: Iterable[tuple[str, str, str, str, bytes | None, float, bool]], data_dir: Path | None
) -> list[DirectoryEntry]:
    """Directory entries, their photos written first under their SHA-256 (so never half)."""
    entries: list[DirectoryEntry] = []
    for staff_no, name, role, pin_hash, photo, stars, active in staff:
        relative: str | None = None
        if photo is not None and data_dir is not None:
            relative = f"{PHOTO_FOLDER}/hq-{hashlib.sha256(photo).hexdigest()}"
            target = data_dir / relative
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(".part")
                partial.write_bytes(photo)
                partial.replace(target)
        entries.append(DirectoryEntry(staff_no, name, role, pin_hash, stars, relative, active))
    return entries


def _departed(journal: peewee.SqliteDatabase, release: Release) -> list[str]:
    """Staff head office handed this terminal who are no longer in its branch's directory.

    Row-level security shows a branch its own staff and those of all branches only: a member
    moved to another branch (or deleted) stops arriving instead of arriving inactive. Those the
    journal had from HQ and HQ no longer shows are switched off here, so they cannot sign in.
    Staff added at this terminal (never pulled) are left alone.
    """
    if release.staff_present is None:
        return []
    return [
        item.key
        for item in cached_items(journal, KIND_STAFF_ENTRY)
        if item.key not in release.staff_present
    ]


def check_catalogue(
    journal: peewee.SqliteDatabase, shipped: Catalogue, release: Release
) -> list[DomainError]:
    """The problems of a release's business types as the catalogue the terminal will use.

    The shipped catalogue, overlaid with the business types pulled before and then with the
    release's, must still be one catalogue: a type keeps its ticket letter for good (the day's
    tickets, the display and the reports carry it) and no letter stands for two types, not
    even a retired one. A type new to this terminal needs a procedure: shipped, pulled before
    or in the same release.
    """
    if not release.business_types:
        return []
    try:
        current = overlay_entries(shipped, pulled_business_types(journal))
    except DomainError:
        current = shipped  # a damaged cache: the next start falls back to the shipped file
    try:
        after = overlay_entries(
            current, [(code, entry, retired) for code, entry, retired, _ in release.business_types]
        )
    except DomainError as exc:
        return [exc]
    with_procedure = set(pulled_procedures(journal)) | {
        code for code, _, _, retired in release.procedures if not retired
    }
    return [
        refusal(
            KIND_BUSINESS_TYPE,
            code,
            QT_TRANSLATE_NOOP("domain", "has no procedure; publish one with it"),
        )
        for code in after.codes
        if code not in shipped.codes and code not in with_procedure
    ]


def connect_branch(url: str, branch_code: str, environ: Mapping[str, str] | None = None) -> Any:
    """A psycopg2 connection to HQ as the branch's role (password: env or OS keyring).

    The URL gives host, port and database; its user name is ignored for the branch's role.

    Raises:
        ValueError: not a postgresql:// URL (nothing touched).
        HqUsageError: not a branch code.
        HqUnavailable: HQ unreachable or the login refused (the password not in the message).
    """
    password = hq_password(branch_role(branch_code), environ)
    return connect_as_branch(url, branch_code, password, options="-c statement_timeout=60000")


def pull_reference(
    journal: peewee.SqliteDatabase,
    url: str,
    branch_code: str,
    clock: Clock,
    *,
    known_types: Collection[str] | None = None,
    catalogue: Catalogue | None = None,
    data_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> PullReport:
    """Pull HQ's reference data newer than the journal's applied release, validate, apply.

    Args:
        journal: the open journal.
        url: HQ's ``postgresql://…/DB`` (the ``[hq] url``).
        branch_code: this branch (``[branch] code``): the role connected as.
        clock: when the items were pulled.
        known_types: the terminal's business types (its catalogue), for checking procedures.
        catalogue: the shipped catalogue (``resources/business_types.toml``); given, the
            release's business types are checked over it and the journal's earlier ones as
            the terminal's next start will overlay them (see :func:`check_catalogue`), and
            its codes count as ``known_types``.
        data_dir: where staff photos are stored (``photos/``); None keeps no photos.
        environ: where to look for ``COUNTERDESK_HQ_PASSWORD`` (default: the process's).

    Returns:
        What happened; ``report.refused`` with every problem when the release was invalid
        (nothing changed then).

    Raises:
        ValueError, HqUsageError: a bad URL or branch code (nothing touched).
        HqSchemaMismatch: HQ's schema is missing, older or newer than this program's (nothing
            changed).
        HqUnavailable: HQ unreachable or the login refused (nothing changed).
        psycopg2.Error: the connection broke during the read (nothing changed).
    """
    import psycopg2.extensions

    before = applied_version(journal)
    conn = connect_branch(url, branch_code, environ)
    try:
        conn.set_session(
            isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True
        )
        with conn, conn.cursor() as cur:
            have = hq_schema_version(cur)
            if have != HQ_SCHEMA_VERSION:
                raise HqSchemaMismatch(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "head office's database has schema {have}, this program needs {known}; "
                        "reference data not pulled",
                    ),
                    have=have,
                    known=HQ_SCHEMA_VERSION,
                )
            release = read_release(cur, before)
    finally:
        conn.close()
    if release.version <= before:
        return PullReport(before, before, release.version, {})
    if catalogue is not None and known_types is None:
        known_types = catalogue.codes
    if known_types is not None:
        known_types = set(known_types) | {
            item.key
            for item in cached_items(journal, KIND_BUSINESS_TYPE)
            if not item.payload.get("retired")
        }
    items, problems = validate_release(release, known_types)
    if catalogue is not None and not problems:
        problems = check_catalogue(journal, catalogue, release)
    counts = release.counts()
    if problems:
        return PullReport(before, before, release.version, counts, tuple(problems))
    items = _older_levels(journal, items)
    staff = _store_photos(release.staff, data_dir)
    departed = _departed(journal, release)
    applied = apply_release(journal, clock, release.version, items, staff, departed)
    now = applied_version(journal)
    return PullReport(before, now, release.version, counts if applied else {})


def pull_teller_months(
    journal: peewee.SqliteDatabase,
    url: str,
    branch_code: str,
    clock: Clock,
    catalogue: Catalogue,
    *,
    zone: Any = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Fetch the branch's tellers' month-to-date rating figures from HQ into the journal.

    What a teller may see of their own month (``docs/stars.md``): head office aggregates the
    month so far (one statement, as the branch's role), the journal keeps it as of this sync
    and drops every figure below 10 ratings. Returns how many tellers were stored.
    """
    from counterdesk.sync.hq_stars import machine_zone, month_to_date

    zone = zone or machine_zone()
    now = clock.now().astimezone(zone)
    conn = connect_branch(url, branch_code, environ)
    try:
        # Not read-only: the month's days this sync's push marked stale get their facts
        # computed here, as the branch's role, so the morning's reports find them ready.
        conn.set_session(autocommit=True)
        figures = month_to_date(conn, branch_code, now.date(), zone, catalogue)
    finally:
        conn.close()
    store_teller_months(journal, clock, f"{now:%Y-%m}", now.isoformat(timespec="minutes"),
                        figures)  # fmt: skip
    return len(figures)
