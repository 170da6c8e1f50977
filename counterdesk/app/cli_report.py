"""``counterdesk report``: figures for managers; ``report staffing`` is the staffing calculator.

With ``--from`` and ``--to``, ``report staffing`` plans from history instead
(:mod:`counterdesk.app.cli_staffing`).

``report staffing`` needs no journal or queue: it answers "how many counters for this demand?"
by Erlang C (customers wait as long as it takes) and, given a mean patience, Erlang A (customers
walk away), with the formulas of :mod:`counterdesk.core.staffing`. Its text is in the
configured language; ``--json`` gives the same figures for programs.

Exit codes: 0 done; 1 the target cannot be met with any sensible number of counters; 2 bad
input (a negative or missing figure, a service time under 1 s, a patience outside 1 s to 10⁶ s,
a service level outside (0, 1] or 0-100%), one line on stderr.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from counterdesk.app.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CliError, print_json
from counterdesk.app.cli_staffing import (
    add_history_arguments,
    cmd_report_staffing_history,
    history_mode,
)
from counterdesk.app.config import Config
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text

if TYPE_CHECKING:
    from counterdesk.services.export_files import Cell

#: Renders a translatable text in the configured language.
Words = Callable[[Text | DomainError], str]


def add_report_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``counterdesk report`` and its subcommands (others join the same group)."""
    report = commands.add_parser("report", help="figures for managers")
    report_cmds = report.add_subparsers(dest="action", metavar="REPORT", required=True)
    staffing = report_cmds.add_parser(
        "staffing",
        help="counters needed to call a share of customers within a target wait "
        "(Erlang C; Erlang A with --patience-seconds), or per weekday and hour of a period",
        description="Counters needed for a demand and a service-level target, by Erlang C "
        "(customers wait as long as it takes) and, with --patience-seconds, Erlang A "
        "(waiting customers walk away after that mean time). With --from and --to instead: "
        "the counters needed per weekday and hour from the branch's history of that period "
        "(head office's when configured, else this PC's queue and journal).",
    )
    staffing.add_argument(
        "--arrivals-per-hour",
        type=float,
        metavar="N",
        help="customers arriving per hour (0 or more)",
    )
    staffing.add_argument(
        "--service-seconds",
        type=float,
        metavar="S",
        help="mean service time in seconds (at least 1)",
    )
    staffing.add_argument(
        "--target-seconds",
        type=float,
        metavar="T",
        help="customers should be called within this many seconds (0 or more)",
    )
    staffing.add_argument(
        "--level",
        type=float,
        metavar="P",
        help="share of customers to call within T: a fraction (0.8) or a percentage (80); "
        "with --from/--to 0.8 unless given",
    )
    staffing.add_argument(
        "--patience-seconds",
        type=float,
        metavar="X",
        help="customers' mean patience before walking away (1 to 1000000 s): adds the "
        "Erlang A figures",
    )
    staffing.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_history_arguments(staffing)
    staffing.set_defaults(handler=cmd_report_staffing)
    kpi = report_cmds.add_parser(
        "kpi",
        help="service-quality figures of a period from head office (docs/kpis.md)",
        description="The KPIs of business days FROM to TO, computed by head office's database "
        "([hq] url of the config), as this branch's role (its own branch only) or, with "
        "--admin, as the URL's own user (every branch).",
    )
    kpi.add_argument("--from", dest="first", type=_day, required=True, metavar="DATE")
    kpi.add_argument("--to", dest="last", type=_day, required=True, metavar="DATE")
    kpi.add_argument("--branch", metavar="CODE", help="one branch (default: every one seen)")
    kpi.add_argument(
        "--by",
        choices=["branch", "counter", "teller", "type", "hour", "day", "week", "month"],
        help="one row per counter, teller, business type, hour, ... (default: one row)",
    )
    kpi.add_argument(
        "--format",
        choices=["table", "csv", "json", "xlsx"],
        default="table",
        help="xlsx: an Excel workbook (needs --out)",
    )
    kpi.add_argument("--out", metavar="FILE", help="write to FILE instead of the screen")
    kpi.add_argument(
        "--zone",
        metavar="NAME",
        help="the branches' time zone for hours and days (default: this machine's)",
    )
    kpi.add_argument(
        "--admin",
        action="store_true",
        help="connect as the [hq] url's own user (head office's reporting or admin role)",
    )
    kpi.set_defaults(handler=cmd_report_kpi)
    from counterdesk.app.cli_stars import add_stars_parser

    add_stars_parser(report_cmds)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-11-30") from exc


