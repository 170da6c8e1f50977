"""The head-office (HQ) schema on PostgreSQL: numbered versions whose shipped DDL never changes.

Everything lives in the schema ``hq``, owned by a role of its own (the *owner*, no login), so
neither the administrator who runs ``counterdesk hq init`` nor a branch owns a table. Branches
log in with one role each (``counterdesk hq add-branch``), all members of a *branches* group
role that holds the grants; row-level security (forced, so the owner obeys it too) keys every
row a branch may touch on ``hq.hq_branch_of(current_user)``, which maps a login role to its
branch through ``hq.branch``.

What a terminal's push writes (the sync layer built on this schema):

1. its ``hq.terminal`` row (``terminal_id``, ``branch_code``) once, before anything else: every
   synced row refers to it by ``(terminal_id, branch_code)``, so no row can name a terminal of
   another branch;
2. the journal's synced rows (:data:`SYNCED_TABLES`): same table and column names as the
   journal (``counterdesk.storage.models``), plus ``branch_code`` and ``terminal_id``, upserted
   by ``uuid`` (with the partition column, :data:`PARTITIONED`, from version 3) — a newer
   ``updated_at`` wins, an older re-send changes nothing;
3. the branch's tickets (``hq.ticket``, keyed by ``(branch_code, id)``, a higher ``version``
   wins) and ticket events (``hq.ticket_event``, keyed by ``(branch_code, ticket_id, seq)``,
   insert-only: several terminals of one PostgreSQL queue may push the same events, and a
   queue's ``seq`` alone restarts if the branch's queue database is ever replaced, while ticket
   ids never repeat);
4. its ``hq.watermark`` row in the same transaction as the batch: ``last_seq`` of the journal's
   ``sync_event`` outbox, with ``first_event_uuid`` and ``last_event_uuid`` as the fingerprint of
   its history (a cloned disk image claims the same terminal id with other events; a journal
   restored from a backup has a ``seq`` behind ``last_seq``).

The pull reads the reference tables (``ref_*``) whose ``ref_version`` is above the release the
terminal last applied; every publication of reference data is one ``hq.ref_release`` row, whose
``version`` only grows.

Statements may name the two roles as ``{owner}`` and ``{branches}``; :func:`statements` fills
them in as quoted identifiers; a literal brace is doubled (``{{1,16}}``).
"""

from __future__ import annotations

from dataclasses import dataclass

from counterdesk.sync.hq_facts_schema import V6

#: The schema every HQ object lives in.
SCHEMA = "hq"


@dataclass(frozen=True)
class SyncedTable:
    """A journal table that HQ keeps a copy of, one row per journal row of every terminal.

    Attributes:
        name: the table name, the journal's own.
        columns: the journal's columns (``uuid`` and ``updated_at`` first) with their HQ types.
        day_column: the time reports group by (indexed with ``branch_code``).
        parent: ``(column, table)`` when rows hang off another table's row (indexed).
    """

    name: str
    columns: tuple[tuple[str, str], ...]
    day_column: str
    parent: tuple[str, str] | None = None


_KEY = (("uuid", "uuid PRIMARY KEY"), ("updated_at", "timestamptz NOT NULL"))
_AT, _AT_NULL = "timestamptz NOT NULL", "timestamptz"

