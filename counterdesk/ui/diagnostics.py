"""The checks that need Qt (screens, Chinese font, speech, sound) and the diagnostics dialog.

The checks without Qt are :mod:`counterdesk.app.doctor`'s; the dialog runs them on a thread of
its own (they wait for the network) and these on the GUI thread, which Qt's screens and fonts
require. ``counterdesk doctor`` prints the same findings.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFontDatabase, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk import __version__
from counterdesk.core.diagnostics import Finding, Status, finding
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text
from counterdesk.ui.i18n import CJK_FONT_FILES
from counterdesk.ui.messages import words_text
from counterdesk.ui.teller.dialogs.base import DIALOG_STYLE, icon_heading
from counterdesk.ui.widgets.colours import AMBER, GREY, RED

log = logging.getLogger(__name__)

_t = Text
#: The key that opens the dialog in the teller's window (F1-F10 serve the customer).
SHORTCUT = "Ctrl+Shift+D"


def qt_versions() -> dict[str, str]:
    """Qt's and PySide6's versions."""
    import PySide6
    from PySide6.QtCore import qVersion

    return {"qt": qVersion(), "pyside6": PySide6.__version__}


def ensure_app() -> QGuiApplication:
    """The running GUI application, or a new one (``counterdesk doctor`` has no windows)."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    return QGuiApplication(["counterdesk-doctor"])


# -- checks ------------------------------------------------------------------------------------


def screens_finding(role: str, setting: str | int, *, display: bool) -> Finding:
    """The screens Qt sees and which one the customer window goes on (teller)."""
    if not display:
        return finding(
            "screens",
            Status.WARNING,
            _t(QT_TRANSLATE_NOOP("domain", "no display in this session: the screens are unknown")),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain", "run counterdesk doctor in the desktop session of the counter's user"
                )
            ),
        )
    from counterdesk.ui.screens import choose_customer_screen

    app = ensure_app()
    screens = app.screens()
    primary = app.primaryScreen()
    names = [screen.name() for screen in screens]
    details: dict[str, object] = {
        "screens": [
            {
                "name": s.name(),
                "width": s.geometry().width(),
                "height": s.geometry().height(),
                "primary": s is primary,
            }
            for s in screens
        ],
        "customer_setting": setting,
    }
    listed = (
        ", ".join(
            f"{s.name() or f'#{i}'} {s.geometry().width()}×{s.geometry().height()}"
            for i, s in enumerate(screens)
        )
        or "–"
    )
    if role != "teller":
        return finding(
            "screens",
            Status.OK,
            _t(
                QT_TRANSLATE_NOOP("domain", "{count} screen(s): {screens}"),
                count=len(screens),
                screens=listed,
            ),
            **details,
        )
    customer = choose_customer_screen(app, setting) if screens else None
    details["customer"] = customer.name() if customer is not None else None
    if customer is not None:
        return finding(
            "screens",
            Status.OK,
            _t(
                QT_TRANSLATE_NOOP("domain", "{count} screen(s): {screens}; the customer's: {name}"),
                count=len(screens),
                screens=listed,
                name=customer.name(),
            ),
            **details,
        )
    if setting != "auto":
        return finding(
            "screens",
            Status.FAILED,
            _t(
                QT_TRANSLATE_NOOP(
                    "domain", "the customer screen {setting} is not connected (screens: {names})"
                ),
                setting=str(setting),
                names=", ".join(names) or "–",
            ),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "connect the customer screen, or set [screens] customer to one of "
                    "the names listed (or auto)",
                )
            ),
            **details,
        )
    return finding(
        "screens",
        Status.WARNING,
        _t(
            QT_TRANSLATE_NOOP(
                "domain",
                "only one screen ({screens}): the customer window opens beside the teller's",
            ),
            screens=listed,
        ),
        _t(QT_TRANSLATE_NOOP("domain", "connect the customer screen")),
        **details,
    )


def font_finding(font_files: Sequence[Path] | None = None) -> Finding:
    """Whether a font can draw Simplified Chinese, installed or loadable by the program.

    Args:
        font_files: the files the program loads when no installed font covers Chinese
            (:data:`~counterdesk.ui.i18n.CJK_FONT_FILES` when None).
    """
    ensure_app()
    files = CJK_FONT_FILES if font_files is None else tuple(font_files)
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if families:
        return finding(
            "font",
            Status.OK,
            _t(QT_TRANSLATE_NOOP("domain", "{family} draws Chinese"), family=families[0]),
            families=families[:5],
        )
    present = [str(path) for path in files if path.is_file()]
    if present:
        return finding(
            "font",
            Status.OK,
            _t(QT_TRANSLATE_NOOP("domain", "loaded from {file} at start"), file=present[0]),
            files=present,
        )
    return finding(
        "font",
        Status.FAILED,
        _t(QT_TRANSLATE_NOOP("domain", "no font can draw Chinese: it shows as boxes")),
        _t(
            QT_TRANSLATE_NOOP(
                "domain",
                "install fonts-wqy-microhei (or fonts-noto-cjk); on Windows, the "
                "Chinese supplemental fonts",
            )
        ),
        tried=[str(path) for path in files],
    )