#: The columns of ``report kpi``: (name in CSV and JSON, translatable heading).
KPI_COLUMNS: tuple[tuple[str, str], ...] = (
    ("arrivals", QT_TRANSLATE_NOOP("domain", "arrivals")),
    ("served", QT_TRANSLATE_NOOP("domain", "served")),
    ("wait_mean_s", QT_TRANSLATE_NOOP("domain", "mean wait (s)")),
    ("wait_median_s", QT_TRANSLATE_NOOP("domain", "median wait (s)")),
    ("wait_p90_s", QT_TRANSLATE_NOOP("domain", "90% wait (s)")),
    ("service_level", QT_TRANSLATE_NOOP("domain", "service level")),
    ("walk_away_rate", QT_TRANSLATE_NOOP("domain", "walk-aways")),
    ("service_mean_s", QT_TRANSLATE_NOOP("domain", "mean service (s)")),
    ("handle_mean_s", QT_TRANSLATE_NOOP("domain", "mean handle (s)")),
    ("recalls", QT_TRANSLATE_NOOP("domain", "recalls")),
    ("transfers", QT_TRANSLATE_NOOP("domain", "transfers")),
    ("holds", QT_TRANSLATE_NOOP("domain", "holds")),
    ("satisfaction", QT_TRANSLATE_NOOP("domain", "satisfaction (0-100)")),
    ("response_rate", QT_TRANSLATE_NOOP("domain", "rated")),
    ("sop_complete", QT_TRANSLATE_NOOP("domain", "SOP complete")),
    ("overrides", QT_TRANSLATE_NOOP("domain", "overrides")),
    ("serving_s", QT_TRANSLATE_NOOP("domain", "serving (s)")),
    ("idle_s", QT_TRANSLATE_NOOP("domain", "idle (s)")),
    ("paused_s", QT_TRANSLATE_NOOP("domain", "paused (s)")),
)


#: The grouping column's heading in ``report kpi``'s table and workbook, by dimension
#: (``core.kpis.By``'s values: the CSV and JSON keys).
DIMENSION_HEADINGS: dict[str, str] = {
    "branch": QT_TRANSLATE_NOOP("domain", "branch"),
    "counter": QT_TRANSLATE_NOOP("domain", "counter"),
    "teller": QT_TRANSLATE_NOOP("domain", "teller"),
    "type": QT_TRANSLATE_NOOP("domain", "business type"),
    "hour": QT_TRANSLATE_NOOP("domain", "hour"),
    "day": QT_TRANSLATE_NOOP("domain", "day"),
    "week": QT_TRANSLATE_NOOP("domain", "week"),
    "month": QT_TRANSLATE_NOOP("domain", "month"),
}


def _machine_zone() -> str:
    """The IANA name of the machine's time zone (``TZ``, else /etc/localtime's link), else UTC."""
    import os
    from pathlib import Path

    named = os.environ.get("TZ", "").lstrip(":")
    if named:
        return named
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