#: The journal's synced entities, as version 1 created them (never edit: append a version).
SYNCED_TABLES: tuple[SyncedTable, ...] = (
    SyncedTable(
        "staff_session",
        (*_KEY, ("staff_no", "text NOT NULL"), ("counter", "text NOT NULL"),
         ("signed_in_at", _AT), ("signed_out_at", _AT_NULL)),
        "signed_in_at",
    ),
    SyncedTable(
        "pause",
        (*_KEY, ("session_id", "uuid NOT NULL"), ("reason", "text NOT NULL"),
         ("started_at", _AT), ("ended_at", _AT_NULL)),
        "started_at",
        ("session_id", "staff_session"),
    ),
    SyncedTable(
        "service",
        (*_KEY, ("ticket_id", "text NOT NULL"), ("ticket_label", "text NOT NULL"),
         ("business_type", "text NOT NULL"), ("counter", "text NOT NULL"),
         ("staff_no", "text NOT NULL"), ("procedure_type", "text NOT NULL"),
         ("procedure_version", "integer NOT NULL"), ("called_at", _AT),
         ("started_at", _AT_NULL), ("finished_at", _AT_NULL), ("state", "text NOT NULL"),
         ("finish_reason", "text"), ("override_by", "text"), ("previous_service_id", "uuid"),
         ("sop_snapshot", "jsonb")),
        "called_at",
    ),
    SyncedTable(
        "step_record",
        (*_KEY, ("service_id", "uuid NOT NULL"), ("step_id", "text NOT NULL"),
         ("checked_at", _AT), ("seconds_open", "double precision NOT NULL"),
         ("value", "text"), ("authoriser", "text"), ("checked_by", "text NOT NULL")),
        "checked_at",
        ("service_id", "service"),
    ),
    SyncedTable(
        "rating",
        (*_KEY, ("service_id", "uuid NOT NULL"), ("outcome", "text NOT NULL"),
         ("score", "integer"), ("reasons", "jsonb NOT NULL"), ("cause", "text"),
         ("prompted_at", _AT), ("answered_at", _AT_NULL), ("scale_levels", "integer")),
        "prompted_at",
        ("service_id", "service"),
    ),
    SyncedTable(
        "audit_log",
        (*_KEY, ("at", _AT), ("actor", "text NOT NULL"), ("action", "text NOT NULL"),
         ("detail", "jsonb NOT NULL")),
        "at",
    ),
)  # fmt: skip

#: The branch's queue data (pushed, never updated by anything but a push).
QUEUE_TABLES = ("ticket", "ticket_event")
#: What identifies a terminal and how far its push got.
TERMINAL_TABLES = ("terminal", "watermark")
#: Reference data HQ hands out; branches may only read it.
REFERENCE_TABLES = (
    "ref_release",
    "ref_business_type",
    "ref_procedure",
    "ref_staff",
    "ref_rating_reason",
    "ref_lobby_notice",
)
#: The tables version 1 gave row-level security on ``branch_code`` (never edit).
_V1_BRANCH_TABLES = (*(t.name for t in SYNCED_TABLES), *QUEUE_TABLES, *TERMINAL_TABLES)
#: Every table a branch may write, with row-level security on ``branch_code``.
BRANCH_TABLES = (*_V1_BRANCH_TABLES, "procedure_snapshot")
#: Branch-scoped reference tables: a branch reads its own rows and the ones for all branches.
SCOPED_REFERENCE = {"ref_staff": "branch_code", "ref_lobby_notice": "scope"}

#: A branch's own rows (``(SELECT …)``: evaluated once per statement, not once per row).
_MINE = "branch_code = (SELECT hq.hq_branch_of(current_user))"


def _synced_table(table: SyncedTable) -> tuple[str, ...]:
    columns = ", ".join(f"{name} {kind}" for name, kind in table.columns)
    statements = [
        f"CREATE TABLE hq.{table.name} ({columns}, "
        "branch_code text NOT NULL, terminal_id uuid NOT NULL, "
        "synced_at timestamptz NOT NULL DEFAULT now(), "
        "FOREIGN KEY (terminal_id, branch_code) REFERENCES hq.terminal (terminal_id, branch_code))",
        f"CREATE INDEX {table.name}_branch_day ON hq.{table.name} "
        f"(branch_code, {table.day_column})",
        f"CREATE INDEX {table.name}_terminal ON hq.{table.name} (terminal_id)",
    ]
    if table.parent is not None:
        column = table.parent[0]
        statements.append(f"CREATE INDEX {table.name}_{column} ON hq.{table.name} ({column})")
    return tuple(statements)


