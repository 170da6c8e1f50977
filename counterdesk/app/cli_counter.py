"""The command line's counter commands, through the same services as the kiosk and teller windows.

``queue issue`` takes a ticket through :class:`~counterdesk.services.kiosk.KioskService` (a
priority ticket needs the lobby manager's staff number and PIN and is audited); ``queue call``
signs a verified teller in through :class:`~counterdesk.services.desk.CounterDesk` and calls
the next customer, so the journal holds the session and the service like at the window.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from dataclasses import replace
from typing import TextIO

from counterdesk.app.cli_common import (
    EXIT_EMPTY,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    PIN_ENV,
    CliError,
    print_json,
    ticket_json,
)
from counterdesk.app.config import COUNTER_NUMBERS, Config
from counterdesk.app.station import Station
from counterdesk.core.business import Priority
from counterdesk.core.errors import DomainError, QueueEmptyError
from counterdesk.core.procedures import load_catalogue
from counterdesk.resources import resource


def _pin(staff_no: str) -> str:
    """A staff member's PIN: from the environment, else a prompt (never a command-line argument)."""
    import getpass
    import os

    pin = os.environ.get(PIN_ENV)
    if pin:
        return pin
    if sys.stdin.isatty():
        return getpass.getpass(f"PIN of {staff_no}: ")
    return sys.stdin.readline().strip()


def cmd_queue_issue(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Take a ticket through the kiosk's service (a priority one with the lobby manager's PIN)."""
    from counterdesk.app.builders import build_kiosk

    priority = Priority.parse(args.priority)
    if priority > Priority.NORMAL and not args.staff:
        raise CliError(
            f"--staff is needed: a {args.priority} ticket is issued by the lobby manager "
            f"(staff number; PIN from {PIN_ENV} or the prompt)",
            EXIT_USAGE,
        )
    # Checked before the journal is opened: a refused ticket must not leave a journal behind.
    load_catalogue(resource("business_types.toml")).get(args.type)
    with Station.open(config) as station:
        kiosk = build_kiosk(station)
        try:
            if priority > Priority.NORMAL:
                kiosk.unlock_priority(args.staff, _pin(args.staff))
            ticket = kiosk.issue(args.type, priority, operator=True).ticket
        finally:
            kiosk.queue.close()
        if args.json:
            print_json(ticket_json(ticket), out)
        else:
            kind = station.catalogue.get(ticket.business_type)
            out.write(f"{ticket.label}  {kind.name(config.language)}\n")
    return EXIT_OK


def cmd_queue_call(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Sign the teller in at a counter and call the next customer, as the teller window does.

    The teller's session and the service are written to the journal like at the window; the
    teller carries on at the window, which takes the customer over when they sign in there.
    """
    from counterdesk.app.builders import build_desk

    counter = args.counter if args.counter is not None else config.counter_number
    if counter not in COUNTER_NUMBERS:
        # Checked before the journal is opened; a huge number would overflow SQLite's integers.
        raise CliError(
            f"--counter must be a counter number from {COUNTER_NUMBERS[0]} to "
            f"{COUNTER_NUMBERS[-1]}, got {counter}",
            EXIT_USAGE,
        )
    config = replace(config, counter_number=counter)
    with Station.open(config) as station:
        desk = build_desk(station)
        try:
            if counter in desk.queue.open_counters():
                raise CliError(
                    f"counter {counter} is open: somebody is signed in there; "
                    "call from its teller window",
                    EXIT_PROBLEMS,
                )
            desk.start_up()
            desk.sign_in(args.staff, _pin(args.staff))
            try:
                state = desk.call_next()
            except DomainError as exc:
                with contextlib.suppress(DomainError):
                    desk.sign_out()  # nobody was called: the counter closes again
                if isinstance(exc, QueueEmptyError):
                    raise CliError(str(exc), EXIT_EMPTY) from exc
                raise
        finally:
            desk.queue.close()
        decision = desk.last_call
        if decision is None or state.current is None:  # call_next always leaves both set
            raise CliError(f"counter {counter}: nobody was called", EXIT_PROBLEMS)
        ticket = decision.ticket
        if args.json:
            data = ticket_json(ticket)
            data["reason"] = decision.reason.value
            data["staff_no"] = args.staff
            print_json(data, out)
        else:
            out.write(f"{ticket.label} to counter {counter}  ({decision.reason.value})\n")
    return EXIT_OK
