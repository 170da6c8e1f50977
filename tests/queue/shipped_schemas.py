"""The queue's DDL exactly as each released version shipped it, written out (never edit).

The program now generates its DDL from one definition (counterdesk.queue.schema); these are the
statements earlier programs ran, so that the tests can build a queue as a terminal in the field
has it and check that the program upgrades it to what a fresh queue gets.
"""

from __future__ import annotations

SHIPPED_QUEUE_META = (
    "CREATE TABLE IF NOT EXISTS queue_meta (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
)

SHIPPED_SQLITE: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE daily_counter (
            day TEXT NOT NULL, business_type TEXT NOT NULL, last_number INTEGER NOT NULL,
            PRIMARY KEY (day, business_type))""",
        """CREATE TABLE ticket (
            id TEXT PRIMARY KEY, day TEXT NOT NULL, number INTEGER NOT NULL,
            prefix TEXT NOT NULL, business_type TEXT NOT NULL, priority INTEGER NOT NULL,
            state TEXT NOT NULL, lane INTEGER NOT NULL DEFAULT 0, counter INTEGER,
            call_count INTEGER NOT NULL DEFAULT 0, issued_at TEXT NOT NULL,
            queued_at TEXT NOT NULL, called_at TEXT, started_at TEXT, ended_at TEXT,
            version INTEGER NOT NULL DEFAULT 0,
            UNIQUE (day, prefix, number))""",
        # The head of each (lane, type, level) is one index seek: see core.policy.
        """CREATE INDEX ticket_heads ON ticket
            (day, state, lane, business_type, priority, queued_at, number, prefix)""",
        "CREATE INDEX ticket_counter ON ticket (counter, state)",
        """CREATE TABLE ticket_event (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, ticket_id TEXT NOT NULL
                REFERENCES ticket (id),
            action TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, counter INTEGER,
            at TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}')""",
        "CREATE INDEX ticket_event_ticket ON ticket_event (ticket_id)",
        """CREATE TABLE counter_state (
            counter INTEGER PRIMARY KEY, mode TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
            priority_streak INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL)""",
    ),
    # Which business types each open counter serves: the kiosk estimates waits from it.
    2: (
        "ALTER TABLE counter_state ADD COLUMN serves TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX ticket_event_calls ON ticket_event (action, seq)",
        "CREATE INDEX ticket_finished ON ticket (day, business_type, state, ended_at)",
    ),
    # Day close: one row per business day that was closed (its waiting tickets expired) or
    # kept open for the night (closed_at NULL, kept_open 1); the row makes a close happen once.
    3: (
        """CREATE TABLE day_close (
            day TEXT PRIMARY KEY, closed_at TEXT, expired INTEGER NOT NULL DEFAULT 0,
            kept_open INTEGER NOT NULL DEFAULT 0)""",
    ),
    # The business day is the queue's (day_close.opened_at: an open day) and the waiting order
    # is the turn a ticket got when it joined (ticket.queue_seq), not the wall clock.
    4: (
        "ALTER TABLE day_close ADD COLUMN opened_at TEXT",
        "ALTER TABLE ticket ADD COLUMN queue_seq INTEGER NOT NULL DEFAULT 0",
        "DROP INDEX ticket_heads",
        "CREATE INDEX ticket_turns ON ticket "
        "(day, state, lane, business_type, priority, queue_seq)",
        "UPDATE ticket SET queue_seq = COALESCE((SELECT MAX(e.seq) FROM ticket_event e "
        "WHERE e.ticket_id = ticket.id AND e.to_state = 'waiting'), 0) WHERE state = 'waiting'",
        "INSERT INTO day_close (day, opened_at, closed_at, expired, kept_open) "
        "SELECT day, MIN(issued_at), NULL, 0, 0 FROM ticket "
        "WHERE day = (SELECT MAX(day) FROM ticket) GROUP BY day "
        "ON CONFLICT (day) DO UPDATE SET opened_at = excluded.opened_at",
    ),
    # Heartbeats: when each counter's program last said it is alive.
    5: ("CREATE TABLE counter_heartbeat (counter INTEGER PRIMARY KEY, beat_at TEXT NOT NULL)",),
    # Action ids: a counter whose reply was lost asks whether its change happened.
    6: (
        "ALTER TABLE ticket_event ADD COLUMN action_id TEXT",
        "CREATE INDEX ticket_event_action ON ticket_event (action_id)",
    ),
    # Buckets: the (day, type, priority) in which tickets waited, for the heads of a call.
    7: (
        """CREATE TABLE queue_bucket (
            day TEXT NOT NULL, business_type TEXT NOT NULL, priority INTEGER NOT NULL,
            PRIMARY KEY (day, business_type, priority))""",
        """CREATE TRIGGER ticket_bucket_insert AFTER INSERT ON ticket
            WHEN NEW.state = 'waiting' AND NEW.lane = 0 BEGIN
            INSERT INTO queue_bucket (day, business_type, priority)
            VALUES (NEW.day, NEW.business_type, NEW.priority) ON CONFLICT DO NOTHING; END""",
        """CREATE TRIGGER ticket_bucket_update
            AFTER UPDATE OF day, business_type, priority, state, lane ON ticket
            WHEN NEW.state = 'waiting' AND NEW.lane = 0 BEGIN
            INSERT INTO queue_bucket (day, business_type, priority)
            VALUES (NEW.day, NEW.business_type, NEW.priority) ON CONFLICT DO NOTHING; END""",
        "INSERT INTO queue_bucket (day, business_type, priority) "
        "SELECT DISTINCT day, business_type, priority FROM ticket "
        "WHERE state = 'waiting' AND lane = 0 ON CONFLICT DO NOTHING",
    ),
}