def kpi_rows(report: Any, targets: dict[str, int], by: tuple[Any, ...]) -> list[dict[str, Any]]:
    """One row per group of every figure ``report`` (an ``HqKpis``) gives, keyed by column."""
    arrivals = report.arrivals(by=by)
    waits = report.waiting_times(by=by)
    level = report.service_level(targets, by=by)
    walk = report.walk_aways(by=by)
    served = report.served(by=by)
    service = report.service_times(by=by)
    handle = report.handle_times(by=by)
    recalls, transfers, holds = (
        report.recalls(by=by),
        report.transfers(by=by),
        report.holds(by=by),
    )
    mood = report.satisfaction(by=by)
    sop = report.sop_compliance(by=by)
    time_ = report.teller_time(by=by)
    keys = sorted(
        set(arrivals) | set(served) | set(service) | set(mood) | set(sop) | set(time_)
        | set(recalls) | set(transfers) | set(holds)
    )  # fmt: skip
    rows = []
    for key in keys:
        wait = waits.get(key)
        spent = time_.get(key)
        row: dict[str, Any] = {dim.value: part for dim, part in zip(by, key, strict=True)}
        row.update(
            arrivals=arrivals.get(key, 0),
            served=served.get(key, 0),
            wait_mean_s=wait.mean if wait else None,
            wait_median_s=wait.median if wait else None,
            wait_p90_s=wait.p90 if wait else None,
            service_level=level[key].value if key in level else None,
            walk_away_rate=walk[key].value if key in walk else None,
            service_mean_s=service[key].mean if key in service else None,
            handle_mean_s=handle[key].mean if key in handle else None,
            recalls=recalls.get(key, 0),
            transfers=transfers.get(key, 0),
            holds=holds.get(key, 0),
            satisfaction=mood[key].mean_score if key in mood else None,
            response_rate=mood[key].response_rate.value if key in mood else None,
            sop_complete=sop[key].share.value if key in sop else None,
            overrides=len(sop[key].overrides) if key in sop else 0,
            serving_s=spent.serving if spent else None,
            idle_s=spent.idle if spent else None,
            paused_s=spent.paused_total if spent else None,
        )
        rows.append(row)
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}" if value < 1 else f"{value:.1f}"
    return str(value)


