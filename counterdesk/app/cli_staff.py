"""The command line's staff administration: disable, enable, reset a PIN, unlock, set a photo.

Each change is written to the journal's audit log (actor ``cli:<user>``, action ``staff_*``,
the staff number in the detail; never a PIN). A new PIN is read without echo at a terminal or
as one line from stdin for scripts, never from an argument, and must not be trivial
(:func:`~counterdesk.core.staff.validate_new_pin`).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from counterdesk.app.cli_common import EXIT_OK, EXIT_USAGE, CliError
from counterdesk.app.config import Config
from counterdesk.app.station import Station

if TYPE_CHECKING:
    from counterdesk.storage.staff import StaffDirectory

#: Photo files the customer screen shows (Qt reads them all).
PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg")
#: Where ``staff set-photo`` copies photos, inside the data folder.
PHOTO_FOLDER = "photos"


def add_staff_admin_parsers(staff_cmds: Any) -> None:
    """Add ``disable``, ``enable``, ``reset-pin``, ``unlock`` and ``set-photo`` under ``staff``."""
    for name, help_text, handler in (
        ("disable", "stop an account signing in (kept, with its history)", cmd_staff_disable),
        ("enable", "let a disabled account sign in again", cmd_staff_enable),
        ("reset-pin", "give an account a new PIN (read from stdin); lifts a lock", cmd_reset_pin),
        ("unlock", "lift a lock after wrong PINs (the PIN is unchanged)", cmd_staff_unlock),
    ):
        sub = staff_cmds.add_parser(name, help=help_text)
        sub.add_argument("staff_no", metavar="STAFF_NO")
        sub.set_defaults(handler=handler)
    photo = staff_cmds.add_parser(
        "set-photo", help="copy a photo (.png/.jpg) for the customer screen, or --remove it"
    )
    photo.add_argument("staff_no", metavar="STAFF_NO")
    which = photo.add_mutually_exclusive_group(required=True)
    which.add_argument("photo", metavar="PHOTO", nargs="?", type=Path)
    which.add_argument("--remove", action="store_true", help="show no photo")
    photo.set_defaults(handler=cmd_staff_set_photo)


def read_new_pin(staff_no: str) -> str:
    """A new PIN: a prompt without echo (typed twice) at a terminal, else one line of stdin.

    Raises:
        DomainError: the PIN is malformed or trivial.
        CliError: the two PINs typed differ.
    """
    import getpass

    from counterdesk.core.staff import validate_new_pin

    if sys.stdin.isatty():
        pin = getpass.getpass("New PIN: ")
        if getpass.getpass("New PIN again: ") != pin:
            raise CliError("the two PINs differ; nothing was changed", EXIT_USAGE)
    else:
        pin = sys.stdin.readline().strip()
    validate_new_pin(pin, staff_no)
    return pin


def _actor() -> str:
    """Who ran the command, for the audit log: the operating-system user."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"


@contextlib.contextmanager
def staff_change(
    station: Station, action: str, staff_no: str, **detail: Any
) -> Iterator[StaffDirectory]:
    """Change an account from the command line, with its audit row in the same transaction.

    The change and the audit row (``action``, the staff number and ``detail``, never a PIN)
    commit together or not at all.
    """
    from counterdesk.storage.staff import StaffDirectory
    from counterdesk.storage.unit_of_work import UnitOfWork

    with station.journal.atomic("IMMEDIATE"):
        yield StaffDirectory(station.journal, station.clock)
        with UnitOfWork(station.journal, station.clock).transaction() as tx:
            tx.audit(_actor(), action, {"staff_no": staff_no, **detail})


def _change_account(
    config: Config,
    out: TextIO,
    staff_no: str,
    action: str,
    change: Callable[[StaffDirectory], None],
    done: str,
) -> int:
    with Station.open(config) as station, staff_change(station, action, staff_no) as staff:
        change(staff)
    out.write(f"{done} {staff_no}\n")
    return EXIT_OK


def cmd_staff_disable(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Disable an account: it can no longer sign in."""
    return _change_account(
        config,
        out,
        args.staff_no,
        "staff_disabled",
        lambda staff: staff.set_active(args.staff_no, False),
        "disabled",
    )


def cmd_staff_enable(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Enable a disabled account again (and clear any lock)."""
    return _change_account(
        config,
        out,
        args.staff_no,
        "staff_enabled",
        lambda staff: staff.set_active(args.staff_no, True),
        "enabled",
    )


def cmd_reset_pin(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Give an account a new PIN, read without echo or from stdin; this lifts any lock."""
    pin = read_new_pin(args.staff_no)  # checked before the journal is opened
    return _change_account(
        config,
        out,
        args.staff_no,
        "staff_pin_reset",
        lambda staff: staff.set_pin(args.staff_no, pin),
        "new PIN set for",
    )


def cmd_staff_unlock(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Lift a lock-out after wrong PINs."""
    return _change_account(
        config,
        out,
        args.staff_no,
        "staff_unlocked",
        lambda staff: staff.unlock(args.staff_no),
        "unlocked",
    )


def cmd_staff_set_photo(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Copy a photo into the data folder for the customer screen, or remove it."""
    stored: str | None = None
    source: Path | None = None if args.remove else args.photo
    if source is not None:
        if source.suffix.lower() not in PHOTO_SUFFIXES:
            raise CliError(f"{source}: a photo is a {', '.join(PHOTO_SUFFIXES)} file", EXIT_USAGE)
        if not source.is_file():
            raise CliError(f"{source}: no such file", EXIT_USAGE)
        if not args.staff_no.isascii() or not args.staff_no.isalnum():
            # It names the copied file: no path separators or dots.
            raise CliError(f"{args.staff_no!r}: no staff member has this number", EXIT_USAGE)
        stored = f"{PHOTO_FOLDER}/{args.staff_no}{source.suffix.lower()}"
    with (
        Station.open(config) as station,
        staff_change(station, "staff_photo_set", args.staff_no, photo=stored) as staff,
    ):
        staff.get(args.staff_no)  # an unknown number copies nothing
        if source is not None and stored is not None:
            target = config.data_dir / stored
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        staff.set_photo(args.staff_no, stored)
    out.write(f"photo of {args.staff_no}: {stored or 'none'}\n")
    return EXIT_OK