def _branch_policies(table: str, *, update: bool) -> tuple[str, ...]:
    statements = [
        f"ALTER TABLE hq.{table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE hq.{table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY owner_all ON hq.{table} TO {{owner}} USING (true) WITH CHECK (true)",
        f"CREATE POLICY branch_select ON hq.{table} FOR SELECT TO {{branches}} USING ({_MINE})",
        f"CREATE POLICY branch_insert ON hq.{table} FOR INSERT TO {{branches}} "
        f"WITH CHECK ({_MINE})",
    ]
    if update:
        statements.append(
            f"CREATE POLICY branch_update ON hq.{table} FOR UPDATE TO {{branches}} "
            f"USING ({_MINE}) WITH CHECK ({_MINE})"
        )
    return tuple(statements)


def _scoped_reference_policies(table: str, column: str) -> tuple[str, ...]:
    mine = f"{column} = (SELECT hq.hq_branch_of(current_user))"
    everyone = f"{column} IS NULL" if column == "branch_code" else f"{column} = ''"
    return (
        f"ALTER TABLE hq.{table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE hq.{table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY owner_all ON hq.{table} TO {{owner}} USING (true) WITH CHECK (true)",
        f"CREATE POLICY branch_select ON hq.{table} FOR SELECT TO {{branches}} "
        f"USING ({everyone} OR {mine})",
    )


