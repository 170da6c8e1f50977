"""Monthly star levels at head office: the policy, the tellers' figures, adjustments, publishing.

Everything here runs against HQ (schema 5, ``docs/stars.md``):

* ``hq.star_policy``: every star policy text published, by ``(policy, version)``; a version
  names one text for good, and a version older than the newest of its policy is refused.
* the figures of a month: :func:`teller_months` asks :class:`~counterdesk.sync.hq_kpi.HqKpis`
  for each KPI grouped by teller (one aggregating statement each; no month of rows travels),
  and :func:`grade_month` turns them into levels by the policy
  (:func:`counterdesk.core.star_figures.month_figures`, :func:`counterdesk.core.stars.grade`).
* ``hq.star_adjustment``: a manager's level in place of the computed one, append-only (a
  trigger refuses UPDATE, DELETE and TRUNCATE, the owner included): who, when, the OS user and
  the database user, the reason, the computed and the set level. The newest row of a teller's
  month is the one in force.
* ``hq.star_level``: the published levels, one row per teller and month, each publication a
  new reference release, so that terminals pull them with the rest of the reference data
  (:mod:`counterdesk.sync.pull`) and show them on the customer screen.

Writes run as the schema's owner (``SET LOCAL ROLE``), as ``hq publish`` does.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, tzinfo
from typing import Any

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.kpis import By, Durations
from counterdesk.core.star_figures import TellerMonth, month_figures
from counterdesk.core.stars import Grade, StarPolicy, adjust, grade, parse_policy
from counterdesk.sync.hq import hq_schema_version
from counterdesk.sync.hq_kpi import HqKpis, Scope
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class StarsRefused(DomainError):
    """A star policy or a level was refused at head office (nothing written)."""


def month_days(month: str) -> tuple[date, date]:
    """The first and last business day of ``YYYY-MM``.

    Raises:
        ValueError: not a month such as 2026-11.
    """
    found = _MONTH.match(month)
    if found is None:
        raise ValueError(f"{month!r} is not a month such as 2026-11")
    year, number = int(found[1]), int(found[2])
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def machine_zone() -> tzinfo:
    """The machine's time zone as a ``ZoneInfo`` (``TZ``, else /etc/localtime's link), else UTC."""
    import os
    from datetime import UTC
    from pathlib import Path
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = str(Path("/etc/localtime").resolve())
        except OSError:
            target = ""
        name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def month_to_date(
    conn: Any, branch: str, today: date, zone: tzinfo, catalogue: Catalogue
) -> list[tuple[str, int, float | None, int]]:
    """Each teller's ratings of ``today``'s month so far at ``branch``: one aggregating statement.

    Returns ``(staff_no, rated, mean 0-100, satisfied)`` per teller with a finished service.
    """
    report = HqKpis(conn, Scope(today.replace(day=1), today, branch, zone), catalogue)
    return [
        (key[0], mood.rated, mood.mean_score, mood.satisfied)
        for key, mood in report.satisfaction(by=(By.TELLER,)).items()
        if key[0]
    ]


def check_schema(cur: Any) -> None:
    """Refuse a database whose HQ schema is not this program's."""
    have = hq_schema_version(cur)
    if have != HQ_SCHEMA_VERSION:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain",
                "the HQ database has schema {have}, not {known}; run counterdesk hq init first",
            ),
            have=have,
            known=HQ_SCHEMA_VERSION,
        )


def _as_owner(cur: Any) -> None:
    from psycopg2 import sql

    cur.execute("SELECT value FROM hq.hq_setting WHERE key = 'owner'")
    cur.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(cur.fetchone()[0])))


# -- the policy ------------------------------------------------------------------------------


def publish_policy(conn: Any, policy: StarPolicy, text: str) -> bool:
    """Store a validated policy's text at HQ; False when that version is there already.

    Raises:
        StarsRefused: the version is published with another text, or is older than the
            newest version of the policy (nothing written).
    """
    with conn, conn.cursor() as cur:
        check_schema(cur)
        _as_owner(cur)
        cur.execute("LOCK TABLE hq.star_policy IN EXCLUSIVE MODE")
        cur.execute(
            "SELECT source FROM hq.star_policy WHERE policy = %s AND version = %s",
            (policy.policy, policy.version),
        )
        stored = cur.fetchone()
        if stored is not None:
            if stored[0] == text:
                return False
            raise StarsRefused(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "star policy {policy} version {version} is already published with another "
                    "text; raise its version",
                ),
                policy=policy.policy,
                version=policy.version,
            )
        cur.execute("SELECT max(version) FROM hq.star_policy WHERE policy = %s", (policy.policy,))
        newest = cur.fetchone()[0]
        if newest is not None and policy.version < newest:
            raise StarsRefused(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "star policy {policy} has version {newest} at head office; version "
                    "{version} is older",
                ),
                policy=policy.policy,
                version=policy.version,
                newest=newest,
            )
        cur.execute(
            "INSERT INTO hq.star_policy (policy, version, source) VALUES (%s, %s, %s)",
            (policy.policy, policy.version, text),
        )
    return True