SHIPPED_POSTGRES: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE IF NOT EXISTS queue_meta "
        "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)",
        """CREATE TABLE daily_counter (
            day TEXT NOT NULL, business_type TEXT NOT NULL, last_number INTEGER NOT NULL,
            PRIMARY KEY (day, business_type))""",
        """CREATE TABLE ticket (
            id TEXT PRIMARY KEY, day TEXT NOT NULL, number INTEGER NOT NULL,
            prefix TEXT NOT NULL, business_type TEXT NOT NULL, priority INTEGER NOT NULL,
            state TEXT NOT NULL, lane INTEGER NOT NULL DEFAULT 0, counter INTEGER,
            call_count INTEGER NOT NULL DEFAULT 0, issued_at TEXT NOT NULL,
            queued_at TEXT NOT NULL, called_at TEXT, started_at TEXT, ended_at TEXT,
            version INTEGER NOT NULL DEFAULT 0,
            UNIQUE (day, prefix, number))""",
        """CREATE INDEX ticket_heads ON ticket
            (day, state, lane, business_type, priority, queued_at, number, prefix)""",
        "CREATE INDEX ticket_counter ON ticket (counter, state)",
        "CREATE INDEX ticket_finished ON ticket (day, business_type, state, ended_at)",
        """CREATE TABLE ticket_event (
            seq BIGSERIAL PRIMARY KEY, ticket_id TEXT NOT NULL REFERENCES ticket (id),
            action TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, counter INTEGER,
            at TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}')""",
        "CREATE INDEX ticket_event_ticket ON ticket_event (ticket_id)",
        "CREATE INDEX ticket_event_calls ON ticket_event (action, seq)",
        """CREATE TABLE counter_state (
            counter INTEGER PRIMARY KEY, mode TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
            priority_streak INTEGER NOT NULL DEFAULT 0, serves TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL)""",
        """CREATE OR REPLACE FUNCTION counterdesk_notify() RETURNS trigger AS $$
            BEGIN PERFORM pg_notify('counterdesk_queue', TG_TABLE_NAME); RETURN NULL; END
            $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER ticket_event_notify AFTER INSERT ON ticket_event
            FOR EACH STATEMENT EXECUTE FUNCTION counterdesk_notify()""",
        """CREATE TRIGGER counter_state_notify AFTER INSERT OR UPDATE ON counter_state
            FOR EACH STATEMENT EXECUTE FUNCTION counterdesk_notify()""",
    ),
    # Day close: one row per business day closed or kept open for the night (see SQLite's 3).
    2: (
        """CREATE TABLE day_close (
            day TEXT PRIMARY KEY, closed_at TEXT, expired INTEGER NOT NULL DEFAULT 0,
            kept_open INTEGER NOT NULL DEFAULT 0)""",
    ),
    # Business days and turns (see SQLite's 4).
    3: (
        "ALTER TABLE day_close ADD COLUMN opened_at TEXT",
        "ALTER TABLE ticket ADD COLUMN queue_seq INTEGER NOT NULL DEFAULT 0",
        "DROP INDEX ticket_heads",
        "CREATE INDEX ticket_turns ON ticket "
        "(day, state, lane, business_type, priority, queue_seq)",
        "UPDATE ticket SET queue_seq = COALESCE((SELECT MAX(e.seq) FROM ticket_event e "
        "WHERE e.ticket_id = ticket.id AND e.to_state = 'waiting'), 0) WHERE state = 'waiting'",
        "INSERT INTO day_close (day, opened_at, closed_at, expired, kept_open) "
        "SELECT day, MIN(issued_at), NULL, 0, 0 FROM ticket "
        "WHERE day = (SELECT MAX(day) FROM ticket) GROUP BY day "
        "ON CONFLICT (day) DO UPDATE SET opened_at = excluded.opened_at",
    ),
    # Heartbeats (see SQLite's 5).
    4: ("CREATE TABLE counter_heartbeat (counter INTEGER PRIMARY KEY, beat_at TEXT NOT NULL)",),
    # Action ids (see SQLite's 6).
    5: (
        "ALTER TABLE ticket_event ADD COLUMN action_id TEXT",
        "CREATE INDEX ticket_event_action ON ticket_event (action_id)",
    ),
    # Buckets (see SQLite's 7); the terminals' roles may read and add them.
    6: (
        """CREATE TABLE queue_bucket (
            day TEXT NOT NULL, business_type TEXT NOT NULL, priority INTEGER NOT NULL,
            PRIMARY KEY (day, business_type, priority))""",
        """CREATE OR REPLACE FUNCTION counterdesk_bucket() RETURNS trigger AS $$ BEGIN
            INSERT INTO queue_bucket (day, business_type, priority)
            VALUES (NEW.day, NEW.business_type, NEW.priority) ON CONFLICT DO NOTHING;
            RETURN NULL; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER ticket_bucket
            AFTER INSERT OR UPDATE OF day, business_type, priority, state, lane ON ticket
            FOR EACH ROW WHEN (NEW.state = 'waiting' AND NEW.lane = 0)
            EXECUTE FUNCTION counterdesk_bucket()""",
        """DO $$ DECLARE r text; BEGIN FOR r IN SELECT DISTINCT grantee FROM
            information_schema.role_table_grants WHERE table_name = 'ticket'
            AND privilege_type = 'INSERT' AND grantee <> current_user LOOP
            EXECUTE 'GRANT SELECT, INSERT ON queue_bucket TO ' || quote_ident(r);
            END LOOP; END $$""",
        "INSERT INTO queue_bucket (day, business_type, priority) "
        "SELECT DISTINCT day, business_type, priority FROM ticket "
        "WHERE state = 'waiting' AND lane = 0 ON CONFLICT DO NOTHING",
    ),
}