#: Version 1: the registry, the synced journal tables, tickets, watermarks, reference data.
#:
#: Not partitioned: an upsert by ``uuid`` needs a unique index on ``uuid`` alone, which a
#: partitioned table cannot have (its unique keys must hold the partition key). Version 3
#: partitions the big tables by month, keyed by ``(uuid, <creation time>)``.
#: No foreign keys between synced rows: a journal pruned or restored must still push.
V1: tuple[str, ...] = (
    "CREATE TABLE hq.hq_meta (component text PRIMARY KEY, version integer NOT NULL)",
    # What the init and add-branch commands keep: the owner's and the branches' role names.
    "CREATE TABLE hq.hq_setting (key text PRIMARY KEY, value text NOT NULL)",
    """CREATE TABLE hq.branch (
        code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{{1,16}}$'),
        name text NOT NULL DEFAULT '',
        role_name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now())""",
    # SECURITY DEFINER: branch roles may not read hq.branch themselves. A fixed search_path so
    # that no object a caller creates can stand in for pg_catalog's.
    """CREATE FUNCTION hq.hq_branch_of(role name) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT code FROM hq.branch WHERE role_name = role $$""",
    """CREATE TABLE hq.terminal (
        terminal_id uuid PRIMARY KEY,
        branch_code text NOT NULL REFERENCES hq.branch (code),
        registered_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        program_version text NOT NULL DEFAULT '',
        UNIQUE (terminal_id, branch_code))""",
    """CREATE TABLE hq.watermark (
        terminal_id uuid PRIMARY KEY,
        branch_code text NOT NULL,
        last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
        first_event_uuid uuid,
        last_event_uuid uuid,
        ref_version_applied bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (terminal_id, branch_code)
            REFERENCES hq.terminal (terminal_id, branch_code))""",
    *(statement for table in SYNCED_TABLES for statement in _synced_table(table)),
    """CREATE TABLE hq.ticket (
        branch_code text NOT NULL,
        id text NOT NULL,
        day date NOT NULL,
        number integer NOT NULL,
        prefix text NOT NULL,
        business_type text NOT NULL,
        priority integer NOT NULL,
        state text NOT NULL,
        lane integer NOT NULL,
        counter integer,
        call_count integer NOT NULL,
        issued_at timestamptz NOT NULL,
        queued_at timestamptz NOT NULL,
        called_at timestamptz,
        started_at timestamptz,
        ended_at timestamptz,
        version integer NOT NULL,
        queue_seq bigint NOT NULL DEFAULT 0,
        terminal_id uuid NOT NULL,
        synced_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (branch_code, id),
        FOREIGN KEY (terminal_id, branch_code)
            REFERENCES hq.terminal (terminal_id, branch_code))""",
    "CREATE INDEX ticket_branch_day ON hq.ticket (branch_code, day, business_type)",
    """CREATE TABLE hq.ticket_event (
        branch_code text NOT NULL,
        ticket_id text NOT NULL,
        seq bigint NOT NULL,
        action text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        counter integer,
        at timestamptz NOT NULL,
        detail jsonb NOT NULL,
        action_id text,
        terminal_id uuid NOT NULL,
        synced_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (branch_code, ticket_id, seq),
        FOREIGN KEY (terminal_id, branch_code)
            REFERENCES hq.terminal (terminal_id, branch_code))""",
    "CREATE INDEX ticket_event_branch_day ON hq.ticket_event (branch_code, at)",
    # Reference data: one release per publication; each row names the release it last changed
    # in. Rows are retired, never deleted, so that a pull learns of the removal.
    """CREATE TABLE hq.ref_release (
        version bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL DEFAULT current_user,
        note text NOT NULL DEFAULT '')""",
    """CREATE TABLE hq.ref_business_type (
        code text PRIMARY KEY,
        payload jsonb NOT NULL,
        retired boolean NOT NULL DEFAULT false,
        ref_version bigint NOT NULL REFERENCES hq.ref_release (version))""",
    """CREATE TABLE hq.ref_procedure (
        business_type text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        source text NOT NULL,
        retired boolean NOT NULL DEFAULT false,
        ref_version bigint NOT NULL REFERENCES hq.ref_release (version),
        PRIMARY KEY (business_type, version))""",
    """CREATE TABLE hq.ref_staff (
        staff_no text PRIMARY KEY,
        branch_code text REFERENCES hq.branch (code),
        name text NOT NULL,
        role text NOT NULL,
        pin_hash text NOT NULL,
        photo bytea,
        stars double precision NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        ref_version bigint NOT NULL REFERENCES hq.ref_release (version))""",
    """CREATE TABLE hq.ref_rating_reason (
        code text PRIMARY KEY,
        texts jsonb NOT NULL,
        sort_order integer NOT NULL DEFAULT 0,
        retired boolean NOT NULL DEFAULT false,
        ref_version bigint NOT NULL REFERENCES hq.ref_release (version))""",
    """CREATE TABLE hq.ref_lobby_notice (
        scope text PRIMARY KEY,
        texts jsonb NOT NULL,
        ref_version bigint NOT NULL REFERENCES hq.ref_release (version))""",
    *(
        f"CREATE INDEX {table}_ref_version ON hq.{table} (ref_version)"
        for table in REFERENCE_TABLES
        if table != "ref_release"
    ),
    # Isolation: branches write their own rows; events are never changed once pushed.
    *(
        statement
        for table in _V1_BRANCH_TABLES
        for statement in _branch_policies(table, update=table != "ticket_event")
    ),
    *(
        statement
        for table, column in SCOPED_REFERENCE.items()
        for statement in _scoped_reference_policies(table, column)
    ),
    "REVOKE ALL ON SCHEMA hq FROM PUBLIC",
    "GRANT USAGE ON SCHEMA hq TO {branches}",
    "REVOKE ALL ON FUNCTION hq.hq_branch_of(name) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION hq.hq_branch_of(name) TO {branches}",
    # SELECT of its own rows: an upsert (ON CONFLICT DO UPDATE … WHERE the stored updated_at is
    # older) reads the stored row, and a push reads its watermark.
    "GRANT SELECT, INSERT, UPDATE ON "
    + ", ".join(f"hq.{t}" for t in _V1_BRANCH_TABLES if t != "ticket_event")
    + " TO {branches}",
    "GRANT SELECT, INSERT ON hq.ticket_event TO {branches}",
    "GRANT SELECT ON hq.hq_meta, "
    + ", ".join(f"hq.{t}" for t in REFERENCE_TABLES)
    + " TO {branches}",
)

