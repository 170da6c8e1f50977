"""Where the manager's Stars page reads a month's star levels: head office, as the CLI does.

Head office computes the levels (:func:`counterdesk.sync.hq_stars.grade_month`) from every
counter's figures by the star policy in force there (the newest published, else the shipped
``resources/stars/counter-staff.toml``), with the adjustments stored at HQ applied; this reads
them as the branch's own role, read-only, as ``counterdesk report stars --month`` does without
``--admin`` (the branch's role reads ``hq.star_policy``; the page names the policy used).
Without ``[hq] url`` there are no levels to read: :func:`stars_reader` gives None and the page
says so. The tellers' names come from this PC's staff directory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError

if TYPE_CHECKING:
    from counterdesk.app.station import Station
    from counterdesk.sync.hq_stars import MonthLevels

log = logging.getLogger(__name__)

#: ``month ("YYYY-MM") -> MonthLevels``, called on the worker.
StarsReader = Callable[[str], "MonthLevels"]


class StarsUnavailable(DomainError):
    """Head office broke off computing the levels (translated message)."""


def read_month_levels(station: Station, month: str) -> MonthLevels:
    """The branch's star levels of ``month`` computed by head office (read-only connection).

    Raises:
        HqPasswordMissing: no password for the branch's role.
        HqUnavailable: head office refused or cannot be reached.
        StarsUnavailable: head office broke off the query.
        DomainError: head office's schema is not this program's.
    """
    import psycopg2
    import psycopg2.errors

    from counterdesk.app.paths import resource
    from counterdesk.core.stars import load_policy
    from counterdesk.sync.hq import branch_role, hq_password
    from counterdesk.sync.hq_stars import check_schema, grade_month, machine_zone, policy_in_force
    from counterdesk.sync.push import HqUnavailable, connect_branch, password_missing

    config = station.config
    try:
        role = branch_role(config.branch_code)
        password = hq_password(role)
        if password is None:
            raise password_missing(role)
        conn = connect_branch(config.hq_url, config.branch_code, password)
    except (psycopg2.Error, ValueError) as exc:
        raise HqUnavailable(
            QT_TRANSLATE_NOOP("domain", "head office cannot be reached: {reason}"),
            reason=" ".join(str(exc).split()),
        ) from exc
    try:
        # Not read-only: the period's stale days get their KPI facts computed first
        # (HQ schema 6, sync/hq_facts.py); the raw rows are only read.
        conn.set_session(autocommit=True)
        with conn.cursor() as cur:
            check_schema(cur)
            policy = policy_in_force(cur)
        policy = policy or load_policy(resource("stars/counter-staff.toml"))
        return grade_month(
            conn, month, config.branch_code, machine_zone(), station.catalogue, policy
        )
    except psycopg2.Error as exc:
        raise StarsUnavailable(
            QT_TRANSLATE_NOOP("domain", "head office could not compute the star levels: {reason}"),
            reason=" ".join(str(exc).split()),
        ) from exc
    finally:
        conn.close()


def stars_reader(station: Station) -> StarsReader | None:
    """The Stars page's reader, or None when no head office is configured (``[hq] url``)."""
    if not station.config.hq_url:
        return None
    return lambda month: read_month_levels(station, month)


def staff_names(station: Station) -> Callable[[], Mapping[str, str]]:
    """The names of this PC's staff directory by staff number (read on the worker)."""
    from counterdesk.storage.staff import StaffDirectory

    staff = StaffDirectory(station.journal, station.clock)

    def names() -> dict[str, str]:
        return {member.staff_no: member.name for member in staff.all()}

    return names
