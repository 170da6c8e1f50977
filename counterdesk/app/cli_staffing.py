"""``counterdesk report staffing --from DATE --to DATE``: the weekday × hour staffing plan.

The history of the period (arrivals, service times, walk-aways and waits per weekday, hour and
business type) is read from head office when ``[hq] url`` is set, else (or with ``--local``)
from this PC's queue and journal (:mod:`counterdesk.app.staffing_source`); the plan is
:func:`counterdesk.core.staffing_plan.plan`'s. Text in the configured language, or ``--json``.

Exit codes: 0 done; 1 a demand no sensible number of counters meets; 2 bad input (the period
reversed, an unknown zone, a bad level); 3 head office unreachable or refusing.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from counterdesk.app.cli_common import (
    EXIT_DATABASE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
    print_json,
)
from counterdesk.app.config import Config
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text

#: The level used when ``--level`` is not given.
DEFAULT_LEVEL = 0.8


def add_history_arguments(staffing: argparse.ArgumentParser) -> None:
    """The history mode's options of ``report staffing``."""
    from counterdesk.app.cli_report import _day

    staffing.add_argument(
        "--from",
        dest="first",
        type=_day,
        metavar="DATE",
        help="plan from the history of business days DATE to --to (instead of N, S and T)",
    )
    staffing.add_argument("--to", dest="last", type=_day, metavar="DATE")
    staffing.add_argument("--branch", metavar="CODE", help="the branch (default: this one's)")
    staffing.add_argument(
        "--zone", metavar="NAME", help="the branch's time zone (default: this machine's)"
    )
    staffing.add_argument(
        "--local",
        action="store_true",
        help="read this PC's queue and journal even when head office is configured",
    )
    staffing.add_argument(
        "--admin",
        action="store_true",
        help="connect to head office as the [hq] url's own user (any branch)",
    )


def history_mode(args: argparse.Namespace) -> bool:
    """Whether ``report staffing`` plans from history (else it is the calculator).

    Raises:
        CliError: both modes' options given, or neither's (usage, in English as argparse's).
    """
    calculator = [
        name
        for name, value in (
            ("--arrivals-per-hour", args.arrivals_per_hour),
            ("--service-seconds", args.service_seconds),
            ("--target-seconds", args.target_seconds),
            ("--patience-seconds", args.patience_seconds),
        )
        if value is not None
    ]
    history = [
        name
        for name, value in (
            ("--from", args.first),
            ("--to", args.last),
            ("--branch", args.branch),
            ("--zone", args.zone),
            ("--local", args.local or None),
            ("--admin", args.admin or None),
        )
        if value is not None
    ]
    if calculator and history:
        raise CliError(
            f"give either the calculator's figures ({', '.join(calculator)}) or a period "
            f"({', '.join(history)}), not both",
            EXIT_USAGE,
        )
    if history:
        if args.first is None or args.last is None:
            raise CliError("a plan from history needs both --from and --to", EXIT_USAGE)
        return True
    missing = [
        name
        for name, value in (
            ("--arrivals-per-hour", args.arrivals_per_hour),
            ("--service-seconds", args.service_seconds),
            ("--target-seconds", args.target_seconds),
            ("--level", args.level),
        )
        if value is None
    ]
    if missing:
        raise CliError(
            "give the calculator's --arrivals-per-hour, --service-seconds, --target-seconds "
            f"and --level (missing: {', '.join(missing)}), or a period: --from DATE --to DATE",
            EXIT_USAGE,
        )
    return False


