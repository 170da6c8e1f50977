"""Tables of the queue store: tickets, daily counters, ticket events, counter states, day closes.

They live beside the journal's tables when the queue is the journal file (the default), so
their names differ from the journal's and their schema version is kept in ``queue_meta``, never
in ``PRAGMA user_version`` (which belongs to the journal).
"""

from __future__ import annotations

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError


def newer_schema(have: int, known: int) -> DomainError:
    """The refusal to touch a queue written by a newer counterdesk (either engine)."""
    return DomainError(
        QT_TRANSLATE_NOOP(
            "domain",
            "the queue has schema {have}, newer than this program's {known}; upgrade this terminal",
        ),
        have=have,
        known=known,
    )


# Schema of the queue on SQLite, by version. Written out, never generated from code that changes,
# so that a version's schema never changes after it ships.
QUEUE_META = (
    "CREATE TABLE IF NOT EXISTS queue_meta (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
)

SQLITE_SCHEMA: dict[int, tuple[str, ...]] = {
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
}
QUEUE_SCHEMA_VERSION = max(SQLITE_SCHEMA)
