"""``counterdesk report``: figures for managers; ``report staffing`` is the staffing calculator.

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
from typing import Any, TextIO

from counterdesk.app.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CliError, print_json
from counterdesk.app.config import Config
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text

#: Renders a translatable text in the configured language.
Words = Callable[[Text | DomainError], str]


def add_report_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``counterdesk report`` and its subcommands (others join the same group)."""
    report = commands.add_parser("report", help="figures for managers")
    report_cmds = report.add_subparsers(dest="action", metavar="REPORT", required=True)
    staffing = report_cmds.add_parser(
        "staffing",
        help="counters needed to call a share of customers within a target wait "
        "(Erlang C; Erlang A with --patience-seconds)",
        description="Counters needed for a demand and a service-level target, by Erlang C "
        "(customers wait as long as it takes) and, with --patience-seconds, Erlang A "
        "(waiting customers walk away after that mean time).",
    )
    staffing.add_argument(
        "--arrivals-per-hour",
        type=float,
        required=True,
        metavar="N",
        help="customers arriving per hour (0 or more)",
    )
    staffing.add_argument(
        "--service-seconds",
        type=float,
        required=True,
        metavar="S",
        help="mean service time in seconds (at least 1)",
    )
    staffing.add_argument(
        "--target-seconds",
        type=float,
        required=True,
        metavar="T",
        help="customers should be called within this many seconds (0 or more)",
    )
    staffing.add_argument(
        "--level",
        type=float,
        required=True,
        metavar="P",
        help="share of customers to call within T: a fraction (0.8) or a percentage (80)",
    )
    staffing.add_argument(
        "--patience-seconds",
        type=float,
        metavar="X",
        help="customers' mean patience before walking away (1 to 1000000 s): adds the "
        "Erlang A figures",
    )
    staffing.add_argument("--json", action="store_true", help="print the figures as JSON")
    staffing.set_defaults(handler=cmd_report_staffing)


def cmd_report_staffing(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print the counters needed, and what they achieve, for the demand given."""
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
