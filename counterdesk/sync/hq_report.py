"""A period report's connection to head office: opened on the worker, cancellable from the GUI.

:class:`HqReportConnection` connects as the branch's role (or, for head office's staff, as the
URL's own user), read-only, and hands out an :class:`~counterdesk.sync.hq_kpi.HqKpis`. Its
:meth:`~HqReportConnection.cancel` may be called from any thread: it asks the server to stop
the running statement (libpq's cancel request), so a month's report stops within moments.
Driver errors become :class:`HqReportUnavailable` (a translatable message without the
password) or, after a cancel, :class:`ReportCancelled`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.queue.postgres import PgAddress
from counterdesk.sync.hq import branch_connection, branch_role, connect_admin, hq_password
from counterdesk.sync.hq_kpi import HqKpis, Scope

T = TypeVar("T")

#: A report's statements give up after this long on the server (a month of five branches
#: takes well under a second; a stuck server should not hold the worker for ever).
REPORT_STATEMENT_TIMEOUT_MS = 120_000


class ReportCancelled(Exception):
    """The person asked to stop the report; nothing of it is shown."""


class HqReportUnavailable(DomainError):
    """Head office cannot be reached, refused the login, or failed during the report."""


class HqReportConnection:
    """Head office's KPIs of one period, over one read-only connection.

    Args:
        url: ``[hq] url`` of the config.
        branch_code: this branch (its role is connected as, unless ``admin``).
        catalogue: the business types.
        admin: connect as the URL's own user (head office's reporting role).
        password: the branch role's password (None: ``hq_password``, then the server's rule).
    """

    kind = "hq"

    def __init__(
        self,
        url: str,
        branch_code: str,
        catalogue: Catalogue,
        *,
        admin: bool = False,
        password: str | None = None,
    ) -> None:
        self.url = url
        self.branch_code = branch_code
        self.catalogue = catalogue
        self.admin = admin
        self.password = password
        self._conn: Any = None
        self._lock = threading.Lock()
        self._cancelled = False

    def open(self, scope: Scope) -> HqKpis:
        """Connect (on the worker) and return the period's KPIs.

        Raises:
            HqReportUnavailable: head office cannot be reached or refused the login.
            ReportCancelled: cancelled while connecting.
        """
        import psycopg2

        options = f"-c statement_timeout={REPORT_STATEMENT_TIMEOUT_MS}"
        password = self.password
        try:
            if self.admin:
                conn = connect_admin(self.url)
            else:
                if password is None:
                    password = hq_password(branch_role(self.branch_code))
                conn = branch_connection(self.url, self.branch_code, password, options=options)
            # Not read-only: the period's stale days get their KPI facts computed first
            # (HQ schema 6, sync/hq_facts.py); the raw rows are only read.
            conn.set_session(autocommit=True)
        except psycopg2.Error as exc:
            raise self._unavailable(exc, password) from exc
        with self._lock:
            self._conn = conn
            cancelled = self._cancelled
        if cancelled:
            self.close()
            raise ReportCancelled()
        return HqKpis(conn, scope, self.catalogue)

    def run(self, figure: Callable[[], T]) -> T:
        """Run one figure's statements; driver errors become this module's errors."""
        import psycopg2

        try:
            return figure()
        except psycopg2.errors.QueryCanceled as exc:
            if self._cancelled:
                raise ReportCancelled() from exc
            raise self._unavailable(exc, self.password) from exc
        except psycopg2.Error as exc:
            if self._cancelled:
                raise ReportCancelled() from exc
            raise self._unavailable(exc, self.password) from exc

    def cancel(self) -> None:
        """Stop the running statement (any thread); the report then ends as cancelled."""
        with self._lock:
            self._cancelled = True
            conn = self._conn
        if conn is not None and not conn.closed:
            # A cancel that cannot reach the server changes nothing: the statement ends anyway.
            with contextlib.suppress(Exception):
                conn.cancel()

    def close(self) -> None:
        """Close the connection (on the worker, after the report)."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _unavailable(self, exc: Exception, password: str | None) -> HqReportUnavailable:
        reason = " ".join(str(exc).split())
        if password:
            reason = reason.replace(password, "***")
        try:
            address = PgAddress.parse(self.url).safe()
        except ValueError:
            address = "?"
        return HqReportUnavailable(
            QT_TRANSLATE_NOOP("domain", "head office ({address}) cannot give the report: {reason}"),
            address=address,
            reason=reason.rstrip("."),
        )