#: Version 2: the procedure versions services ran with (journal migration 5 stores each once),
#: and deletion as a tombstone.
#:
#: ``procedure_snapshot`` is keyed by ``(branch_code, uuid)``: its uuid is derived from the
#: procedure's text, so every branch running the same version has the same uuid, and a branch
#: must never meet (nor be blocked by) another branch's row. ``service.procedure_snapshot_id``
#: names it (``service.sop_snapshot`` of version 1 stays, empty for new rows).
#:
#: Branch roles may not delete (no DELETE grant): a row the journal deleted (a reopened step)
#: gets ``deleted_at`` instead, so HQ never reports it as it was; a later upsert of the same
#: uuid clears it.
V2: tuple[str, ...] = (
    """CREATE TABLE hq.procedure_snapshot (
        uuid uuid NOT NULL,
        updated_at timestamptz NOT NULL,
        business_type text NOT NULL,
        version integer NOT NULL,
        snapshot jsonb NOT NULL,
        branch_code text NOT NULL,
        terminal_id uuid NOT NULL,
        synced_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        PRIMARY KEY (branch_code, uuid),
        FOREIGN KEY (terminal_id, branch_code)
            REFERENCES hq.terminal (terminal_id, branch_code))""",
    "CREATE INDEX procedure_snapshot_type ON hq.procedure_snapshot "
    "(branch_code, business_type, version)",
    "ALTER TABLE hq.service ADD COLUMN procedure_snapshot_id uuid",
    *(f"ALTER TABLE hq.{t.name} ADD COLUMN deleted_at timestamptz" for t in SYNCED_TABLES),
    *_branch_policies("procedure_snapshot", update=True),
    "GRANT SELECT, INSERT, UPDATE ON hq.procedure_snapshot TO {branches}",
)


#: The tables version 3 partitions by month, with the column each is partitioned on: the row's
#: creation time, which never changes afterwards (a service's ``called_at``, a step's
#: ``checked_at``, a rating's ``prompted_at``, an audit row's or a ticket event's ``at``), so
#: an upsert by ``(uuid, <column>)`` always lands in the partition holding the stored row.
#: Not partitioned: ``staff_session`` and ``pause`` (a few rows a day per terminal),
#: ``procedure_snapshot`` (one row per procedure version), ``ticket`` (one row per ticket, keyed
#: by ``(branch_code, id)`` and indexed by ``(branch_code, day)``; a later version may follow),
#: the terminal tables and the reference data.
PARTITIONED: dict[str, str] = {
    "service": "called_at",
    "step_record": "checked_at",
    "rating": "prompted_at",
    "audit_log": "at",
    "ticket_event": "at",
}

#: Months kept ready before and after the current one by every ``hq init`` (HQ's cron re-runs
#: it monthly); rows outside them wait in the table's DEFAULT partition until a run moves them.
MONTHS_BACK, MONTHS_AHEAD = 3, 12


def _partitioned_table(name: str, column: str) -> tuple[str, ...]:
    if name == "ticket_event":
        key = "branch_code, ticket_id, seq, at"
        indexes = [
            f"CREATE INDEX ticket_event_branch_day ON hq.ticket_event (branch_code, {column})"
        ]
        old_indexes = ["ticket_event_branch_day"]
    else:
        table = next(t for t in SYNCED_TABLES if t.name == name)
        key = f"uuid, {column}"
        indexes = [
            f"CREATE INDEX {name}_branch_day ON hq.{name} (branch_code, {column})",
            f"CREATE INDEX {name}_terminal ON hq.{name} (terminal_id)",
        ]
        old_indexes = [f"{name}_branch_day", f"{name}_terminal"]
        if table.parent is not None:
            indexes.append(
                f"CREATE INDEX {name}_{table.parent[0]} ON hq.{name} ({table.parent[0]})"
            )
            old_indexes.append(f"{name}_{table.parent[0]}")
    return (
        f"ALTER TABLE hq.{name} RENAME TO {name}_v2",
        f"ALTER TABLE hq.{name}_v2 DROP CONSTRAINT {name}_pkey",
        *(f"DROP INDEX hq.{index}" for index in old_indexes),
        f"CREATE TABLE hq.{name} (LIKE hq.{name}_v2 INCLUDING DEFAULTS, PRIMARY KEY ({key}), "
        f"CONSTRAINT {name}_terminal_fkey FOREIGN KEY (terminal_id, branch_code) "
        "REFERENCES hq.terminal (terminal_id, branch_code)) "
        f"PARTITION BY RANGE ({column})",
        f"CREATE TABLE hq.{name}_default PARTITION OF hq.{name} DEFAULT",
        *indexes,
        # Into DEFAULT here; the partition upkeep that every init runs next moves them out.
        f"INSERT INTO hq.{name} SELECT * FROM hq.{name}_v2",
        f"DROP TABLE hq.{name}_v2",
        # On the parent: a branch role reaches rows only through it (no grant on partitions).
        *_branch_policies(name, update=name != "ticket_event"),
        f"GRANT SELECT, INSERT{'' if name == 'ticket_event' else ', UPDATE'} ON hq.{name} "
        "TO {branches}",
    )


