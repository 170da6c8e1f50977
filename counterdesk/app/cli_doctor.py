"""``counterdesk doctor``: every check of this terminal, printed for IT staff or as JSON."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TextIO

from counterdesk.app.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_json
from counterdesk.app.config import Config
from counterdesk.app.doctor import config_origin, full_report, report_json, report_lines
from counterdesk.app.paths import resource
from counterdesk.core.text import sentence


def run_doctor(args: argparse.Namespace, config: Config | None, out: TextIO) -> int:
    """Run the checks and print them; the exit code says whether any failed.

    Args:
        args: the parsed command line (``--json``; ``config_error`` when the file was refused).
        config: the configuration, or None when it could not be used.
        out: where the report goes.

    Returns:
        0 nothing failed (warnings allowed), 1 a check failed, 2 the configuration is unusable.
    """
    from counterdesk.app.gui import display_available

    display = display_available()
    if not display:
        # Fonts and speech need no screen: Qt's offscreen platform reads the same font
        # configuration. The screens check then says there is no display.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _qt_messages_to_log()
    from counterdesk.ui.diagnostics import ensure_app
    from counterdesk.ui.i18n import install_translations
    from counterdesk.ui.messages import words_text

    app = ensure_app()
    language = config.language if config is not None else "en"
    translators = install_translations(app, language, resource("i18n"))
    config_error = getattr(args, "config_error", "")
    report = full_report(
        config,
        config_error=config_error,
        origin=config_origin(args.config),
        display=display,
    )

    def words(text: object) -> str:
        return words_text(text, language=language)  # type: ignore[arg-type]

    if args.json:
        data = report_json(report, words)
        data["exit_code"] = _code(report.failed, config_error)
        print_json(data, out)
    else:
        for line in report_lines(report, words):
            out.write(f"{line}\n")
    del translators
    if config_error:
        # The refusal's one line, as every command gives it, after the report.
        sys.stderr.write(f"counterdesk: {sentence(' '.join(config_error.split()))}\n")
    return _code(report.failed, config_error)


def _qt_messages_to_log() -> None:
    """Qt's own messages (codec libraries not found, no sound server) go to the log, not stderr.

    They are what the checks report on, in words; ``--verbose`` shows them.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        del context
        level = logging.DEBUG if kind == QtMsgType.QtDebugMsg else logging.WARNING
        qt_log.log(level, "%s", message)

    qInstallMessageHandler(handler)


def _code(failed: bool, config_error: str) -> int:
    if config_error:
        return EXIT_USAGE
    return EXIT_PROBLEMS if failed else EXIT_OK
