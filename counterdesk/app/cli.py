"""The ``counterdesk`` command line for operators and IT staff.

Exit codes: 0 success; 1 problems found (procedure check, database check) or a refused
action; 2 bad usage or configuration; 3 no customer waiting; 4 a database that cannot be used;
5 another sync of this journal is running (``counterdesk sync``, see ``app/cli_sync.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from counterdesk import __version__
from counterdesk.app.cli_common import (
    EXIT_DATABASE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    PIN_ENV,
    CliError,
    print_json,
)
from counterdesk.app.cli_counter import cmd_queue_call, cmd_queue_issue
from counterdesk.app.cli_report import add_report_parser
from counterdesk.app.cli_staff import add_staff_admin_parsers, read_new_pin
from counterdesk.app.cli_sync import add_sync_parser
from counterdesk.app.config import LANGUAGES, Config, ConfigError, load_config
from counterdesk.app.logs import log_file
from counterdesk.app.paths import default_data_dir
from counterdesk.app.station import Station, make_folders, open_queue
from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import (
    ProcedureError,
    check_files,
    load_catalogue,
    procedure_files,
)
from counterdesk.core.text import sentence
from counterdesk.queue.base import QueueOfflineError
from counterdesk.resources import resource
from counterdesk.storage.db import Check
from counterdesk.storage.errors import StorageError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="counterdesk",
        description="Counter terminal for bank branches.",
        epilog=(
            f"Log file: {log_file(default_data_dir())} (logs/counterdesk.log in the data "
            "folder the configuration names; `counterdesk config show` prints it). Every "
            "command that changes something is logged there: what was run, by whom, how it ended."
        ),
    )
    parser.add_argument("--version", action="version", version=f"counterdesk {__version__}")
    parser.add_argument("--config", type=Path, metavar="PATH", help="configuration file")
    parser.add_argument(
        "--role",
        choices=("teller", "kiosk", "display", "manager"),
        help="run as this role instead of the configured one (no COMMAND needed)",
    )
    parser.add_argument("--verbose", action="store_true", help="log information to stderr too")
    parser.set_defaults(handler=cmd_run)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    procedures = commands.add_parser("procedures", help="procedure templates")
    proc_cmds = procedures.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = proc_cmds.add_parser("check", help="validate procedure template files")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.set_defaults(handler=cmd_procedures_check)

    queue = commands.add_parser("queue", help="operate the configured ticket queue")
    queue_cmds = queue.add_subparsers(dest="action", metavar="ACTION", required=True)
    issue = queue_cmds.add_parser("issue", help="take a ticket for a business type")
    issue.add_argument("type", metavar="TYPE", help="business-type code or prefix letter")
    issue.add_argument(
        "--priority",
        default="normal",
        metavar="LEVEL",
        help="normal, vip or green (green channel)",
    )
    issue.add_argument(
        "--staff",
        metavar="NO",
        help=f"lobby manager's staff number, needed for vip/green (PIN from {PIN_ENV} or a prompt)",
    )
    issue.add_argument("--json", action="store_true", help="print the ticket as JSON")
    issue.set_defaults(handler=cmd_queue_issue)
    call = queue_cmds.add_parser(
        "call", help="sign a teller in at a counter and call the next customer there"
    )
    call.add_argument("--counter", type=int, metavar="N", help="counter number (default: config)")
    call.add_argument(
        "--staff",
        metavar="NO",
        required=True,
        help=f"the teller's staff number (PIN from {PIN_ENV} or a prompt)",
    )
    call.add_argument("--json", action="store_true", help="print the ticket as JSON")
    call.set_defaults(handler=cmd_queue_call)
    init = queue_cmds.add_parser(
        "init", help="create or upgrade the queue schema on a PostgreSQL server (admin)"
    )
    init.add_argument("url", metavar="URL", help="postgresql://ADMIN_ROLE@HOST/DB")
    init.add_argument(
        "--grant-to",
        default="counterdesk_counter",
        metavar="ROLE",
        help="the terminals' role the printed grants are for",
    )
    init.set_defaults(handler=cmd_queue_init)
    status = queue_cmds.add_parser("status", help="waiting customers and counters today")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(handler=cmd_queue_status)
    close_day = queue_cmds.add_parser(
        "close-day", help="expire the tickets never called and close the business day"
    )
    close_day.add_argument(
        "--date", type=_day, metavar="YYYY-MM-DD", help="business day to close (default: today)"
    )
    close_day.add_argument("--json", action="store_true", help="print the result as JSON")
    close_day.set_defaults(handler=cmd_queue_close_day)
    keep_open = queue_cmds.add_parser(
        "keep-open-tonight", help="do not close today at the closing hour (late-opening night)"
    )
    keep_open.set_defaults(handler=cmd_queue_keep_open_tonight)

    hq = commands.add_parser("hq", help="set up head office's database (admin)")
    hq_cmds = hq.add_subparsers(dest="action", metavar="ACTION", required=True)
    hq_init = hq_cmds.add_parser(
        "init", help="create or upgrade the HQ schema on a PostgreSQL server (admin)"
    )
    hq_init.add_argument("url", metavar="URL", help="postgresql://ADMIN_ROLE@HOST/DB")
    hq_init.add_argument(
        "--owner-role",
        metavar="ROLE",
        help="the role that owns the HQ schema (default counterdesk_hq_owner; created if missing)",
    )
    hq_init.set_defaults(handler=cmd_hq_init)
    hq_add = hq_cmds.add_parser(
        "add-branch",
        help="register a branch and create its login role (password from "
        "COUNTERDESK_HQ_PASSWORD or the OS keyring)",
    )
    hq_add.add_argument("code", metavar="CODE", help="the branch code, as in [branch] code")
    hq_add.add_argument("--name", default="", help="the branch's name")
    hq_add.add_argument(
        "--url", required=True, metavar="URL", help="postgresql://ADMIN_ROLE@HOST/DB"
    )
    hq_add.set_defaults(handler=cmd_hq_add_branch)
    hq_publish = hq_cmds.add_parser(
        "publish",
        help="put procedure files, business types, rating reasons, lobby notices (*.toml) and a "
        "staff CSV into HQ as one new reference release (all checked first; nothing written on "
        "a refusal)",
    )
    hq_publish.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a .toml (procedure, [[types]], [[reasons]] or [[notices]]) or a staff .csv",
    )
    hq_publish.add_argument(
        "--url", required=True, metavar="URL", help="postgresql://ADMIN_ROLE@HOST/DB"
    )
    hq_publish.add_argument("--note", default="", help="a note kept with the release")
    hq_publish.set_defaults(handler=cmd_hq_publish)

    db = commands.add_parser("db", help="the local journal database")
    db_cmds = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    db_check = db_cmds.add_parser("check", help="run SQLite's integrity check")
    db_check.add_argument("--json", action="store_true", help="print the result as JSON")
    db_check.set_defaults(handler=cmd_db_check)
    db_backup = db_cmds.add_parser("backup", help="copy the journal while it is in use")
    db_backup.add_argument(
        "--out", type=Path, metavar="PATH", help="backup file to write (its folder must exist)"
    )
    db_backup.add_argument("--force", action="store_true", help="replace an existing --out file")
    db_backup.set_defaults(handler=cmd_db_backup)
    db_migrate = db_cmds.add_parser("migrate", help="upgrade the journal to this version")
    db_migrate.set_defaults(handler=cmd_db_migrate)

    run = commands.add_parser("run", help="start this terminal in its role (the default)")
    run.set_defaults(handler=cmd_run)
    demo = commands.add_parser("demo", help="the whole station on this PC with sample data")
    demo.add_argument("--data-dir", type=Path, metavar="DIR", help="where the demo keeps data")
    demo.add_argument(
        "--simulate",
        type=float,
        default=0.0,
        metavar="ARRIVALS_PER_HOUR",
        help="issue tickets at random at this rate",
    )
    demo.add_argument("--lang", choices=LANGUAGES, help="language of the windows")
    demo.set_defaults(handler=cmd_demo)
    screenshot = commands.add_parser("screenshot", help="render every window to PNG files")
    screenshot.add_argument("--out", type=Path, required=True, metavar="DIR")
    screenshot.add_argument("--lang", choices=LANGUAGES, default=None)
    screenshot.set_defaults(handler=cmd_screenshot)

    staff = commands.add_parser("staff", help="staff accounts of this terminal")
    staff_cmds = staff.add_subparsers(dest="action", metavar="ACTION", required=True)
    staff_add = staff_cmds.add_parser("add", help="add an account (the PIN is read from stdin)")
    staff_add.add_argument("staff_no", metavar="STAFF_NO")
    staff_add.add_argument("--name", required=True)
    staff_add.add_argument("--role", choices=("teller", "supervisor", "admin"), default="teller")
    # Refused with the command that replaces it (a teller's stars are a published level).
    staff_add.add_argument("--stars", help=argparse.SUPPRESS)
    staff_add.set_defaults(handler=cmd_staff_add)
    staff_list = staff_cmds.add_parser("list", help="list the accounts")
    staff_list.add_argument("--json", action="store_true", help="print as JSON")
    staff_list.set_defaults(handler=cmd_staff_list)
    add_staff_admin_parsers(staff_cmds)
    doctor = commands.add_parser(
        "doctor",
        help="check this terminal: config, journal, queue, head office, screens, printer, "
        "speech, fonts, clock, versions (exit 1 on a failure, 2 on a bad config)",
    )
    doctor.add_argument("--json", action="store_true", help="print the findings as JSON")
    doctor.set_defaults(handler=cmd_doctor, reports_bad_config=True)
    add_sync_parser(commands)
    add_report_parser(commands)
    _add_config_parsers(commands)
    _name_commands(parser)
    return parser


def _name_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> None:
    """Give every command its words (``("staff", "disable")``) as ``args.command_path``."""
    parser.set_defaults(command_path=path)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                _name_commands(sub, (*path, name))


def _add_config_parsers(commands: Any) -> None:
    """``config show|check|set`` and ``setup`` (``app/cli_config.py``)."""
    from counterdesk.app.cli_config import (
        cmd_config_check,
        cmd_config_set,
        cmd_config_show,
        cmd_setup,
    )

    config = commands.add_parser("config", help="show, check or change this terminal's config file")
    config_cmds = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = config_cmds.add_parser("show", help="print the effective configuration, defaults marked")
    show.set_defaults(handler=cmd_config_show)
    check = config_cmds.add_parser(
        "check", help="check the config file as the program reads it (one line per problem)"
    )
    check.set_defaults(handler=cmd_config_check, reads_config=False)
    change = config_cmds.add_parser(
        "set",
        help="check one value as the program would, then write it into the config file "
        "(keeping its comments); nothing is written on a refusal",
    )
    change.add_argument("key", metavar="KEY", help="a dotted key, e.g. counter.number")
    change.add_argument(
        "value", metavar="VALUE", help="the value; lists as A,B; an empty list as ''"
    )
    change.add_argument(
        "--system", action="store_true", help="write the system-wide file (/etc/counterdesk)"
    )
    change.set_defaults(handler=cmd_config_set, reads_config=False)
    setup = commands.add_parser(
        "setup", help="set this terminal up in a wizard that writes the config file"
    )
    setup.add_argument(
        "--system", action="store_true", help="write the system-wide file (/etc/counterdesk)"
    )
    setup.set_defaults(handler=cmd_setup)


def _day(text: str) -> date:
    """Read a ``--date`` value; argparse turns the ValueError into a usage error (exit 2)."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def cmd_procedures_check(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Validate template files against the catalogue: one line per problem, exit 1 if any."""
    catalogue = load_catalogue(resource("business_types.toml"))
    problems = check_files(args.paths, known_types=catalogue.codes)
    for problem in problems:
        out.write(f"{problem}\n")
    if problems:
        return EXIT_PROBLEMS
    out.write(f"{len(procedure_files(args.paths))} procedure file(s) OK\n")
    return EXIT_OK