def policy_in_force(cur: Any) -> StarPolicy | None:
    """The newest version of the policy published last at HQ, or None when none is."""
    cur.execute(
        "SELECT source, policy, version FROM hq.star_policy "
        "WHERE policy = (SELECT policy FROM hq.star_policy ORDER BY published_at DESC, "
        "version DESC LIMIT 1) ORDER BY version DESC LIMIT 1"
    )
    row = cur.fetchone()
    if row is None:
        return None
    return parse_policy(row[0], f"hq.star_policy {row[1]} version {row[2]}")


# -- the figures -----------------------------------------------------------------------------


def teller_months(report: HqKpis, catalogue: Catalogue) -> dict[str, TellerMonth]:
    """Every teller's KPIs over the report's period, by the report's public figures.

    Each figure is one aggregating statement grouped by teller (and business type where the
    measure needs it); tickets no teller served (``''``) are left out.
    """
    teller, by_type = (By.TELLER,), (By.TELLER, By.BUSINESS_TYPE)
    served: dict[str, dict[str, int]] = {}
    for (who, code), count in report.served(by=by_type).items():
        served.setdefault(who, {})[code] = count
    times: dict[str, dict[str, Durations]] = {}
    for (who, code), durations in report.service_times(by=by_type).items():
        times.setdefault(who, {})[code] = durations
    level = report.service_level(catalogue.targets(), by=teller)
    mood = report.satisfaction(by=teller)
    sop = report.sop_compliance(by=teller)
    transfers = report.transfers(by=teller)
    spent = report.teller_time(by=teller)
    names = (
        set(served)
        | set(times)
        | {key[0] for figures in (level, mood, sop, transfers, spent) for key in figures}
    )
    found: dict[str, TellerMonth] = {}
    for who in sorted(names - {""}):
        key = (who,)
        base = TellerMonth()
        found[who] = TellerMonth(
            served=served.get(who, {}),
            service_level=level.get(key, base.service_level),
            service_times=times.get(who, {}),
            satisfaction=mood.get(key, base.satisfaction),
            compliance=sop.get(key, base.compliance),
            transfers=transfers.get(key, 0),
            time=spent.get(key, base.time),
        )
    return found


def tellers_in_directory(cur: Any, branch: str | None) -> dict[str, str | None]:
    """Active tellers of HQ's staff directory (of ``branch`` and of every branch): their branch."""
    cur.execute(
        "SELECT staff_no, branch_code FROM hq.ref_staff WHERE active AND role = 'teller' "
        "AND (%(branch)s::text IS NULL OR branch_code IS NULL OR branch_code = %(branch)s)",
        {"branch": branch},
    )
    return {str(r[0]): r[1] for r in cur.fetchall()}


@dataclass(frozen=True)
class MonthLevels:
    """The levels of a month, with what they were computed from.

    Attributes:
        month: ``YYYY-MM``.
        policy: the policy used.
        grades: one per teller, by staff number, adjustments applied.
        branches: the branch each level is published for (None: every branch).
        adjustments: the adjustment row in force per adjusted teller.
    """

    month: str
    policy: StarPolicy
    grades: tuple[Grade, ...]
    branches: Mapping[str, str | None]
    adjustments: Mapping[str, int]


def grade_month(
    conn: Any,
    month: str,
    branch: str | None,
    zone: tzinfo,
    catalogue: Catalogue,
    policy: StarPolicy,
) -> MonthLevels:
    """Every teller's level of ``month`` (of one branch, or of every branch the role sees).

    The tellers are those with any figure in the month and the active tellers of HQ's staff
    directory (a teller who served nobody gets "no level" and the reason). Adjustments stored
    at HQ are applied (the newest per teller).
    """
    first, last = month_days(month)
    report = HqKpis(conn, Scope(first, last, branch, zone), catalogue)
    months = teller_months(report, catalogue)
    with conn.cursor() as cur:
        directory = tellers_in_directory(cur, branch)
    where = _branches_of(report, months, directory, branch)
    norms = {t.code: t.service_seconds for t in catalogue}
    grades: dict[str, Grade] = {}
    for who in sorted(set(months) | set(directory)):
        figures = month_figures(months.get(who, TellerMonth()), norms)
        grades[who] = grade(policy, who, month, figures)
    adjustments: dict[str, int] = {}
    with conn.cursor() as cur:
        cur.execute(
            "SELECT DISTINCT ON (staff_no) staff_no, id, stars, reason, adjusted_by "
            "FROM hq.star_adjustment WHERE month = %s ORDER BY staff_no, id DESC",
            (month,),
        )
        for staff_no, row_id, stars, reason, by in cur.fetchall():
            if staff_no in grades:
                grades[staff_no] = replace(
                    grades[staff_no], adjusted=int(stars), reason=reason, adjusted_by=by
                )
                adjustments[staff_no] = int(row_id)
    return MonthLevels(month, policy, tuple(grades.values()), where, adjustments)


