"""HQ schema version 6: the KPI facts of each branch's business day, and what marks them stale.

A report of a month of every branch used to join and sort the month's raw rows (1.7 million
ticket events, 3 million step records for 50 branches) every time it ran. A business day's
figures change only when rows of that day reach HQ, so each (branch, day) keeps its facts, one
narrow row per ticket, marked event, finished service and teller-time slice, computed by the
same SQL that computed the figures from raw rows (:mod:`counterdesk.sync.hq_facts`):

* ``kpi_ticket``: per ticket its type, first counter, first teller, wait to the first call,
  the seconds to its end if never called, and whether it walked away;
* ``kpi_event``: per recall, transfer and hold, where and when;
* ``kpi_service``: per finished service (and per finished ticket no service covers) whether it
  ends a visit and is the ticket's served one, service and handle times, the rating, the
  mandatory steps left open, the override;
* ``kpi_reason`` and ``kpi_open_step``: per reason of a rated service, per mandatory step a
  finished service left open, where and when (their rankings read these narrow rows);
* ``kpi_teller``: per session, day, local hour and state (serving, idle, paused by reason) the
  seconds, cut in the zone the facts were computed in (``kpi_day.zone``).

Statement-level triggers on the raw tables (every writer: the push, a tombstone, an
administrator) append the (branch, day) pairs a statement touched to ``kpi_stale``; whoever
reads the facts first recomputes the stale days it needs, and a sync's month-to-date does it
for its branch every night. The upgrade marks every day HQ already holds.
"""

from __future__ import annotations

#: The facts tables, each with row-level security on ``branch_code``.
FACT_TABLES = (
    "kpi_ticket",
    "kpi_event",
    "kpi_service",
    "kpi_reason",
    "kpi_open_step",
    "kpi_teller",
    "kpi_day",
    "kpi_stale",
)
#: The tables holding a day's facts (replaced together).
DAY_FACTS = ("kpi_ticket", "kpi_event", "kpi_service", "kpi_reason", "kpi_open_step", "kpi_teller")

_MINE = "branch_code = (SELECT hq.hq_branch_of(current_user))"

#: How many days a session or pause may mark (one left open for weeks marks its first days).
_SPAN_DAYS = 62


def _policies(table: str) -> tuple[str, ...]:
    return (
        f"ALTER TABLE hq.{table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE hq.{table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY owner_all ON hq.{table} TO {{owner}} USING (true) WITH CHECK (true)",
        f"CREATE POLICY branch_all ON hq.{table} TO {{branches}} USING ({_MINE}) "
        f"WITH CHECK ({_MINE})",
    )


def _local_days(start: str, end: str) -> str:
    """The days a session or pause from ``start`` to ``end`` (None: open) may count on."""
    return f"hq.hq_kpi_days(c.branch_code, {start}, {end})"


#: Per raw table, the (branch, day) pairs its changed rows ``c`` touch.
_TOUCHED = {
    "ticket": "SELECT DISTINCT c.branch_code, c.day FROM changed c",
    "ticket_event": (
        "SELECT DISTINCT t.branch_code, t.day FROM changed c JOIN hq.ticket t "
        "ON t.branch_code = c.branch_code AND t.id = c.ticket_id"
    ),
    "service": (
        "SELECT DISTINCT t.branch_code, t.day FROM changed c JOIN hq.ticket t "
        "ON t.branch_code = c.branch_code AND t.id = c.ticket_id"
    ),
    "step_record": (
        "SELECT DISTINCT t.branch_code, t.day FROM changed c JOIN hq.service s "
        "ON s.uuid = c.service_id AND s.branch_code = c.branch_code JOIN hq.ticket t "
        "ON t.branch_code = s.branch_code AND t.id = s.ticket_id"
    ),
    "rating": (
        "SELECT DISTINCT t.branch_code, t.day FROM changed c JOIN hq.service s "
        "ON s.uuid = c.service_id AND s.branch_code = c.branch_code JOIN hq.ticket t "
        "ON t.branch_code = s.branch_code AND t.id = s.ticket_id"
    ),
    "staff_session": (
        "SELECT DISTINCT c.branch_code, d::date FROM changed c CROSS JOIN LATERAL "
        f"{_local_days('c.signed_in_at', 'c.signed_out_at')} AS d"
    ),
    "pause": (
        "SELECT DISTINCT c.branch_code, d FROM changed c JOIN hq.staff_session ss "
        "ON ss.uuid = c.session_id AND ss.branch_code = c.branch_code CROSS JOIN LATERAL "
        f"{_local_days('c.started_at', 'c.ended_at')} AS d"
    ),
}