def cmd_report_kpi(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print (or write) the KPIs of a period computed at head office."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from counterdesk.app.cli_common import EXIT_DATABASE
    from counterdesk.app.paths import resource
    from counterdesk.core.kpis import By
    from counterdesk.core.procedures import load_catalogue
    from counterdesk.services.export_files import (
        ExportError,
        ExportTable,
        write_text_atomically,
        write_xlsx,
    )
    from counterdesk.sync.hq import branch_role, connect_admin, hq_password
    from counterdesk.sync.hq_kpi import HqKpis, Scope
    from counterdesk.sync.push import HqUnavailable, connect_branch, password_missing

    with _words(config.language) as words:
        if not config.hq_url:
            raise CliError(
                words(
                    Text(
                        QT_TRANSLATE_NOOP(
                            "domain", "no head office configured: set [hq] url in the config"
                        )
                    )
                ),
                EXIT_USAGE,
            )
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
        if args.format == "xlsx" and not args.out:
            raise CliError(
                words(
                    Text(
                        QT_TRANSLATE_NOOP(
                            "domain",
                            "--format xlsx writes a workbook: name the file with --out FILE",
                        )
                    )
                ),
                EXIT_USAGE,
            )
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
        import psycopg2

        try:
            if args.admin:
                conn = connect_admin(config.hq_url)
            else:
                role = branch_role(config.branch_code)
                password = hq_password(role)
                if password is None:
                    raise CliError(words(password_missing(role)), EXIT_USAGE)
                conn = connect_branch(config.hq_url, config.branch_code, password)
        except HqUnavailable as exc:
            raise CliError(words(exc), EXIT_DATABASE) from exc
        except psycopg2.Error as exc:
            raise CliError(" ".join(str(exc).split()), EXIT_DATABASE) from exc
        catalogue = load_catalogue(resource("business_types.toml"))
        targets = {t.code: t.target_seconds for t in catalogue}
        by = (By(args.by),) if args.by else ()
        try:
            # Not read-only: the period's stale days get their KPI facts computed first
            # (HQ schema 6, sync/hq_facts.py); the raw rows are only read.
            conn.set_session(autocommit=True)
            report = HqKpis(conn, Scope(args.first, args.last, args.branch, zone), catalogue)
            rows = kpi_rows(report, targets, by)
        except psycopg2.Error as exc:
            raise CliError(" ".join(str(exc).split()), EXIT_DATABASE) from exc
        finally:
            conn.close()
        names = [dim.value for dim in by] + [name for name, _ in KPI_COLUMNS]
        # CSV and JSON keys stay the dimension's name; the headings people read are translated.
        headings = [words(Text(DIMENSION_HEADINGS[dim.value])) for dim in by]
        headings += [words(Text(heading)) for _, heading in KPI_COLUMNS]
        try:
            if args.format == "xlsx":
                # Numbers stay numbers in the workbook: Excel sums and charts them.
                table = ExportTable(
                    f"KPI {args.first.isoformat()}..{args.last.isoformat()}",
                    headings,
                    [[_xlsx_cell(row[name]) for name in names] for row in rows],
                )
                write_xlsx(Path(args.out), [table])
                return EXIT_OK
            text = _kpi_text(args, zone_name, names, headings, rows)
            if args.out:
                write_text_atomically(Path(args.out), text)
            else:
                out.write(text)
        except ExportError as exc:
            raise CliError(words(exc), EXIT_USAGE) from exc
    return EXIT_OK


def _xlsx_cell(value: Any) -> Cell:
    """A figure as a workbook cell: numbers and text as they are, anything else as text."""
    if value is None:
        return None
    if isinstance(value, int | float | str):
        return value
    return str(value)


def _kpi_text(
    args: argparse.Namespace,
    zone_name: str,
    names: list[str],
    headings: list[str],
    rows: list[dict[str, Any]],
) -> str:
    """The report as a table, CSV or JSON text."""
    import csv
    import io

    text = io.StringIO()
    if args.format == "json":
        print_json(
            {
                "from": args.first.isoformat(),
                "to": args.last.isoformat(),
                "branch": args.branch,
                "by": args.by,
                "zone": zone_name,
                "rows": rows,
            },
            text,
        )
    elif args.format == "csv":
        writer = csv.DictWriter(text, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        cells = [[_cell(row[name]) for name in names] for row in rows]
        widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(headings)]
        for line in [headings, *cells]:
            text.write("  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)))
            text.write("\n")
    return text.getvalue()


def cmd_report_staffing(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print the counters needed, and what they achieve, for the demand given (or a period's)."""
    if history_mode(args):
        return cmd_report_staffing_history(args, config, out)
    from counterdesk.core.staffing import (
        Demand,
        Model,
        Prediction,
        check_target_seconds,
        counters_needed,
        service_level_fraction,
    )

    with _words(config.language) as words:
        try:
            level = service_level_fraction(args.level)
            demand = Demand(args.arrivals_per_hour, args.service_seconds, args.patience_seconds)
            check_target_seconds(args.target_seconds)
        except DomainError as exc:
            raise CliError(words(exc), EXIT_USAGE) from exc
        try:
            results: list[Prediction] = [
                counters_needed(demand, args.target_seconds, level, model=Model.ERLANG_C)
            ]
            if demand.patience_seconds is not None:
                results.append(
                    counters_needed(demand, args.target_seconds, level, model=Model.ERLANG_A)
                )
        except DomainError as exc:
            raise CliError(words(exc), EXIT_PROBLEMS) from exc
        if args.json:
            print_json(_json(args, level, demand.load, results), out)
        else:
            for line in _lines(args, level, demand.load, results, words):
                out.write(f"{line}\n")
    return EXIT_OK


def _json(args: argparse.Namespace, level: float, load: float, results: list[Any]) -> Any:
    def figures(prediction: Any) -> dict[str, Any]:
        return {
            "counters": prediction.counters,
            "service_level": prediction.service_level,
            "mean_wait_seconds": prediction.mean_wait_seconds,
            "p_wait": prediction.p_wait,
            "p_abandon": prediction.p_abandon,
            "occupancy": prediction.occupancy,
        }

    return {
        "arrivals_per_hour": args.arrivals_per_hour,
        "service_seconds": args.service_seconds,
        "target_seconds": args.target_seconds,
        "level": level,
        "patience_seconds": args.patience_seconds,
        "load_erlangs": load,
        "erlang_c": figures(results[0]),
        "erlang_a": figures(results[1]) if len(results) > 1 else None,
    }


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _seconds(value: float) -> str:
    return f"{value:.1f}"


def _lines(
    args: argparse.Namespace, level: float, load: float, results: list[Any], words: Words
) -> list[str]:
    from counterdesk.core.staffing import Model

    lines = [
        words(
            Text(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "Offered load: {load} Erlangs ({arrivals} arrivals per hour, {service} s "
                    "per service)",
                ),
                load=f"{load:.2f}",
                arrivals=f"{args.arrivals_per_hour:g}",
                service=f"{args.service_seconds:g}",
            )
        ),
        words(
            Text(
                QT_TRANSLATE_NOOP(
                    "domain", "Target: {level} of customers called within {target} s"
                ),
                level=_percent(level),
                target=f"{args.target_seconds:g}",
            )
        ),
    ]
    for prediction in results:
        lines.append("")
        if prediction.model is Model.ERLANG_C:
            heading = Text(QT_TRANSLATE_NOOP("domain", "Erlang C (nobody walks away):"))
        else:
            heading = Text(
                QT_TRANSLATE_NOOP(
                    "domain", "Erlang A (customers walk away after {patience} s on average):"
                ),
                patience=f"{args.patience_seconds:g}",
            )
        lines.append(words(heading))
        rows = [
            Text(
                QT_TRANSLATE_NOOP("domain", "counters needed: {counters}"),
                counters=str(prediction.counters),
            ),
            Text(
                QT_TRANSLATE_NOOP("domain", "service level: {level} called within {target} s"),
                level=_percent(prediction.service_level),
                target=f"{args.target_seconds:g}",
            ),
            Text(
                QT_TRANSLATE_NOOP("domain", "mean wait: {wait} s"),
                wait=_seconds(prediction.mean_wait_seconds),
            ),
            Text(
                QT_TRANSLATE_NOOP("domain", "customers who wait: {share}"),
                share=_percent(prediction.p_wait),
            ),
        ]
        if prediction.model is Model.ERLANG_A:
            rows.append(
                Text(
                    QT_TRANSLATE_NOOP("domain", "customers who walk away: {share}"),
                    share=_percent(prediction.p_abandon),
                )
            )
        rows.append(
            Text(
                QT_TRANSLATE_NOOP("domain", "occupancy of the counters: {share}"),
                share=_percent(prediction.occupancy),
            )
        )
        lines.extend(f"  {words(row)}" for row in rows)
    return lines


class _words:
    """The configured language's translations, installed for one command, then removed.

    Used as ``with _words(language) as words:``; ``words(text)`` renders a :class:`Text` or a
    refusal through Qt's translations (context ``"domain"``), as the windows and ``doctor`` do.
    """

    def __init__(self, language: str) -> None:
        self._language = language
        self._installed: list[Any] = []
        self._app: Any = None

    def __enter__(self) -> Words:
        from PySide6.QtCore import QCoreApplication

        from counterdesk.app.paths import resource
        from counterdesk.ui.i18n import install_translations
        from counterdesk.ui.messages import words_text

        app = QCoreApplication.instance()
        if app is None:
            app = QCoreApplication(["counterdesk"])
        self._app = app
        self._installed = install_translations(app, self._language, resource("i18n"))
        language = self._language

        def words(text: Text | DomainError) -> str:
            return words_text(text, language=language)

        return words

    def __exit__(self, *exc: object) -> None:
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
