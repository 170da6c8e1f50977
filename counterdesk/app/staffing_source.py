"""Where the staffing plan reads its history: head office when configured, else this PC.

Head office holds every counter's journal and the closed days of the queue, for as long as it
keeps them (:func:`counterdesk.sync.hq_staffing.read_hq_history`, as the branch's own role, or
with ``admin`` as the URL's user). Without head office, this PC's queue and journal are read
(:func:`counterdesk.services.staffing_history.read_local_history`): on a one-PC branch that is
everything; on a branch with a queue server, the queue's tickets and this PC's own services.
Used by ``counterdesk report staffing --from --to`` and the manager's Staffing page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from counterdesk.app.config import Config
from counterdesk.core.business import Catalogue
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.staffing_plan import History
from counterdesk.services.staffing_history import Source

if TYPE_CHECKING:
    from datetime import tzinfo

    from counterdesk.app.station import Station
    from counterdesk.queue.sql import SqlQueue


class HistoryUnavailable(DomainError):
    """Head office could not be asked for the history (translated message)."""


def machine_zone() -> tzinfo:
    """The machine's time zone by its IANA name (the branch's), else UTC."""
    from counterdesk.app.cli_report import _machine_zone

    try:
        return ZoneInfo(_machine_zone())
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def read_from_head_office(
    config: Config,
    catalogue: Catalogue,
    *,
    branch: str,
    first: date,
    last: date,
    zone: tzinfo,
    admin: bool = False,
) -> History:
    """The branch's history summed by head office (read-only connection).

    Raises:
        HqPasswordMissing: no password for the branch's role (not ``admin``).
        HqUnavailable: head office refused or cannot be reached.
        HistoryUnavailable: head office broke off the query.
    """
    import psycopg2

    from counterdesk.sync.hq import branch_role, connect_admin, hq_password
    from counterdesk.sync.hq_staffing import read_hq_history
    from counterdesk.sync.push import HqUnavailable, connect_branch, password_missing

    try:
        if admin:
            conn = connect_admin(config.hq_url)
        else:
            role = branch_role(config.branch_code)
            password = hq_password(role)
            if password is None:
                raise password_missing(role)
            conn = connect_branch(config.hq_url, config.branch_code, password)
    except psycopg2.Error as exc:
        raise HqUnavailable(
            QT_TRANSLATE_NOOP("domain", "head office cannot be reached: {reason}"),
            reason=" ".join(str(exc).split()),
        ) from exc
    try:
        conn.set_session(readonly=True, autocommit=True)
        return read_hq_history(
            conn, branch=branch, first=first, last=last, zone=zone, catalogue=catalogue
        )
    except psycopg2.Error as exc:
        raise HistoryUnavailable(
            QT_TRANSLATE_NOOP("domain", "head office could not read the history: {reason}"),
            reason=" ".join(str(exc).split()),
        ) from exc
    finally:
        conn.close()


def read_here(
    queue: SqlQueue, station: Station, *, branch: str, first: date, last: date, zone: tzinfo
) -> History:
    """The branch's history as this PC's queue and journal hold it."""
    from counterdesk.services.staffing_history import read_local_history
    from counterdesk.storage.counter_journal import CounterJournal
    from counterdesk.storage.unit_of_work import UnitOfWork

    journal = CounterJournal(UnitOfWork(station.journal, station.clock))
    return read_local_history(queue, [journal], branch=branch, first=first, last=last, zone=zone)


HistoryReader = Callable[[date, date], tuple[Source, History]]


def history_reader(station: Station, queue: SqlQueue, zone: tzinfo | None = None) -> HistoryReader:
    """The manager window's reader: ``(first, last) -> (source, history)``, run on the worker.

    Head office when ``[hq] url`` is set, else this PC's queue and journal.
    """
    config = station.config
    branch_zone = zone or machine_zone()

    def read(first: date, last: date) -> tuple[Source, History]:
        if config.hq_url:
            history = read_from_head_office(
                config, station.catalogue, branch=config.branch_code, first=first, last=last,
                zone=branch_zone,
            )  # fmt: skip
            return Source.HEAD_OFFICE, history
        history = read_here(
            queue, station, branch=config.branch_code, first=first, last=last, zone=branch_zone
        )
        return Source.THIS_PC, history

    return read