def _branches_of(
    report: HqKpis,
    months: Mapping[str, TellerMonth],
    directory: Mapping[str, str | None],
    branch: str | None,
) -> dict[str, str | None]:
    """The branch whose terminals show each level: the directory's, else where they served most."""
    where: dict[str, str | None] = dict(directory)
    missing = [who for who in months if who not in where]
    if branch is not None:
        where.update(dict.fromkeys(missing, branch))
    elif missing:
        most: dict[str, tuple[int, str]] = {}
        for (who, code), count in report.served(by=(By.TELLER, By.BRANCH)).items():
            if who in months and (who not in most or (count, code) > most[who]):
                most[who] = (count, code)
        where.update({who: most[who][1] if who in most else None for who in missing})
    return where


# -- adjusting and publishing ----------------------------------------------------------------


def explanation(level: Grade) -> dict[str, Any]:
    """A level with the explanation of every point, as JSON."""
    return {
        "teller": level.teller,
        "month": level.month,
        "policy": level.policy,
        "policy_version": level.policy_version,
        "served": level.served,
        "score": level.score,
        "computed_stars": level.stars,
        "no_level": level.no_level,
        "stars": level.level,
        "adjusted": level.adjusted,
        "reason": level.reason or None,
        "adjusted_by": level.adjusted_by or None,
        "lines": [
            {
                "dimension": line.dimension,
                "measure": line.measure,
                "value": line.value,
                "points": line.points,
                "share": line.share,
                "contribution": line.contribution,
            }
            for line in level.lines
        ],
    }


def store_adjustment(
    conn: Any,
    levels: MonthLevels,
    staff_no: str,
    stars: int,
    reason: str,
    by: str,
    os_user: str,
) -> tuple[Grade, int]:
    """A manager's level for one teller's month, checked by :func:`core.stars.adjust`, audited.

    Returns:
        the adjusted level and the id of its ``hq.star_adjustment`` row.

    Raises:
        AdjustmentError: refused by the adjustment rules (nothing written).
        StarsRefused: no such teller in the month.
    """
    found = {g.teller: g for g in levels.grades}
    if staff_no not in found:
        raise StarsRefused(
            QT_TRANSLATE_NOOP("domain", "{staff} is not a teller of {month}"),
            staff=staff_no,
            month=levels.month,
        )
    computed = replace(found[staff_no], adjusted=None, reason="", adjusted_by="")
    adjusted = adjust(computed, stars, reason, by)
    from psycopg2.extras import Json

    with conn, conn.cursor() as cur:
        check_schema(cur)
        _as_owner(cur)
        cur.execute(
            "INSERT INTO hq.star_adjustment (month, staff_no, branch_code, stars, "
            "computed_stars, computed_score, policy, policy_version, reason, adjusted_by, "
            "os_user, explanation) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "RETURNING id",
            (
                levels.month,
                staff_no,
                levels.branches.get(staff_no),
                stars,
                computed.stars,
                computed.score,
                computed.policy,
                computed.policy_version,
                adjusted.reason,
                adjusted.adjusted_by,
                os_user,
                Json(explanation(computed)),
            ),
        )
        row_id = int(cur.fetchone()[0])
    return adjusted, row_id


def publish_levels(conn: Any, levels: MonthLevels, note: str = "") -> tuple[int, int]:
    """Write the month's levels (adjusted where adjusted) as a new reference release.

    Every teller of ``levels`` gets a row; "no level" is published too (stars NULL), so a
    terminal stops showing last month's stars. Returns ``(release, rows written)``.
    """
    from psycopg2.extras import Json

    with conn, conn.cursor() as cur:
        check_schema(cur)
        _as_owner(cur)
        cur.execute("LOCK TABLE hq.ref_release IN EXCLUSIVE MODE")
        cur.execute(
            "INSERT INTO hq.ref_release (note) VALUES (%s) RETURNING version",
            (note or f"star levels {levels.month}",),
        )
        version = int(cur.fetchone()[0])
        written = 0
        for level in levels.grades:
            cur.execute(
                "INSERT INTO hq.star_level AS l (month, staff_no, branch_code, stars, "
                "computed_stars, score, adjustment_id, policy, policy_version, explanation, "
                "ref_version) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (month, staff_no) DO UPDATE SET branch_code = excluded.branch_code, "
                "stars = excluded.stars, computed_stars = excluded.computed_stars, "
                "score = excluded.score, adjustment_id = excluded.adjustment_id, "
                "policy = excluded.policy, policy_version = excluded.policy_version, "
                "explanation = excluded.explanation, ref_version = excluded.ref_version, "
                "published_at = now()",
                (
                    levels.month,
                    level.teller,
                    levels.branches.get(level.teller),
                    level.level,
                    level.stars,
                    level.score,
                    levels.adjustments.get(level.teller),
                    level.policy,
                    level.policy_version,
                    Json(explanation(level)),
                    version,
                ),
            )
            written += cur.rowcount
    return version, written


def levels_json(levels: MonthLevels) -> list[Any]:
    """Every level of a month with its explanation (``report stars --json``)."""
    return [
        {
            **explanation(g),
            "branch": levels.branches.get(g.teller),
            # The reason filled in (``no_level`` is the translatable template).
            "no_level_reason": None
            if g.no_level is None
            else g.no_level.format(served=g.served, minimum=levels.policy.min_served),
        }
        for g in levels.grades
    ]
