"""``counterdesk setup``: the wizard's hooks from the loader, the queue probe and the printers.

The wizard (``ui/setup/wizard.py``) decides nothing itself: every value is checked by
:func:`counterdesk.app.config_file.value_problem` (the loader), the file is written by
:func:`counterdesk.app.config_file.write_values` (the writer ``config set`` uses), the queue is
tried by :func:`counterdesk.queue.probe.probe_queue` and the test slip goes through the
kiosk's own printers (``services/printing.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counterdesk.app.config import Config
from counterdesk.app.config_file import value_problem, write_values
from counterdesk.app.paths import resource
from counterdesk.core.slip import SlipLine, TicketSlip

if TYPE_CHECKING:
    from counterdesk.queue.probe import QueueProbe
    from counterdesk.ui.setup.wizard import SetupHooks, SetupStart, SetupWizard


def trial_slip(branch_name: str, now: datetime) -> TicketSlip:
    """The slip "Print test slip" prints: the branch, the words TEST SLIP, the time."""
    return TicketSlip(
        label="TEST",
        lines=(
            SlipLine(branch_name, bold=True),
            SlipLine("测试 TEST", size="double", bold=True),
            SlipLine("counterdesk"),
            SlipLine(f"{now:%Y-%m-%d %H:%M:%S}"),
        ),
    )


def print_test_slip(spec: str, branch_name: str) -> None:
    """Print a test slip on the printer a ``kiosk.printer`` value names (blocks: on a worker).

    Raises:
        ValueError: a bad printer value.
        PrinterError: the printer did not take the slip.
    """
    from counterdesk.services.printing import open_printer
    from counterdesk.ui.kiosk.printer import QtSystemPrinter

    printer = open_printer(spec, system=QtSystemPrinter)
    if printer is None:
        raise ValueError("no printer chosen (none)")
    printer.print_slip(trial_slip(branch_name, datetime.now().astimezone()))


def setup_hooks(config: Config, target: Path) -> SetupHooks:
    """The wizard's hooks for a terminal whose file is ``target``."""
    from counterdesk.queue.probe import probe_queue
    from counterdesk.ui.setup.wizard import SetupHooks

    journal_exists = config.journal_file.exists()

    def check(key: str, value: Any) -> str:
        return value_problem(key, value, journal_exists)

    def probe(url: str) -> QueueProbe:
        return probe_queue(url, config.journal_file)

    def save(values: dict[str, Any]) -> None:
        write_values(target, values)

    return SetupHooks(
        check=check,
        probe=probe,
        print_test=lambda spec: print_test_slip(spec, config.branch_name),
        save=save,
    )


def setup_start(config: Config) -> SetupStart:
    """The wizard's first values: the terminal's effective configuration."""
    from counterdesk.ui.setup.wizard import SetupStart

    return SetupStart(
        role=config.role, language=config.language, branch_code=config.branch_code,
        branch_name=config.branch_name, counter_number=config.counter_number,
        serves=config.serves, queue_url=config.queue_url, hq_url=config.hq_url,
        sync_at=f"{config.sync_at:%H:%M}", customer_screen=config.customer_screen,
        printer=config.printer, voice=config.voice,
    )  # fmt: skip


def build_wizard(config: Config, target: Path, hooks: SetupHooks | None = None) -> SetupWizard:
    """The wizard for this terminal, over the shipped business types (a QApplication exists)."""
    from counterdesk.core.procedures import load_catalogue
    from counterdesk.ui.setup.wizard import SetupWizard

    catalogue = load_catalogue(resource("business_types.toml"))
    return SetupWizard(hooks or setup_hooks(config, target), catalogue, setup_start(config), target)


def run_setup(
    config: Config,
    target: Path,
    *,
    argv: list[str] | None = None,
    on_ready: Callable[[SetupWizard], None] | None = None,
) -> bool:
    """Show the wizard until it is finished or cancelled; whether the file was written."""
    from PySide6.QtWidgets import QApplication

    from counterdesk.ui.i18n import ensure_cjk_font, install_translations

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("counterdesk")
    translators = install_translations(app, config.language, resource("i18n"))
    ensure_cjk_font(app)
    wizard = build_wizard(config, target)
    if on_ready is not None:
        on_ready(wizard)
    wizard.exec()
    for translator in translators:
        app.removeTranslator(translator)
    return wizard.saved