def speech_findings(role: str, voices: Sequence[str], engine: str | None) -> list[Finding]:
    """The speech engine and a voice for each language the lobby display calls in; sound."""
    if role != "display":
        only = _t(QT_TRANSLATE_NOOP("domain", "only the lobby display speaks and sounds"))
        return [
            finding("speech", Status.NOT_APPLICABLE, only),
            finding("sound", Status.NOT_APPLICABLE, only),
        ]
    return [_speech(voices, engine), _sound()]


def _speech(voices: Sequence[str], engine: str | None) -> Finding:
    if not voices:
        return finding(
            "speech",
            Status.NOT_APPLICABLE,
            _t(QT_TRANSLATE_NOOP("domain", "calls are not spoken ([display] voice is empty)")),
        )
    install = _t(
        QT_TRANSLATE_NOOP(
            "domain",
            "install speech-dispatcher with a voice for each language (espeak-ng; "
            "Chinese: a Mandarin voice), or set [display] voice to the languages there are voices "
            "for",
        )
    )
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        return finding(
            "speech",
            Status.FAILED,
            _t(
                QT_TRANSLATE_NOOP("domain", "speech cannot be loaded ({error}): chime only"),
                error=str(exc),
            ),
            _t(QT_TRANSLATE_NOOP("domain", "install libpulse0 and speech-dispatcher")),
        )
    engines = list(QTextToSpeech.availableEngines())
    details: dict[str, object] = {"engines": engines, "engine": engine}
    if not engines or (engine is not None and engine not in engines):
        return finding(
            "speech",
            Status.FAILED,
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "speech engine {engine} is not installed (have: {engines}): chime only",
                ),
                engine=engine or "default",
                engines=", ".join(engines) or "–",
            ),
            install,
            **details,
        )
    speech = QTextToSpeech() if engine is None else QTextToSpeech(engine)
    try:
        if speech.state() == QTextToSpeech.State.Error:
            return finding(
                "speech",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP("domain", "speech engine {engine} failed to start: {error}"),
                    engine=speech.engine(),
                    error=speech.errorString(),
                ),
                install,
                **details,
            )
        details["engine"] = speech.engine()
        locales = list(speech.availableLocales())
        details["locales"] = [locale.name() for locale in locales]
        found: dict[str, str] = {}
        for language in voices:
            wanted = QLocale(language)
            match = next((lc for lc in locales if lc.name() == wanted.name()), None) or next(
                (lc for lc in locales if lc.language() == wanted.language()), None
            )
            if match is not None:
                found[language] = match.name()
        details["voices"] = found
        missing = [language for language in voices if language not in found]
        if missing:
            return finding(
                "speech",
                Status.FAILED,
                _t(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "engine {engine} has no voice for {languages}: those calls are not spoken",
                    ),
                    engine=speech.engine(),
                    languages=", ".join(missing),
                ),
                install,
                **details,
            )
        return finding(
            "speech",
            Status.OK,
            _t(
                QT_TRANSLATE_NOOP("domain", "engine {engine}; voices: {voices}"),
                engine=speech.engine(),
                voices=", ".join(f"{lang} → {name}" for lang, name in found.items()),
            ),
            **details,
        )
    finally:
        speech.deleteLater()


def _sound() -> Finding:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:
        return finding(
            "sound",
            Status.FAILED,
            _t(QT_TRANSLATE_NOOP("domain", "sound cannot be loaded ({error})"), error=str(exc)),
            _t(QT_TRANSLATE_NOOP("domain", "install libpulse0")),
        )
    outputs = QMediaDevices.audioOutputs()
    if not outputs:
        return finding(
            "sound",
            Status.FAILED,
            _t(QT_TRANSLATE_NOOP("domain", "no sound output: the chime and calls are silent")),
            _t(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "connect the speakers and check that the user's sound service "
                    "(PulseAudio or PipeWire) runs",
                )
            ),
        )
    default = QMediaDevices.defaultAudioOutput()
    return finding(
        "sound",
        Status.OK,
        _t(
            QT_TRANSLATE_NOOP("domain", "{count} output(s); default: {name}"),
            count=len(outputs),
            name=default.description(),
        ),
        outputs=[device.description() for device in outputs],
    )


# -- the dialog --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiagnosticsSource:
    """Where the dialog's findings come from.

    Attributes:
        background: the checks without Qt; run on a thread of the dialog's own.
        finish: the Qt checks added to those, on the GUI thread; returns every finding.
    """

    background: Callable[[], list[Finding]]
    finish: Callable[[list[Finding]], list[Finding]]


_COLOURS = {Status.FAILED: RED, Status.WARNING: AMBER, Status.NOT_APPLICABLE: GREY}