def _marking(table: str) -> tuple[str, ...]:
    # One function per table: a plan cached for one table's transition rows is never reused
    # for another's. SECURITY DEFINER: the pushing branch role may not write kpi_stale.
    function = f"hq.hq_kpi_mark_{table}"
    return (
        f"""CREATE FUNCTION {function}() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        INSERT INTO hq.kpi_stale (branch_code, day) {_TOUCHED[table]};
        RETURN NULL;
    END $$""",
        f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC",
        # A transition table serves one event per trigger: one for INSERT (and COPY, and the
        # inserting half of an upsert), one for UPDATE (an upsert's other half, tombstones).
        f"CREATE TRIGGER kpi_mark_insert AFTER INSERT ON hq.{table} "
        f"REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER kpi_mark_update AFTER UPDATE ON hq.{table} "
        f"REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    )


#: Version 6: the KPI facts (see the module's docstring; a shipped version never changes).
V6: tuple[str, ...] = (
    """CREATE TABLE hq.kpi_ticket (
        branch_code text NOT NULL,
        day date NOT NULL,
        id text NOT NULL,
        btype text NOT NULL,
        counter text,
        teller text NOT NULL,
        at timestamptz NOT NULL,
        wait double precision,
        ended_wait double precision,
        walked boolean NOT NULL)""",
    "CREATE INDEX kpi_ticket_day ON hq.kpi_ticket (day, branch_code)",
    "CREATE INDEX kpi_ticket_branch ON hq.kpi_ticket (branch_code, day)",
    """CREATE TABLE hq.kpi_event (
        branch_code text NOT NULL,
        day date NOT NULL,
        action text NOT NULL,
        counter text,
        teller text NOT NULL,
        btype text NOT NULL,
        at timestamptz NOT NULL)""",
    "CREATE INDEX kpi_event_day ON hq.kpi_event (day, branch_code)",
    "CREATE INDEX kpi_event_branch ON hq.kpi_event (branch_code, day)",
    """CREATE TABLE hq.kpi_service (
        branch_code text NOT NULL,
        day date NOT NULL,
        service uuid,
        counter text,
        teller text NOT NULL,
        btype text NOT NULL,
        at timestamptz NOT NULL,
        finished boolean NOT NULL,
        visit boolean NOT NULL,
        served boolean NOT NULL,
        service_s double precision,
        handle_s double precision,
        rated boolean NOT NULL,
        score double precision,
        satisfied boolean NOT NULL,
        complete boolean NOT NULL,
        open_steps text[],
        called_at timestamptz,
        ticket_label text,
        override_by text,
        finish_reason text)""",
    "CREATE INDEX kpi_service_day ON hq.kpi_service (day, branch_code)",
    "CREATE INDEX kpi_service_branch ON hq.kpi_service (branch_code, day)",
    # The overrides list: a few services a month among hundreds of thousands.
    "CREATE INDEX kpi_service_override ON hq.kpi_service (day) WHERE override_by IS NOT NULL",
    # One row per reason of a rated service, and per mandatory step a finished one left open:
    # their rankings read these narrow rows, not every service's.
    *(
        statement
        for table, column in (("kpi_reason", "code"), ("kpi_open_step", "step"))
        for statement in (
            f"""CREATE TABLE hq.{table} (
        branch_code text NOT NULL,
        day date NOT NULL,
        counter text,
        teller text NOT NULL,
        btype text NOT NULL,
        at timestamptz NOT NULL,
        {column} text NOT NULL)""",
            f"CREATE INDEX {table}_day ON hq.{table} (day, branch_code)",
            f"CREATE INDEX {table}_branch ON hq.{table} (branch_code, day)",
        )
    ),
    """CREATE TABLE hq.kpi_teller (
        branch_code text NOT NULL,
        day date NOT NULL,
        counter text NOT NULL,
        teller text NOT NULL,
        at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('serving', 'idle', 'paused')),
        reason text NOT NULL,
        seconds double precision NOT NULL)""",
    "CREATE INDEX kpi_teller_day ON hq.kpi_teller (day, branch_code)",
    "CREATE INDEX kpi_teller_branch ON hq.kpi_teller (branch_code, day)",
    # The days whose facts are computed, and the zone their teller time was cut in.
    """CREATE TABLE hq.kpi_day (
        branch_code text NOT NULL,
        day date NOT NULL,
        zone text NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (branch_code, day))""",
    "CREATE INDEX kpi_day_day ON hq.kpi_day (day)",
    # Appended, never updated: a refresh deletes the marks it read, so a mark a push adds
    # meanwhile stays for the next one.
    """CREATE TABLE hq.kpi_stale (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        branch_code text NOT NULL,
        day date NOT NULL,
        marked_at timestamptz NOT NULL DEFAULT now())""",
    "CREATE INDEX kpi_stale_day ON hq.kpi_stale (day, branch_code)",
    *(s for table in FACT_TABLES for s in _policies(table)),
    f"GRANT SELECT, INSERT, DELETE ON {', '.join(f'hq.{t}' for t in DAY_FACTS)} TO {{branches}}",
    "GRANT SELECT, INSERT, UPDATE ON hq.kpi_day TO {branches}",
    "GRANT SELECT, DELETE ON hq.kpi_stale TO {branches}",
    # The local days from a to b (NULL: open) in the zone the branch's facts were last cut in;
    # before any, the UTC days widened by one each side (every zone's days are in there).
    f"""CREATE FUNCTION hq.hq_kpi_days(branch text, a timestamptz, b timestamptz)
        RETURNS SETOF date LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp AS $$
        WITH z AS (
            SELECT (SELECT zone FROM hq.kpi_day WHERE branch_code = branch
                    ORDER BY day DESC LIMIT 1) AS zone
        ), span AS (
            SELECT CASE WHEN zone IS NULL THEN (a AT TIME ZONE 'UTC')::date - 1
                        ELSE (a AT TIME ZONE zone)::date END AS first,
                   CASE WHEN zone IS NULL THEN (coalesce(b, a) AT TIME ZONE 'UTC')::date + 1
                        ELSE (coalesce(b, a) AT TIME ZONE zone)::date END AS last
            FROM z
        )
        SELECT first + i FROM span, generate_series(0, least(last - first, {_SPAN_DAYS})) AS i
    $$""",
    "REVOKE ALL ON FUNCTION hq.hq_kpi_days(text, timestamptz, timestamptz) FROM PUBLIC",
    *(s for table in _TOUCHED for s in _marking(table)),
    # Every day HQ already holds is stale: the first report over it computes its facts.
    "INSERT INTO hq.kpi_stale (branch_code, day) SELECT DISTINCT branch_code, day FROM hq.ticket",
)
