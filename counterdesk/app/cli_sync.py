"""``counterdesk sync``: send this terminal's journal to head office, for an OS scheduler.

Exit codes (as the whole command line's, ``app/cli.py``): 0 done; 1 head office refused this
journal (a copy of another terminal's journal, or one restored from an older backup: ask
support), or this terminal refused head office's reference-data release (its problems listed;
the terminal keeps what it had); 2 no ``[hq] url``, a malformed one (the config's refusal) or
no password (noted for ``--status``); 4 head office cannot be
reached, refuses the login, has another schema version, or the connection broke mid-push (what
was committed stays, the next run resumes); 5 another sync of this journal is running
(``--wait`` waits for it instead).
Nothing is lost in any case: the journal keeps every row, and only ``sync_state`` notes how the
sync ended (``--status`` prints it).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TextIO

from counterdesk import __version__
from counterdesk.app.cli_common import (
    EXIT_BUSY,
    EXIT_DATABASE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
    print_json,
)
from counterdesk.app.config import Config
from counterdesk.core.clock import SystemClock
from counterdesk.core.errors import DomainError


def add_sync_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``counterdesk sync``."""
    sync = commands.add_parser(
        "sync", help="send this terminal's journal to head office and fetch its reference data"
    )
    only = sync.add_mutually_exclusive_group()
    only.add_argument(
        "--push-only", action="store_true", help="only send; do not fetch reference data"
    )
    only.add_argument(
        "--pull-only", action="store_true", help="only fetch reference data; send nothing"
    )
    sync.add_argument("--json", action="store_true", help="print the result as JSON")
    sync.add_argument(
        "--status", action="store_true", help="print how the last sync ended; sync nothing"
    )
    sync.add_argument(
        "--wait", action="store_true", help="wait for a running sync of this journal to end"
    )
    sync.set_defaults(handler=cmd_sync)


class _Bar:
    """Rows sent of rows to send: a bar on a terminal, plain lines otherwise."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._tty = out.isatty()

    def __call__(self, sent: int, total: int) -> None:
        if self._tty:
            width = 30
            filled = width if total == 0 else width * sent // total
            self._out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {sent} of {total} rows")
            if sent >= total:
                self._out.write("\n")
        elif sent or not total:
            self._out.write(f"sent {sent} of {total} rows\n")
        self._out.flush()


def cmd_sync(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Push the journal to head office and pull its reference data, or print the last result."""
    import sqlite3

    import psycopg2

    from counterdesk.app.cli import _existing_journal
    from counterdesk.app.paths import resource
    from counterdesk.core.procedures import load_catalogue
    from counterdesk.storage.sync_outbox import SyncJournalError
    from counterdesk.sync.hq import branch_role, hq_password
    from counterdesk.sync.push import (
        HqSchemaMismatch,
        HqStopped,
        HqUnavailable,
        SyncBusy,
        hq_stopped,
        password_missing,
    )
    from counterdesk.sync.run import note_refusal, run_sync
    from counterdesk.sync.tickets import QueueSource

    if args.status:
        return _status(args, config, out)
    if not config.hq_url:
        raise CliError(
            "no head office configured: set [hq] url in the config; nothing was sent", EXIT_USAGE
        )
    role = branch_role(config.branch_code)
    password = hq_password(role)
    path = _existing_journal(config)
    if password is None:
        missing = password_missing(role)
        note_refusal(path, SystemClock(), missing)
        raise CliError(str(missing), EXIT_USAGE)
    try:
        outcome = run_sync(
            path,
            url=config.hq_url,
            branch_code=config.branch_code,
            password=password,
            clock=SystemClock(),
            keep_days=config.keep_days,
            wait=args.wait,
            progress=None if args.json else _Bar(out),
            program_version=__version__,
            queue=QueueSource(config.queue_file, "" if config.queue_file else config.queue_url),
            send=not args.pull_only,
            fetch=not args.push_only,
            catalogue=load_catalogue(resource("business_types.toml")),
            data_dir=config.data_dir,
        )
    except SyncBusy as exc:
        raise CliError(str(exc), EXIT_BUSY) from exc
    except (HqUnavailable, HqSchemaMismatch, HqStopped) as exc:
        raise CliError(str(exc), EXIT_DATABASE) from exc
    except SyncJournalError as exc:
        raise CliError(str(exc), EXIT_PROBLEMS) from exc
    except sqlite3.Error as exc:
        raise CliError(
            f"the queue's closed days could not be read: {exc}; the journal's rows were sent, "
            "the next sync sends the days",
            EXIT_DATABASE,
        ) from exc
    except psycopg2.Error as exc:
        raise CliError(str(hq_stopped(config.hq_url, exc, password)), EXIT_DATABASE) from exc
    except DomainError as exc:
        raise CliError(str(exc), EXIT_PROBLEMS) from exc
    if args.json:
        pulled = outcome.pulled
        print_json(
            {
                "push": None if outcome.push is None else asdict(outcome.push),
                "pruned": None if outcome.pruned is None else asdict(outcome.pruned),
                "pull": None
                if pulled is None
                else {
                    "before": pulled.before,
                    "applied": pulled.applied,
                    "offered": pulled.offered,
                    "counts": dict(pulled.counts),
                    "problems": [str(problem) for problem in pulled.problems],
                },
                "ok": outcome.ok,
            },
            out,
        )
    else:
        out.write(outcome.summary() + "\n")
    # A refused release: the terminal keeps what it had; IT must look at head office's data.
    return EXIT_OK if outcome.ok else EXIT_PROBLEMS


def _status(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from counterdesk.app.cli import _existing_journal
    from counterdesk.storage.db import open_journal
    from counterdesk.storage.sync_outbox import SyncJournal

    db = open_journal(_existing_journal(config), SystemClock(), migrate=False)
    try:
        journal = SyncJournal(db)
        last = journal.last_sync()
        pending = journal.pending_count()
    finally:
        db.close()
    if args.json:
        print_json({"last": None if last is None else asdict(last), "pending": pending}, out)
        return EXIT_OK
    if last is None:
        out.write(f"never synced; {pending} events to send\n")
        return EXIT_OK
    result = "ok" if last.ok else "FAILED"
    out.write(f"last sync {last.at.isoformat()}: {result}: {last.message}\n")
    good = "never" if last.last_ok_at is None else last.last_ok_at.isoformat()
    out.write(f"last successful sync: {good}; {pending} events to send\n")
    return EXIT_OK