class DiagnosticsDialog(QDialog):
    """The "About and diagnostics" dialog: the program's version and every ``doctor`` check.

    The checks run when the dialog opens and on "Check again"; Escape closes it.

    Signals:
        checked(): the findings are shown.
    """

    checked = Signal()
    _delivered = Signal(object)

    def __init__(self, source: DiagnosticsSource, language: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("diagnosticsDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setModal(False)
        self.resize(940, 620)
        self._source = source
        self._language = language
        self._findings: list[Finding] = []
        self._running = False
        self._delivered.connect(self._show_findings)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(icon_heading("mdi6.stethoscope", self.tr("About and diagnostics"), self))
        about = QLabel(
            self.tr("counterdesk {version}: counter terminal for bank branches").format(
                version=__version__
            ),
            self,
        )
        about.setObjectName("dialogNote")
        layout.addWidget(about)
        self._state = QLabel(self)
        self._state.setObjectName("diagnosticsState")
        layout.addWidget(self._state)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("diagnosticsTable")
        self.table.setHorizontalHeaderLabels(
            ["", self.tr("Check"), self.tr("Finding and what to do")]
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.again = QPushButton(self.tr("Check again"), self)
        self.again.setObjectName("diagnosticsAgain")
        self.again.clicked.connect(self.run)
        self.copy = QPushButton(self.tr("Copy for IT support"), self)
        self.copy.setObjectName("diagnosticsCopy")
        self.copy.clicked.connect(self._copy)
        buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("About and diagnostics"))

    @property
    def findings(self) -> list[Finding]:
        """The findings shown (empty while the first run is going)."""
        return list(self._findings)

    def words(self, words: Text | DomainError) -> str:
        """A finding's text in the window's language."""
        return words_text(words, language=self._language)

    @Slot()
    def run(self) -> None:
        """Run every check again: those without Qt off the GUI thread, then the Qt ones."""
        if self._running:
            return
        self._running = True
        self.again.setEnabled(False)
        self._state.setText(self.tr("Checking… (the queue and head office may take seconds)"))
        thread = threading.Thread(target=self._work, name="counterdesk-doctor", daemon=True)
        thread.start()

    def _work(self) -> None:
        try:
            result: object = self._source.background()
        except Exception as exc:  # shown, not raised: a check must never crash the counter
            log.exception("diagnostics failed")
            result = exc
        with contextlib.suppress(RuntimeError):  # the window was deleted meanwhile
            self._delivered.emit(result)

    @Slot(object)
    def _show_findings(self, result: object) -> None:
        self._running = False
        self.again.setEnabled(True)
        if isinstance(result, Exception):
            self._state.setText(self.tr("The checks could not run: {error}").format(error=result))
            return
        assert isinstance(result, list)
        self._findings = self._source.finish(result)
        self._fill()
        failed = sum(f.status is Status.FAILED for f in self._findings)
        warned = sum(f.status is Status.WARNING for f in self._findings)
        when = datetime.now().strftime("%H:%M:%S")
        if failed or warned:
            text = self.tr("Checked at {time}: {failed} failed, {warnings} to look at").format(
                time=when, failed=failed, warnings=warned
            )
        else:
            text = self.tr("Checked at {time}: all is well").format(time=when)
        self._state.setText(text)
        self.checked.emit()

    def _fill(self) -> None:
        self.table.setRowCount(len(self._findings))
        for row, item in enumerate(self._findings):
            mark = QTableWidgetItem(item.status.mark)
            mark.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            font = mark.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.3)
            mark.setFont(font)
            colour = _COLOURS.get(item.status, "#2e7d32")
            mark.setForeground(QColor(colour))
            self.table.setItem(row, 0, mark)
            self.table.setItem(row, 1, QTableWidgetItem(self.words(item.title)))
            text = self.words(item.summary)
            if item.fix is not None and item.status is not Status.OK:
                text += "\n→ " + self.words(item.fix)
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            self.table.setItem(row, 2, cell)
        self.table.resizeRowsToContents()

    def report_text(self) -> str:
        """The findings as plain text, one line each and the fix below (as ``doctor`` prints)."""
        lines = [f"counterdesk {__version__}"]
        for item in self._findings:
            lines.append(f"{item.status.mark} {self.words(item.title)}: {self.words(item.summary)}")
            if item.fix is not None and item.status is not Status.OK:
                lines.append(f"    → {self.words(item.fix)}")
        return "\n".join(lines)

    @Slot()
    def _copy(self) -> None:
        QApplication.clipboard().setText(self.report_text())
        self._state.setText(self.tr("Copied: paste it into the message to IT support"))


def attach_diagnostics(
    window: QWidget, source: DiagnosticsSource, language: str, key: str = SHORTCUT
) -> None:
    """Give ``window`` the "About and diagnostics" action (``Ctrl+Shift+D``) and its dialog.

    The dialog is made on first use and kept (hidden when closed), so a check still running when
    it closes reports to a living window.
    """
    action = QAction(window)
    action.setObjectName("about-diagnostics")
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setText(QCoreApplication.translate("DiagnosticsDialog", "About and diagnostics"))

    def open_dialog() -> None:
        dialog = window.findChild(DiagnosticsDialog)
        if dialog is None:
            dialog = DiagnosticsDialog(source, language, window)
        # A dialog stays above its parent window: no raise needed when it is already up.
        dialog.show()
        dialog.activateWindow()
        dialog.run()

    action.triggered.connect(open_dialog)
    window.addAction(action)