def cmd_queue_init(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Create or upgrade the PostgreSQL queue schema and print the terminals' grants."""
    import peewee
    import psycopg2

    from counterdesk.queue.postgres import PgAddress, grants, init_schema

    try:
        # Everything given is checked before the server is touched: a refused role name must
        # not leave a schema behind.
        address = PgAddress.parse(args.url)
        text = grants(args.grant_to)
        before, after = init_schema(args.url)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except (psycopg2.Error, peewee.PeeweeException) as exc:
        # peewee wraps the driver's errors (a missing database, an unknown role) in its own;
        # the server's message spans lines ("FATAL: …\n\tIs the server running…"): one line.
        reason = " ".join(str(exc).split())
        raise CliError(f"{PgAddress.redact(args.url)}: {reason}", EXIT_DATABASE) from exc
    if before == after:
        out.write(f"{address.safe()}: queue schema already at version {after}\n")
    else:
        out.write(f"{address.safe()}: queue schema upgraded from version {before} to {after}\n")
    out.write(
        f"-- Let the terminals' role operate the queue without changing its schema:\n{text}\n"
    )
    return EXIT_OK


def _hq_database_error(url: str, exc: Exception) -> CliError:
    """The server's refusal or a connection failure as one line, without the password."""
    from counterdesk.queue.postgres import PgAddress

    reason = " ".join(str(exc).split())
    return CliError(f"{PgAddress.redact(url)}: {reason}", EXIT_DATABASE)


def cmd_hq_init(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Create or upgrade the HQ schema and its roles."""
    import psycopg2

    from counterdesk.queue.postgres import PgAddress
    from counterdesk.sync.hq import HqUsageError, init_hq

    try:
        address = PgAddress.parse(args.url)
        result = init_hq(args.url, args.owner_role)
    except (ValueError, HqUsageError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except psycopg2.Error as exc:
        raise _hq_database_error(args.url, exc) from exc
    if result.before == result.after:
        out.write(f"{address.safe()}: HQ schema already at version {result.after}\n")
    else:
        out.write(
            f"{address.safe()}: HQ schema upgraded from version {result.before} to "
            f"{result.after} (owner {result.roles.owner})\n"
        )
    if result.months_created:
        out.write(
            f"{address.safe()}: {result.months_created} monthly partitions created "
            "(rows waiting in DEFAULT moved into them)\n"
        )
    return EXIT_OK


def cmd_hq_add_branch(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Register a branch at HQ and create its login role."""
    import psycopg2

    from counterdesk.queue.postgres import PgAddress
    from counterdesk.sync.hq import (
        KEYRING_SERVICE,
        PASSWORD_ENV,
        HqUsageError,
        add_branch,
        branch_role,
        hq_password,
    )

    try:
        # Everything given is checked before the server is touched.
        address = PgAddress.parse(args.url)
        role = branch_role(args.code)
        password = hq_password(role)
        if password is None:
            raise CliError(
                f"no password for {role}: set {PASSWORD_ENV} or store it in the OS keyring "
                f"(service {KEYRING_SERVICE}, user {role}); nothing was created",
                EXIT_USAGE,
            )
        added = add_branch(args.url, args.code, password, args.name)
    except (ValueError, HqUsageError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except psycopg2.Error as exc:
        raise _hq_database_error(args.url, exc) from exc
    out.write(
        f"branch {added.code}: role {added.role} created; its terminals sync as "
        f"postgresql://{added.role}@{address.host}:{address.port}/{address.dbname}\n"
    )
    return EXIT_OK


def cmd_hq_publish(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Publish reference files into HQ as one reference release (every kind ``publish`` reads)."""
    import psycopg2

    from counterdesk.queue.postgres import PgAddress
    from counterdesk.sync.publish import PublishRefused, publish_reference

    try:
        address = PgAddress.parse(args.url)
        shipped = load_catalogue(resource("business_types.toml"))
        published = publish_reference(args.url, args.paths, None, args.note, shipped)
    except PublishRefused as exc:
        # A problem list, as procedures check gives: one line each, on stderr, exit 1.
        sys.stderr.write("Nothing was published:\n")
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        return EXIT_PROBLEMS
    except (ValueError, DomainError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except psycopg2.Error as exc:
        raise _hq_database_error(args.url, exc) from exc
    for warning in published.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if published.version is None:
        out.write(f"{address.safe()}: nothing new to publish\n")
    else:
        out.write(
            f"{address.safe()}: reference release {published.version} published "
            f"({published.procedures} procedure(s), {published.staff} staff entries, "
            f"{published.business_types} business type(s), {published.rating_reasons} rating "
            f"reason(s), {published.notices} lobby notice(s))\n"
        )
    return EXIT_OK


def cmd_queue_status(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print today's queue."""
    # Only reads: no quick_check of the journal, whatever state it was left in.
    with Station.open(config, check=Check.NEVER) as station:
        status = open_queue(config, station).status()
        if args.json:
            data = asdict(status)
            data["waiting"] = status.waiting
            print_json(data, out)
            return EXIT_OK
        out.write(f"{status.day}: {status.waiting} waiting, {status.issued_today} issued today\n")
        for item in status.types:
            kind = station.catalogue.get(item.business_type)
            flag = "  OVER TARGET" if item.over_target else ""
            out.write(
                f"  {kind.prefix} {kind.code:<5} {item.waiting:>4} waiting, longest "
                f"{item.longest_wait_seconds / 60:.0f} min (target "
                f"{item.target_seconds / 60:.0f} min){flag}\n"
            )
        for counter in status.counters:
            current = f", serving {counter.ticket_label}" if counter.ticket_label else ""
            reason = f" ({counter.reason})" if counter.reason else ""
            silent = ""
            if not counter.responding:
                beat = counter.heartbeat_at
                last = f"{beat.astimezone():%H:%M:%S}" if beat is not None else "never"
                silent = f", NOT RESPONDING (last heartbeat {last})"
            out.write(
                f"  counter {counter.counter}: {counter.mode.value}{reason}{silent}{current}\n"
            )
    return EXIT_OK


def cmd_queue_close_day(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Close a business day: tickets never called are expired (recorded, not deleted)."""
    with Station.open(config) as station:
        result = open_queue(config, station).close_day(args.date)
    if args.json:
        data = asdict(result)
        data["day"] = result.day.isoformat()
        print_json(data, out)
    elif result.kept_open:
        out.write(f"{result.day}: kept open tonight; nothing expired\n")
    elif result.already_closed:
        out.write(f"{result.day}: already closed; nothing expired\n")
    else:
        out.write(f"{result.day}: closed; {result.expired} waiting ticket(s) expired\n")
    return EXIT_OK


def cmd_queue_keep_open_tonight(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Record that today is not closed at the closing hour."""
    with Station.open(config) as station:
        result = open_queue(config, station).keep_open_tonight()
    if result.already_closed:
        raise CliError(f"{result.day}: already closed; too late to keep it open", EXIT_PROBLEMS)
    out.write(f"{result.day}: kept open tonight; the day will not be closed\n")
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Integrity check of the journal file."""
    from counterdesk.storage.maintenance import integrity_check
    from counterdesk.storage.private import exposed_files, exposure_warning

    path = _existing_journal(config)
    problems = integrity_check(path)
    # Readable by others is a warning, not damage: the exit status stays that of the check.
    warnings = [
        str(exposure_warning(file)) for file in exposed_files(path, [config.data_dir / "backups"])
    ]
    if args.json:
        print_json(
            {"file": str(path), "ok": not problems, "problems": problems, "warnings": warnings},
            out,
        )
    else:
        for problem in problems:
            out.write(f"{path}: {problem}\n")
        for warning in warnings:
            out.write(f"warning: {warning}\n")
        if not problems:
            out.write(f"{path}: ok\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_db_backup(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Online backup of the journal."""
    from counterdesk.storage.maintenance import backup, integrity_check

    path = _existing_journal(config)
    dest = args.out
    if dest is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = config.data_dir / "backups" / f"{path.stem}.{stamp}.db"
    else:
        _check_backup_target(dest, force=args.force)
    # A damaged journal copied page by page would be a damaged backup that says it is fine. The
    # full check, not quick_check: a backup is rare, and only the full one sees broken indexes.
    problems = integrity_check(path)
    if problems:
        raise CliError(
            f"{path}: not backed up, the journal is damaged: {problems[0]} "
            "(counterdesk db check lists every problem)",
            EXIT_DATABASE,
        )
    written = backup(path, dest, overwrite=args.force)
    out.write(f"backed up {path} to {written}\n")
    return EXIT_OK


def _check_backup_target(dest: Path, *, force: bool) -> None:
    """Refuse a ``--out`` that is a folder, exists (without ``--force``) or has no parent folder.

    The parent is never created: ``/media/usb/…`` with the stick not mounted would otherwise fill
    the local disk and report a backup that is not where the operator will look for it.
    """
    if dest.is_dir():
        raise CliError(f"{dest}: is a folder; give the backup file's name", EXIT_USAGE)
    if dest.exists() and not force:
        raise CliError(f"{dest}: already exists; add --force to replace it", EXIT_USAGE)
    if not dest.parent.is_dir():
        raise CliError(
            f"{dest.parent}: no such folder (is the drive mounted?); the backup was not written",
            EXIT_USAGE,
        )


def _existing_journal(config: Config) -> Path:
    """The journal file for ``db check`` and ``db backup``, which never create one."""
    path = config.journal_file
    if path.is_dir():
        raise CliError(f"{path}: is a folder, not a journal file", EXIT_DATABASE)
    if not path.exists():
        raise CliError(f"{path}: no journal file yet", EXIT_DATABASE)
    if not path.is_file():
        # A FIFO or a device would block the check or never end.
        raise CliError(f"{path}: not a regular file, not a journal", EXIT_DATABASE)
    return path


def cmd_db_migrate(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Explicit migration of the journal."""
    from counterdesk.app.station import migrate_journal

    report = migrate_journal(config)
    if report.from_version == report.to_version:
        out.write(f"{config.journal_file}: already at schema version {report.to_version}\n")
    else:
        saved = f"; backup in {report.backup}" if report.backup else ""
        out.write(
            f"{config.journal_file}: upgraded from schema version {report.from_version} to "
            f"{report.to_version}{saved}\n"
        )
    return EXIT_OK


def cmd_run(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Start the windows of the configured role (or of ``--role``)."""
    from counterdesk.app.gui import display_available, no_display_message, run_station
    from counterdesk.app.logs import setup_logging

    role = args.role or config.role
    if not display_available():
        raise CliError(no_display_message(role, config.language), EXIT_USAGE)
    make_folders(config.data_dir)
    setup_logging(config.data_dir, verbose=args.verbose)
    return run_station(replace(config, role=role), roles=(role,))


def cmd_demo(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Run the demo station with sample staff and data."""
    from counterdesk.app.gui import display_available, no_display_message, run_station

    if not math.isfinite(args.simulate) or args.simulate < 0:
        raise CliError("--simulate must be 0 or more arrivals per hour", EXIT_USAGE)
    data_dir = args.data_dir or config.data_dir / "demo"
    if data_dir.exists() and not data_dir.is_dir():
        raise CliError(f"{data_dir}: not a folder (--data-dir)", EXIT_USAGE)
    if not display_available():
        raise CliError(no_display_message("demo", args.lang or config.language), EXIT_USAGE)
    _make_folder(data_dir, "--data-dir")
    from counterdesk.app.logs import setup_logging

    setup_logging(data_dir, verbose=args.verbose)
    demo_config = replace(
        config,
        data_dir=data_dir,
        journal_path=Path("demo.db"),
        queue_url="",
        serves=(),
        language=args.lang or config.language,
        branch_name=config.branch_name if config.source else "Demo Branch 演示网点",
    )
    return run_station(demo_config, demo=True, simulate_per_hour=args.simulate)


def _make_folder(path: Path, option: str) -> None:
    """Create the folder an option names; a file in the way is a usage error, not a traceback."""
    if path.exists() and not path.is_dir():
        raise CliError(f"{path}: not a folder ({option})", EXIT_USAGE)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = f"{path}: cannot create the folder ({option}): {exc.strerror}"
        raise CliError(message, EXIT_USAGE) from exc


def cmd_screenshot(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Render every window in each key state to PNG files."""
    from counterdesk.app.screenshots import take_screenshots

    language = args.lang or config.language
    _make_folder(args.out, "--out")
    for path in take_screenshots(args.out, language):
        out.write(f"{path}\n")
    return EXIT_OK


def cmd_staff_add(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Add a staff account; the PIN comes from stdin (or a prompt on a terminal)."""
    from counterdesk.app.cli_staff import staff_change
    from counterdesk.core.staff import Role, validate_new_member, validate_staff_no

    if args.stars is not None:
        raise CliError(
            "--stars is no longer taken: a teller's stars are the monthly level published by "
            "counterdesk report stars --month YYYY-MM --publish (docs/stars.md)",
            EXIT_USAGE,
        )
    # Checked before the journal is opened: a refused account must not leave a journal behind.
    validate_new_member(args.staff_no, args.name)
    validate_staff_no(args.staff_no)
    pin = read_new_pin(args.staff_no)  # digits, not trivial (0000, 1234, the staff number)
    role = Role(args.role)
    with (
        Station.open(config) as station,
        staff_change(station, "staff_added", args.staff_no, role=role.value) as staff,
    ):
        member = staff.add(args.staff_no, args.name, role, pin)
    out.write(f"added {member.role.value} {member.name} ({member.staff_no})\n")
    return EXIT_OK


def cmd_staff_list(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """List staff accounts (never PINs)."""
    from counterdesk.storage.staff import StaffDirectory

    with Station.open(config, check=Check.NEVER) as station:
        members = StaffDirectory(station.journal, station.clock).all()
    if args.json:
        print_json([asdict(m) for m in members], out)
    else:
        for m in members:
            out.write(f"{m.staff_no:<8} {m.role.value:<10} {m.name}\n")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace, config: Config | None, out: TextIO) -> int:
    """Run every check; one line each with the fix below, or JSON.

    Exit 0 when nothing failed (warnings allowed), 1 on a failed check, 2 when the
    configuration cannot be used (the other checks that need it are then not run).
    """
    from counterdesk.app.cli_doctor import run_doctor

    return run_doctor(args, config, out)


Handler = Callable[[argparse.Namespace, Config, TextIO], int]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code.

    A command that changes something leaves one line in the data folder's log file
    (:mod:`counterdesk.app.cli_log`): what was run, by whom, and how it ended.
    """
    out = out or sys.stdout
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(words)
    _quiet_logging(verbose=args.verbose)
    command: tuple[str, ...] = args.command_path
    outcome = _Outcome()
    from counterdesk.app.cli_log import ActionLog

    action = ActionLog(command, words) if ActionLog.wanted(command) else None
    try:
        code = _dispatch(args, out, outcome)
    except BaseException as exc:
        if action is not None and not isinstance(exc, SystemExit):
            action.finish(outcome.data_dir, 1, f"stopped by {type(exc).__name__}")
        raise
    if action is not None:
        if outcome.data_dir is None and not getattr(args, "reads_config", True):
            # config set: the data folder is the one the file names now (if it reads at all).
            with contextlib.suppress(ConfigError):
                outcome.data_dir = load_config(args.config).data_dir
        action.finish(outcome.data_dir, code, outcome.refusal)
    return code


class _Outcome:
    """What :func:`main` logs of a command: its data folder and, when refused, the message."""

    def __init__(self) -> None:
        self.data_dir: Path | None = None
        self.refusal: str | None = None

    def fail(self, message: str, code: int) -> int:
        self.refusal = sentence(_one_line(message))
        return _fail(message, code)


def _dispatch(args: argparse.Namespace, out: TextIO, outcome: _Outcome) -> int:
    handler: Handler = args.handler
    try:
        if not getattr(args, "reads_config", True):
            # config check and set read the file themselves: a broken file is what they report
            # or fix.
            config = Config()
        else:
            try:
                config = load_config(args.config)
            except ConfigError as exc:
                if not getattr(args, "reports_bad_config", False):
                    raise
                # doctor reports a bad configuration as one of its findings.
                args.config_error = str(exc)
                return cmd_doctor(args, None, out)
            outcome.data_dir = config.data_dir
        code = handler(args, config, out)
        out.flush()  # a reader that went away shows here, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        return _reader_gone()
    except ConfigError as exc:
        return outcome.fail(str(exc), EXIT_USAGE)
    except CliError as exc:
        return outcome.fail(str(exc), exc.code)
    except StorageError as exc:
        return outcome.fail(str(exc), EXIT_DATABASE)
    except ProcedureError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        outcome.refusal = "; ".join(str(p) for p in exc.problems)
        return EXIT_PROBLEMS
    except QueueOfflineError as exc:
        # The queue's database cannot be used now (server down, no such database, bad role).
        return outcome.fail(str(exc), EXIT_DATABASE)
    except DomainError as exc:
        return outcome.fail(str(exc), EXIT_PROBLEMS)


def _quiet_logging(*, verbose: bool) -> None:
    """A command's refusal is its one line: warnings the layers log stay off stderr.

    Without a handler Python prints WARNING records to stderr (a queue server's multi-line
    connection error, before the command's own message). ``--verbose`` shows them and more;
    the windows (``run``, ``demo``) add their log file and stderr handlers themselves.
    """
    import logging

    root = logging.getLogger()
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    elif not root.handlers:
        root.addHandler(logging.NullHandler())


def _reader_gone() -> int:
    """The reader of our output went away (``counterdesk queue status | head -1``): stop quietly.

    As the Python documentation advises for SIGPIPE: the rest of the output goes to devnull, so
    the interpreter's own flush at exit cannot raise a second time and print a traceback.
    """
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_PROBLEMS


def _one_line(message: str) -> str:
    # A server's message may span several lines ("…failed: FATAL: …\n\tIs the server…").
    return re.sub(r"\s*\n\s*", " ", message.strip())


def _fail(message: str, code: int) -> int:
    # A sentence: the refusal's own words start with a capital, as in the windows.
    sys.stderr.write(f"counterdesk: {sentence(_one_line(message))}\n")
    return code