def cmd_report_staffing_history(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print the counters needed per weekday and hour of a period's history."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from counterdesk.app.cli_report import _machine_zone, _words
    from counterdesk.app.paths import resource
    from counterdesk.app.staffing_source import read_from_head_office, read_here
    from counterdesk.core.procedures import load_catalogue
    from counterdesk.core.staffing import service_level_fraction
    from counterdesk.core.staffing_plan import plan
    from counterdesk.services.staffing_history import Source

    with _words(config.language) as words:
        if args.last < args.first:
            raise CliError(
                words(
                    Text(
                        QT_TRANSLATE_NOOP("domain", "the period ends ({last}) before it starts"),
                        last=args.last.isoformat(),
                    )
                ),
                EXIT_USAGE,
            )
        try:
            level = DEFAULT_LEVEL if args.level is None else service_level_fraction(args.level)
        except DomainError as exc:
            raise CliError(words(exc), EXIT_USAGE) from exc
        zone_name = args.zone or _machine_zone()
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CliError(
                words(
                    Text(QT_TRANSLATE_NOOP("domain", "unknown time zone {zone}"), zone=zone_name)
                ),
                EXIT_USAGE,
            ) from exc
        branch = args.branch or config.branch_code
        if config.hq_url and not args.local:
            source = Source.HEAD_OFFICE
            catalogue = load_catalogue(resource("business_types.toml"))
            try:
                history = read_from_head_office(
                    config, catalogue, branch=branch, first=args.first, last=args.last,
                    zone=zone, admin=args.admin,
                )  # fmt: skip
            except DomainError as exc:
                raise CliError(words(exc), EXIT_DATABASE) from exc
        else:
            from counterdesk.app.station import Station, open_queue

            source = Source.THIS_PC
            with Station.open(config) as station:
                catalogue = station.catalogue
                queue = open_queue(config, station)
                try:
                    history = read_here(
                        queue, station, branch=branch, first=args.first, last=args.last,
                        zone=zone,
                    )  # fmt: skip
                finally:
                    queue.close()
        try:
            usual = {t.code: float(t.service_seconds) for t in catalogue}
            result = plan(history, catalogue.targets(), level, usual)
        except DomainError as exc:
            raise CliError(words(exc), EXIT_PROBLEMS) from exc
        if args.json:
            print_json(_json(result, source, branch, zone_name, words), out)
        else:
            for line in _lines(result, source, branch, words):
                out.write(f"{line}\n")
    return EXIT_OK


def _figures(cell: Any) -> dict[str, Any]:
    c, a = cell.erlang_c, cell.erlang_a
    return {
        "hour": cell.hour,
        "counters": cell.counters,
        "erlang_a_counters": a.counters if a is not None else None,
        "arrivals_per_hour": cell.arrivals_per_hour,
        "service_seconds": cell.service_seconds,
        "target_seconds": cell.target_seconds,
        "load_erlangs": cell.load,
        "service_level": c.service_level if c is not None else None,
        "mean_wait_seconds": c.mean_wait_seconds if c is not None else None,
        "erlang_a_service_level": a.service_level if a is not None else None,
        "erlang_a_mean_wait_seconds": a.mean_wait_seconds if a is not None else None,
    }


def _json(result: Any, source: Any, branch: str, zone: str, words: Any) -> Any:
    from counterdesk.core.staffing_plan import WEEKDAY_NAMES

    return {
        "source": source.value,
        "branch": branch,
        "from": result.first.isoformat(),
        "to": result.last.isoformat(),
        "zone": zone,
        "level": result.level,
        "patience_seconds": result.patience_seconds,
        "hours": list(result.hours),
        "weekdays": [
            {
                "weekday": WEEKDAY_NAMES[weekday],
                "cells": [_figures(result.cell(weekday, hour)) for hour in result.hours],
            }
            for weekday in result.weekdays
        ],
    }


def cell_text(cell: Any) -> str:
    """A cell as the table shows it: ``3``, or ``3 (2)`` when Erlang A needs another number."""
    if cell.erlang_a_differs:
        return f"{cell.counters} ({cell.erlang_a.counters})"
    return str(cell.counters)


def _lines(result: Any, source: Any, branch: str, words: Any) -> list[str]:
    from counterdesk.core.staffing_plan import WEEKDAY_NAMES
    from counterdesk.services.staffing_history import SOURCE_NAMES

    lines = [
        words(
            Text(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "Counters needed at {branch}, from the business days {first} to {last} "
                    "({source})",
                ),
                branch=branch,
                first=result.first.isoformat(),
                last=result.last.isoformat(),
                source=Text(SOURCE_NAMES[source]),
            )
        ),
        words(
            Text(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "Target: {level} of customers called within the strictest target wait of "
                    "the business types arriving in each hour",
                ),
                level=f"{result.level * 100:.1f}%",
            )
        ),
        "",
    ]
    if not result.weekdays or not result.hours:
        lines.append(
            words(Text(QT_TRANSLATE_NOOP("domain", "No customers arrived in the period.")))
        )
        return lines
    names = [words(Text(WEEKDAY_NAMES[w])) for w in result.weekdays]
    heading = words(Text(QT_TRANSLATE_NOOP("domain", "weekday")))
    first_width = max(len(heading), *(len(n) for n in names))
    cells = [[cell_text(result.cell(w, h)) for h in result.hours] for w in result.weekdays]
    width = max(2, *(len(c) for row in cells for c in row))
    lines.append(
        "  ".join([heading.ljust(first_width), *(f"{h:02d}".rjust(width) for h in result.hours)])
    )
    for name, row in zip(names, cells, strict=True):
        lines.append("  ".join([name.ljust(first_width), *(c.rjust(width) for c in row)]))
    lines.append("")
    lines.append(
        words(
            Text(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "Each figure is the counters Erlang C needs in that local hour (customers "
                    "wait as long as it takes); an hour with no arrivals needs 0.",
                )
            )
        )
    )
    if result.patience_seconds is not None:
        lines.append(
            words(
                Text(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "n (m): Erlang A, with the walk-aways measured (customers wait "
                        "{patience} s on average before leaving), needs m counters.",
                    ),
                    patience=f"{result.patience_seconds:.0f}",
                )
            )
        )
    return lines
