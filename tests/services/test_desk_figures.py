"""The teller's figures of the day: right, and read by index however old the journal is."""

from __future__ import annotations

import sqlite3
from typing import cast

from desk_helpers import SUPERVISOR, serve_deposit

from counterdesk.core.clock import FixedClock
from counterdesk.services.desk import CounterDesk


def finish_deposit(desk: CounterDesk, clock: FixedClock) -> None:
    serve_deposit(desk, clock)
    clock.advance(25)
    desk.authorise_step("supervisor", None, *SUPERVISOR)
    desk.check_step("signature")
    desk.check_step("return_documents")
    clock.advance(10)
    desk.finish()
    desk.rate(4)


def test_the_days_figures_never_scan_the_service_table(
    desk: CounterDesk, clock: FixedClock
) -> None:
    finish_deposit(desk, clock)
    finish_deposit(desk, clock)

    conn = cast(sqlite3.Connection, desk.uow.db.connection())  # type: ignore[no-untyped-call]
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        clock.advance(24 * 3600)  # a new day: yesterday's services are not today's figures
        finish_deposit(desk, clock)  # every action answers with the state, figures included
        state = desk.state()
    finally:
        conn.set_trace_callback(None)

    assert state.today.served == 1
    assert state.today.average_service_seconds == 45 + 30 + 90 + 25 + 10
    reads = [
        s
        for s in statements
        if s.lstrip().upper().startswith("SELECT") and ("service" in s or "sync_event" in s)
    ]
    assert reads, statements
    for statement in reads:
        # A full scan shows as "SCAN <table or alias>" (also "SCAN ... USING INDEX": the whole
        # index); a read by index is a "SEARCH".
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
        assert not any(step.startswith("SCAN ") for step in plan), (statement, plan)