#: Version 3: the big synced tables partitioned by month (:data:`PARTITIONED`), each with a
#: DEFAULT partition; :func:`hq_ensure_partitions` (``hq init`` runs it, as the owner) creates
#: the months and moves rows out of DEFAULT. Their unique keys hold the partition column, so the
#: push's conflict target is ``(uuid, <column>)`` (``ticket_event``: the same key plus ``at``).
V3: tuple[str, ...] = (
    *(s for name, column in PARTITIONED.items() for s in _partitioned_table(name, column)),
    """CREATE FUNCTION hq.hq_ensure_partitions(months_back integer, months_ahead integer)
        RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        parted record;
        month date;
        part text;
        low timestamptz;
        high timestamptz;
        created integer := 0;
        waiting boolean;
        this_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    BEGIN
        FOR parted IN
            SELECT c.relname AS name, a.attname AS col
            FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'hq'
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
        LOOP
            -- The months around now, and every older month a row in DEFAULT needs (rows dated
            -- after the months ahead stay in DEFAULT until the months reach them).
            FOR month IN
                SELECT generate_series(this_month - make_interval(months => months_back),
                                       this_month + make_interval(months => months_ahead),
                                       interval '1 month')::date
                UNION
                SELECT * FROM hq.hq_default_months(parted.name, parted.col,
                    (this_month - make_interval(months => months_back))::date)
                ORDER BY 1
            LOOP
                part := format('%s_%s', parted.name, to_char(month, 'YYYYMM'));
                CONTINUE WHEN to_regclass(format('hq.%I', part)) IS NOT NULL;
                low := month::timestamp AT TIME ZONE 'UTC';
                high := (month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
                EXECUTE format('SELECT EXISTS (SELECT FROM hq.%I WHERE %I >= $1 AND %I < $2)',
                               parted.name || '_default', parted.col, parted.col)
                    INTO waiting USING low, high;
                IF waiting THEN
                    -- Fill the month from DEFAULT, then attach it (which checks DEFAULT holds
                    -- none of its rows any more); indexes and the foreign key come with ATTACH.
                    EXECUTE format('CREATE TABLE hq.%I (LIKE hq.%I INCLUDING DEFAULTS)',
                                   part, parted.name);
                    EXECUTE format('WITH moved AS (DELETE FROM hq.%I WHERE %I >= $1 AND %I < $2 '
                                   'RETURNING *) INSERT INTO hq.%I SELECT * FROM moved',
                                   parted.name || '_default', parted.col, parted.col, part)
                        USING low, high;
                    EXECUTE format('ALTER TABLE hq.%I ATTACH PARTITION hq.%I '
                                   'FOR VALUES FROM (%L) TO (%L)', parted.name, part, low, high);
                ELSE
                    EXECUTE format('CREATE TABLE hq.%I PARTITION OF hq.%I '
                                   'FOR VALUES FROM (%L) TO (%L)', part, parted.name, low, high);
                END IF;
                created := created + 1;
            END LOOP;
        END LOOP;
        RETURN created;
    END $$""",
    """CREATE FUNCTION hq.hq_default_months(parent name, col name, before date)
        RETURNS SETOF date LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        RETURN QUERY EXECUTE format(
            'SELECT DISTINCT date_trunc(''month'', %I AT TIME ZONE ''UTC'')::date FROM hq.%I '
            'WHERE %I < $1', col, parent || '_default', col)
            USING before::timestamp AT TIME ZONE 'UTC';
    END $$""",
    "REVOKE ALL ON FUNCTION hq.hq_ensure_partitions(integer, integer) FROM PUBLIC",
    "REVOKE ALL ON FUNCTION hq.hq_default_months(name, name, date) FROM PUBLIC",
)

