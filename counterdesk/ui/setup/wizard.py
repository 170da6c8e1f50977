"""The set-up wizard (``counterdesk setup``): a terminal's configuration without editing TOML.

The wizard only shows and collects. What a value may be, how a queue is reached, how a test
slip is printed and how the file is written come in through :class:`SetupHooks`, built by the
app from the loader (``app/config_file.py``), so the wizard can never accept what the program
would refuse at its next start. Connecting and printing run on the task runner's worker.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from counterdesk.core.business import Catalogue
from counterdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from counterdesk.queue.probe import QueueProbe

#: The languages a terminal speaks, each named in itself.
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "zh_CN": "简体中文"}


@dataclass(frozen=True)
class SetupHooks:
    """What the wizard needs from the program, so it decides nothing itself.

    Attributes:
        check: the loader's problem with one value (``check("counter.number", 0)``), "" if none.
        probe: connects to a ``queue.url`` and reads its schema (on the worker); raises with a
            one-line reason when it cannot.
        print_test: prints a test slip on a ``kiosk.printer`` (on the worker); raises on a
            fault.
        save: writes the values into the config file atomically; raises ``ConfigError`` or
            ``OSError`` and writes nothing when it refuses.
    """

    check: Callable[[str, Any], str]
    probe: Callable[[str], QueueProbe]
    print_test: Callable[[str], None]
    save: Callable[[dict[str, Any]], None]


class _Page(QWizardPage):
    """A page with a line for the loader's refusal and the keys it writes."""

    def __init__(self, hooks: SetupHooks) -> None:
        super().__init__()
        self.hooks = hooks
        self.problem = QLabel()
        self.problem.setObjectName("setup-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()

    def values(self) -> dict[str, Any]:
        """The keys this page sets and their values."""
        return {}

    def first_field(self) -> QWidget | None:
        """The widget that takes the focus when the page opens."""
        return None

    def field_of(self, key: str) -> QWidget | None:
        """The widget that edits ``key`` (focused when the loader refuses it)."""
        del key
        return self.first_field()

    def validatePage(self) -> bool:
        """Check every value as the loader does; stay on the page with the first refusal shown."""
        for key, value in self.values().items():
            problem = self.hooks.check(key, value)
            if problem:
                self.show_problem(key, problem)
                return False
        self.problem.hide()
        return True

    def show_problem(self, key: str, problem: str) -> None:
        """Say what is wrong with a value and put the cursor there."""
        self.problem.setText(f"{key}: {problem}")
        self.problem.show()
        widget = self.field_of(key)
        if widget is not None:
            widget.setFocus()


class RolePage(_Page):
    """What this PC is: a teller's counter, the ticket kiosk, the lobby display or the manager's."""

    ROLES = ("teller", "kiosk", "display", "manager")

    def __init__(self, hooks: SetupHooks, role: str) -> None:
        super().__init__(hooks)
        self.setTitle(self.tr("What is this computer?"))
        self.setSubTitle(self.tr("Each computer in the branch has one role."))
        texts = {
            "teller": self.tr("A teller's counter (with the customer screen)"),
            "kiosk": self.tr("The ticket kiosk in the lobby"),
            "display": self.tr("The lobby display that calls tickets"),
            "manager": self.tr("The branch manager's or supervisor's desk (board and reports)"),
        }
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for index, name in enumerate(self.ROLES):
            button = QRadioButton(texts[name])
            button.setObjectName(f"role-{name}")
            self.group.addButton(button, index)
            self.buttons[name] = button
            layout.addWidget(button)
        self.buttons.get(role, self.buttons["teller"]).setChecked(True)
        layout.addStretch(1)
        layout.addWidget(self.problem)

    def role(self) -> str:
        """The chosen role."""
        return self.ROLES[max(self.group.checkedId(), 0)]

    def values(self) -> dict[str, Any]:
        """``role``."""
        return {"role": self.role()}

    def first_field(self) -> QWidget | None:
        """The chosen role's button."""
        return self.buttons[self.role()]


class BranchPage(_Page):
    """The branch's code (as head office knows it) and its name."""

    def __init__(self, hooks: SetupHooks, code: str, name: str) -> None:
        super().__init__(hooks)
        self.setTitle(self.tr("Branch"))
        self.setSubTitle(self.tr("The branch code is the one head office gave this branch."))
        self.code = QLineEdit(code)
        self.code.setObjectName("branch-code")
        self.name = QLineEdit(name)
        self.name.setObjectName("branch-name")
        form = QFormLayout(self)
        form.addRow(self.tr("Branch code:"), self.code)
        form.addRow(self.tr("Branch name:"), self.name)
        form.addRow(self.problem)

    def values(self) -> dict[str, Any]:
        """``branch.code`` and ``branch.name``."""
        return {"branch.code": self.code.text().strip(), "branch.name": self.name.text().strip()}

    def first_field(self) -> QWidget | None:
        """The branch code."""
        return self.code

    def field_of(self, key: str) -> QWidget | None:
        """The code's or the name's field."""
        return self.name if key == "branch.name" else self.code


class CounterPage(_Page):
    """The counter's number and the business types it serves, from the catalogue."""

    def __init__(
        self, hooks: SetupHooks, catalogue: Catalogue, language: str, number: int,
        serves: tuple[str, ...],
    ) -> None:  # fmt: skip
        super().__init__(hooks)
        self.setTitle(self.tr("Counter"))
        self.setSubTitle(
            self.tr("Tick the business types this counter serves; none ticked serves every type.")
        )
        self.number = QSpinBox()
        self.number.setObjectName("counter-number")
        self.number.setRange(1, 999)
        self.number.setValue(number)
        self.types = QListWidget()
        self.types.setObjectName("counter-serves")
        wanted = set(serves)
        for kind in catalogue:
            item = QListWidgetItem(f"{kind.prefix}  {kind.code}  {kind.name(language)}")
            item.setData(Qt.ItemDataRole.UserRole, kind.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = kind.code in wanted or kind.prefix in wanted
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.types.addItem(item)
        form = QFormLayout(self)
        form.addRow(self.tr("Counter number:"), self.number)
        form.addRow(self.tr("Serves:"), self.types)
        form.addRow(self.problem)

    def serves(self) -> list[str]:
        """The ticked codes, in catalogue order (the order of preference when calling)."""
        items = (self.types.item(row) for row in range(self.types.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def values(self) -> dict[str, Any]:
        """``counter.number`` and ``counter.serves``."""
        return {"counter.number": self.number.value(), "counter.serves": self.serves()}

    def first_field(self) -> QWidget | None:
        """The counter number."""
        return self.number

    def field_of(self, key: str) -> QWidget | None:
        """The number or the list of types."""
        return self.types if key == "counter.serves" else self.number


class QueuePage(_Page):
    """Where the branch's ticket queue is, with a "Test connection" button.

    Signals:
        probe_finished(bool, str): the test ended; whether the queue can be used, and the
            text shown.
    """

    probe_finished = Signal(bool, str)

    def __init__(self, hooks: SetupHooks, runner: TaskRunner, url: str) -> None:
        super().__init__(hooks)
        self.runner = runner
        self.setTitle(self.tr("Ticket queue"))
        self.setSubTitle(
            self.tr(
                "Leave empty when the kiosk, counters and display share this computer. "
                "Several computers: the branch server, postgresql://ROLE@HOST/DATABASE, "
                "or a shared SQLite file, sqlite:///PATH."
            )
        )
        self.url = QLineEdit(url)
        self.url.setObjectName("queue-url")
        self.url.setPlaceholderText(self.tr("empty: the journal file on this computer"))
        self.url.textChanged.connect(self._forget_result)
        self.browse = QPushButton(self.tr("SQLite file…"))
        self.browse.setObjectName("queue-browse")
        self.browse.clicked.connect(self._choose_file)
        self.test = QPushButton(self.tr("Test connection"))
        self.test.setObjectName("queue-test")
        self.test.clicked.connect(self.start_test)
        self.result = QLabel()
        self.result.setObjectName("queue-result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow(self.tr("Queue address:"), row)
        form.addRow("", _left(self.test))
        form.addRow(self.result)
        form.addRow(self.problem)

    def values(self) -> dict[str, Any]:
        """``queue.url``."""
        return {"queue.url": self.url.text().strip()}

    def first_field(self) -> QWidget | None:
        """The address."""
        return self.url

    @Slot()
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Queue file"), "", self.tr("SQLite files (*.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )  # fmt: skip
        if path:
            self.url.setText(f"sqlite:///{path}")

    @Slot()
    def _forget_result(self) -> None:
        self.result.clear()

    @Slot()
    def start_test(self) -> None:
        """Check the address as the loader does, then connect on the worker."""
        url = self.url.text().strip()
        problem = self.hooks.check("queue.url", url)
        if problem:
            self._finish(False, self.tr("Not a queue address: %1").replace("%1", problem))
            return
        self.test.setEnabled(False)
        self.result.setText(self.tr("Connecting…"))
        probe = self.hooks.probe
        self.runner.run(lambda: probe(url), self._answered, self._failed)

    def _answered(self, probe: QueueProbe) -> None:
        where, have, need = probe.where, str(probe.have), str(probe.need)
        if probe.have == probe.need:
            text = self.tr(
                "Connected to %1: queue schema version %2, as this program needs (%3 ms)."
            )
            self._finish(True, _args(text, where, have, f"{probe.milliseconds:.0f}"))
        elif probe.have == 0 and probe.usable:
            text = self.tr("%1 holds no queue yet: it is created at the first start.")
            self._finish(True, _args(text, where))
        elif probe.have == 0:
            text = self.tr("Reached %1, but it holds no queue: run counterdesk queue init URL.")
            self._finish(False, _args(text, where))
        else:
            text = self.tr("%1 has queue schema version %2; this program needs version %3.")
            self._finish(False, _args(text, where, have, need))

    def _failed(self, error: BaseException) -> None:
        self._finish(False, self.tr("Could not connect: %1").replace("%1", str(error)))

    def _finish(self, usable: bool, text: str) -> None:
        self.test.setEnabled(True)
        self.result.setText(("✓ " if usable else "✗ ") + text)
        self.probe_finished.emit(usable, text)


class HeadOfficePage(_Page):
    """Head office's database for the nightly sync, and when the sync runs."""

    def __init__(self, hooks: SetupHooks, url: str, sync_at: str) -> None:
        super().__init__(hooks)
        self.setTitle(self.tr("Head office"))
        self.setSubTitle(
            self.tr(
                "The nightly sync sends this terminal's records to head office. Leave the "
                "address empty for no sync. The password comes from the environment or the "
                "system keyring, never from this file."
            )
        )
        self.url = QLineEdit(url)
        self.url.setObjectName("hq-url")
        self.url.setPlaceholderText("postgresql://ROLE@HOST/DATABASE")
        self.sync_at = QLineEdit(sync_at)
        self.sync_at.setObjectName("hq-sync-at")
        self.sync_at.setInputMask("99:99")
        form = QFormLayout(self)
        form.addRow(self.tr("Head office address:"), self.url)
        form.addRow(self.tr("Sync at (local time):"), self.sync_at)
        form.addRow(self.problem)

    def values(self) -> dict[str, Any]:
        """``hq.url`` and ``hq.sync_at``."""
        return {"hq.url": self.url.text().strip(), "hq.sync_at": self.sync_at.text().strip()}

    def first_field(self) -> QWidget | None:
        """The address."""
        return self.url

    def field_of(self, key: str) -> QWidget | None:
        """The address or the time."""
        return self.sync_at if key == "hq.sync_at" else self.url


class ScreenMarker(QWidget):
    """A frameless window showing one screen's number large, while the screen is being chosen."""

    def __init__(self, number: int, screen: QScreen) -> None:
        flags = (
            Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.Tool
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        super().__init__(None, flags)
        self.setObjectName(f"screen-marker-{number}")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet("background: #0b3d91; color: white;")
        self.number = QLabel(str(number))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.number.font())
        area = screen.geometry()
        font.setPixelSize(max(48, area.height() // 5))
        font.setBold(True)
        self.number.setFont(font)
        self.name = QLabel(screen.name())
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.name)
        self.winId()  # the native window must exist before it moves to another screen
        handle = self.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        # The top left corner, on top of everything (a kiosk's full-screen window too), but
        # clear of the middle of the screen, where the wizard itself opens.
        width, height = area.width() // 4, area.height() // 3
        self.setGeometry(area.x(), area.y(), width, height)


class ScreensPage(_Page):
    """Which screen is the customer's; every screen shows its number while this page is open."""

    def __init__(self, hooks: SetupHooks, current: str | int) -> None:
        super().__init__(hooks)
        self.setTitle(self.tr("Screens"))
        self.setSubTitle(
            self.tr(
                "Each screen shows its number now. Choose the one the customer faces (a kiosk "
                "or lobby display fills it)."
            )
        )
        self.markers: list[ScreenMarker] = []
        self.choice = QListWidget()
        self.choice.setObjectName("screens-customer")
        auto = QListWidgetItem(self.tr("Automatic: the first screen that is not the main one"))
        auto.setData(Qt.ItemDataRole.UserRole, "auto")
        self.choice.addItem(auto)
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        selected = 0
        for index, screen in enumerate(screens):
            size = screen.geometry()
            text = self.tr("Screen %1: %2 (%3 × %4)")
            if screen is primary:
                text = self.tr("Screen %1: %2 (%3 × %4), the main screen")
            label = _args(
                text, str(index + 1), screen.name(), str(size.width()), str(size.height())
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, screen.name())
            self.choice.addItem(item)
            if current in (screen.name(), index):
                selected = index + 1
        self.choice.setCurrentRow(selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.problem)

    def values(self) -> dict[str, Any]:
        """``screens.customer``: ``auto`` or a screen's name (names survive re-cabling)."""
        item = self.choice.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else "auto"
        return {"screens.customer": value if isinstance(value, int) else str(value)}

    def first_field(self) -> QWidget | None:
        """The list of screens."""
        return self.choice

    def show_markers(self) -> None:
        """Put every screen's number on it."""
        self.hide_markers()
        for index, screen in enumerate(QGuiApplication.screens()):
            marker = ScreenMarker(index + 1, screen)
            marker.show()
            self.markers.append(marker)

    def hide_markers(self) -> None:
        """Take the numbers off the screens."""
        for marker in self.markers:
            marker.close()
            marker.deleteLater()
        self.markers.clear()


class PrinterPage(_Page):
    """The kiosk's ticket printer, with a "Print test slip" button.

    Signals:
        print_finished(bool, str): the test slip was printed (or not), and the text shown.
    """

    print_finished = Signal(bool, str)

    PRESETS = (
        "none",
        "system",
        "escpos-network://192.168.1.50:9100",
        "escpos-usb://04b8:0202",
        "escpos-serial:///dev/ttyUSB0?baudrate=9600",
    )

    def __init__(self, hooks: SetupHooks, runner: TaskRunner, printer: str) -> None:
        super().__init__(hooks)
        self.runner = runner
        self.setTitle(self.tr("Ticket printer"))
        self.setSubTitle(
            self.tr(
                "none: tickets are only shown; system: the computer's default printer; "
                "escpos-…: a receipt printer on the network, USB or a serial port."
            )
        )
        self.spec = QComboBox()
        self.spec.setObjectName("kiosk-printer")
        self.spec.setEditable(True)
        self.spec.addItems(list(self.PRESETS))
        self.spec.setCurrentText(printer or "none")
        self.test = QPushButton(self.tr("Print test slip"))
        self.test.setObjectName("printer-test")
        self.test.clicked.connect(self.start_test)
        self.result = QLabel()
        self.result.setObjectName("printer-result")
        self.result.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Printer:"), self.spec)
        form.addRow("", _left(self.test))
        form.addRow(self.result)
        form.addRow(self.problem)

    def values(self) -> dict[str, Any]:
        """``kiosk.printer``."""
        return {"kiosk.printer": self.spec.currentText().strip()}

    def first_field(self) -> QWidget | None:
        """The printer."""
        return self.spec

    @Slot()
    def start_test(self) -> None:
        """Check the printer as the loader does, then print a test slip on the worker."""
        spec = self.spec.currentText().strip()
        problem = self.hooks.check("kiosk.printer", spec)
        if problem:
            self._finish(False, self.tr("Not a printer: %1").replace("%1", problem))
            return
        if spec in ("", "none"):
            self._finish(False, self.tr("No printer chosen: tickets will only be shown."))
            return
        self.test.setEnabled(False)
        self.result.setText(self.tr("Printing…"))
        print_test = self.hooks.print_test
        self.runner.run(lambda: print_test(spec), self._printed, self._failed)

    def _printed(self, _: object) -> None:
        self._finish(True, self.tr("The test slip was sent to the printer."))

    def _failed(self, error: BaseException) -> None:
        self._finish(False, self.tr("Printing failed: %1").replace("%1", str(error)))

    def _finish(self, printed: bool, text: str) -> None:
        self.test.setEnabled(True)
        self.result.setText(("✓ " if printed else "✗ ") + text)
        self.print_finished.emit(printed, text)


class LanguagePage(_Page):
    """The language of the windows and the languages the lobby display announces in."""

    def __init__(self, hooks: SetupHooks, language: str, voice: tuple[str, ...]) -> None:
        super().__init__(hooks)
        self.setTitle(self.tr("Language and voice"))
        self.setSubTitle(self.tr("The lobby display announces each call in the ticked languages."))
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.voices: dict[str, QCheckBox] = {}
        voices = QVBoxLayout()
        for code in ("zh_CN", "en"):
            box = QCheckBox(LANGUAGE_NAMES[code])
            box.setObjectName(f"voice-{code}")
            box.setChecked(code in voice)
            self.voices[code] = box
            voices.addWidget(box)
        form = QFormLayout(self)
        form.addRow(self.tr("Language of the windows:"), self.language)
        form.addRow(self.tr("Announce calls in:"), voices)
        form.addRow(self.problem)

    def values(self) -> dict[str, Any]:
        """``language`` and ``display.voice``."""
        voice = [code for code, box in self.voices.items() if box.isChecked()]
        return {"language": str(self.language.currentData()), "display.voice": voice}

    def first_field(self) -> QWidget | None:
        """The language."""
        return self.language


class SummaryPage(_Page):
    """What will be written, and where; Finish writes it."""

    def __init__(self, hooks: SetupHooks, target: Path) -> None:
        super().__init__(hooks)
        self.setTitle(self.tr("Ready"))
        self.setSubTitle(self.tr("Finish writes these settings to %1.").replace("%1", str(target)))
        self.text = QPlainTextEdit()
        self.text.setObjectName("setup-summary")
        self.text.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.problem)

    def first_field(self) -> QWidget | None:
        """The summary (the Finish button is a Return away)."""
        return self.text

    def initializePage(self) -> None:
        """List the settings as they will be written."""
        wizard = self.wizard()
        values = wizard.values() if isinstance(wizard, SetupWizard) else {}
        # JSON's strings, numbers and lists are TOML's too: the lines read as the file will.
        lines = (
            f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()
        )
        self.text.setPlainText("\n".join(lines))

    def validatePage(self) -> bool:
        """Write the file; stay here and say why when it is refused."""
        wizard = self.wizard()
        if not isinstance(wizard, SetupWizard):
            return False
        try:
            self.hooks.save(wizard.values())
        except Exception as exc:  # ConfigError or OSError: shown, nothing was written
            self.problem.setText(self.tr("Not written: %1").replace("%1", str(exc)))
            self.problem.show()
            return False
        wizard.saved = True
        return True


def _left(button: QPushButton) -> QHBoxLayout:
    """A row with the button at its natural width on the left."""
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    return row


def _args(text: str, *values: str) -> str:
    """Fill ``%1``, ``%2``… in a translated text (Qt's way, so translators can reorder them)."""
    for number, value in enumerate(values, start=1):
        text = text.replace(f"%{number}", value)
    return text


@dataclass(frozen=True)
class SetupStart:
    """The values the wizard opens with (the effective configuration)."""

    role: str = "teller"
    language: str = "en"
    branch_code: str = "BR0001"
    branch_name: str = "Branch"
    counter_number: int = 1
    serves: tuple[str, ...] = ()
    queue_url: str = ""
    hq_url: str = ""
    sync_at: str = "02:00"
    customer_screen: str | int = "auto"
    printer: str = "none"
    voice: tuple[str, ...] = ("zh_CN", "en")


class SetupWizard(QWizard):
    """The set-up wizard; ``exec()`` returns Accepted once the file was written.

    The counter page is shown to tellers only and the printer page to kiosks only; the keys
    of a page not visited are left as the file has them.

    Signals:
        page_shown(int): a page became the current one (its id).
    """

    page_shown = Signal(int)

    ROLE, BRANCH, COUNTER, QUEUE, HQ, SCREENS, PRINTER, LANGUAGE, SUMMARY = range(9)

    def __init__(
        self,
        hooks: SetupHooks,
        catalogue: Catalogue,
        start: SetupStart,
        target: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setup-wizard")
        self.setWindowTitle(self.tr("Set up this terminal"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.saved = False
        self.runner = TaskRunner(self)
        self.role_page = RolePage(hooks, start.role)
        self.branch_page = BranchPage(hooks, start.branch_code, start.branch_name)
        self.counter_page = CounterPage(
            hooks, catalogue, start.language, start.counter_number, start.serves
        )
        self.queue_page = QueuePage(hooks, self.runner, start.queue_url)
        self.hq_page = HeadOfficePage(hooks, start.hq_url, start.sync_at)
        self.screens_page = ScreensPage(hooks, start.customer_screen)
        self.printer_page = PrinterPage(hooks, self.runner, start.printer)
        self.language_page = LanguagePage(hooks, start.language, start.voice)
        self.summary_page = SummaryPage(hooks, target)
        self.pages_in_order: list[_Page] = [
            self.role_page, self.branch_page, self.counter_page, self.queue_page, self.hq_page,
            self.screens_page, self.printer_page, self.language_page, self.summary_page,
        ]  # fmt: skip
        for page_id, page in enumerate(self.pages_in_order):
            self.setPage(page_id, page)
        self.currentIdChanged.connect(self._page_changed)
        self.finished.connect(self._closed)
        self.resize(720, 520)

    def nextId(self) -> int:
        """Skip the counter page unless a teller, the printer page unless a kiosk."""
        current = self.currentId()
        if current == self.SUMMARY:
            return -1
        following = current + 1
        role = self.role_page.role()
        if following == self.COUNTER and role != "teller":
            following += 1
        if following == self.PRINTER and role != "kiosk":
            following += 1
        return following

    def values(self) -> dict[str, Any]:
        """The settings of every page on the way to this one, key by key."""
        values: dict[str, Any] = {}
        for page_id in dict.fromkeys((*self.visitedIds(), self.currentId())):
            page = self.page(page_id)
            if isinstance(page, _Page):
                values.update(page.values())
        return values

    @Slot(int)
    def _page_changed(self, page_id: int) -> None:
        if page_id == self.SCREENS:
            self.screens_page.show_markers()
        else:
            self.screens_page.hide_markers()
        page = self.page(page_id)
        if isinstance(page, _Page):
            field = page.first_field()
            if field is not None:
                field.setFocus(Qt.FocusReason.TabFocusReason)
        self.page_shown.emit(page_id)

    @Slot(int)
    def _closed(self, _: int) -> None:
        self.screens_page.hide_markers()
        self.runner.shutdown()