#: Version 4: the index a report of every branch needs. Version 1 indexed tickets by
#: ``(branch_code, day, …)``, right for one branch; a month of every branch had to read the
#: whole year of tickets (``bench/reports.py``: a year of 50 branches holds 5 million).
V4: tuple[str, ...] = ("CREATE INDEX ticket_day ON hq.ticket (day)",)

#: Version 5's tables: star policies, managers' adjustments (audited), published levels.
STAR_TABLES = ("star_policy", "star_adjustment", "star_level")

#: Version 5: monthly star levels (``docs/stars.md``, :mod:`counterdesk.sync.hq_stars`).
#:
#: ``star_policy`` keeps every policy text published (every branch reads it; the owner
#: writes). ``star_adjustment`` is the audit of managers' levels: append-only, enforced by a
#: trigger that refuses UPDATE, DELETE and TRUNCATE to every role, the owner included; a
#: branch reads its own tellers' rows.
#: ``star_level`` holds the published levels, one row per month and teller, named by the
#: reference release that last changed it (the pull reads it like the ``ref_*`` tables); a
#: branch reads its own tellers' and those of every branch (``branch_code`` NULL).
V5: tuple[str, ...] = (
    """CREATE TABLE hq.star_policy (
        policy text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        source text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL DEFAULT session_user,
        PRIMARY KEY (policy, version))""",
    """CREATE TABLE hq.star_adjustment (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        month text NOT NULL CHECK (month ~ '^[0-9]{{4}}-(0[1-9]|1[0-2])$'),
        staff_no text NOT NULL,
        branch_code text REFERENCES hq.branch (code),
        stars integer NOT NULL CHECK (stars BETWEEN 1 AND 5),
        computed_stars integer,
        computed_score double precision,
        policy text NOT NULL,
        policy_version integer NOT NULL,
        reason text NOT NULL CHECK (btrim(reason) <> ''),
        adjusted_by text NOT NULL,
        os_user text NOT NULL,
        db_user text NOT NULL DEFAULT session_user,
        at timestamptz NOT NULL DEFAULT now(),
        explanation jsonb NOT NULL)""",
    "CREATE INDEX star_adjustment_month ON hq.star_adjustment (month, staff_no)",
    """CREATE FUNCTION hq.hq_append_only() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        RAISE EXCEPTION 'hq.% is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    "CREATE TRIGGER star_adjustment_append_only BEFORE UPDATE OR DELETE ON hq.star_adjustment "
    "FOR EACH ROW EXECUTE FUNCTION hq.hq_append_only()",
    "CREATE TRIGGER star_adjustment_no_truncate BEFORE TRUNCATE ON hq.star_adjustment "
    "FOR EACH STATEMENT EXECUTE FUNCTION hq.hq_append_only()",
    """CREATE TABLE hq.star_level (
        month text NOT NULL CHECK (month ~ '^[0-9]{{4}}-(0[1-9]|1[0-2])$'),
        staff_no text NOT NULL,
        branch_code text REFERENCES hq.branch (code),
        stars integer CHECK (stars BETWEEN 1 AND 5),
        computed_stars integer,
        score double precision,
        adjustment_id bigint REFERENCES hq.star_adjustment (id),
        policy text NOT NULL,
        policy_version integer NOT NULL,
        explanation jsonb NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        ref_version bigint NOT NULL REFERENCES hq.ref_release (version),
        PRIMARY KEY (month, staff_no))""",
    "CREATE INDEX star_level_ref_version ON hq.star_level (ref_version)",
    *_scoped_reference_policies("star_level", "branch_code"),
    *_scoped_reference_policies("star_adjustment", "branch_code"),
    "GRANT SELECT ON hq.star_level, hq.star_adjustment, hq.star_policy TO {branches}",
    "REVOKE ALL ON FUNCTION hq.hq_append_only() FROM PUBLIC",
)

#: The HQ schema versions; a shipped version's statements never change.
HQ_VERSIONS: dict[int, tuple[str, ...]] = {1: V1, 2: V2, 3: V3, 4: V4, 5: V5, 6: V6}
HQ_SCHEMA_VERSION = max(HQ_VERSIONS)
