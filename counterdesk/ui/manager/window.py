"""The manager's window: a supervisor's sign-in, then the live board of today and the reports.

Keys: F5 reads the board now; Ctrl+1 the board, Ctrl+2 the reports (when added), Ctrl+3 (or F7)
the Staffing page (:mod:`counterdesk.ui.manager.staffing`; Esc there goes back to the board),
Ctrl+4 the Stars page (:mod:`counterdesk.ui.manager.stars`, read-only; Esc back too);
Ctrl+L signs out (back to the sign-in), Ctrl+Q closes the window; Enter signs in. The window
only shows and emits; :mod:`counterdesk.ui.manager.controller` reads the queue on the worker.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue
from counterdesk.services.board import Board
from counterdesk.ui.manager.board import BoardView
from counterdesk.ui.manager.staffing import StaffingPage
from counterdesk.ui.manager.stars import StarsPage
from counterdesk.ui.widgets.colours import AMBER, GREY, RED
from counterdesk.ui.widgets.credentials import CredentialFields

WINDOW_STYLE = f"""
QMainWindow {{ background: #f4f6f8; }}
QFrame#signInCard {{ background: #ffffff; border: 1px solid #dde1e6; border-radius: 10px; }}
QLabel#signInNote, QLabel#boardUpdated {{ color: {GREY}; }}
QLabel#signInError {{ color: {RED}; }}
QLabel#staleBanner {{
    background: #fff4e0; color: #7a4a00; border: 1px solid {AMBER}; border-radius: 4px;
    padding: 6px 10px; font-weight: 600;
}}
QLabel#busyMark {{ color: {AMBER}; font-weight: 600; }}
"""


class ManagerSignInPage(QWidget):
    """A supervisor's or admin's staff number and PIN.

    Signals:
        submitted(str, str): staff number and PIN.
    """

    submitted = Signal(str, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("manager-sign-in")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame(self)
        card.setObjectName("signInCard")
        card.setFixedWidth(440)
        box = QVBoxLayout(card)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(12)
        heading = QLabel(self.tr("Manager's board"), card)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        box.addWidget(heading)
        note = QLabel(self.tr("A supervisor or an admin signs in to see today's board."), card)
        note.setObjectName("signInNote")
        note.setWordWrap(True)
        box.addWidget(note)
        self.fields = CredentialFields(self.tr("Staff number"), card)
        self.fields.changed.connect(self._update_button)
        self.fields.return_pressed.connect(self._submit)
        box.addWidget(self.fields)
        self.error_label = QLabel(card)
        self.error_label.setObjectName("signInError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        box.addWidget(self.error_label)
        self.button = QPushButton(self.tr("Sign in"), card)
        self.button.setObjectName("manager-sign-in-button")
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        box.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self._busy = False
        self._update_button()

    def busy(self, busy: bool) -> None:
        """Disable the form while the credentials are checked."""
        self._busy = busy
        self.fields.setEnabled(not busy)
        self._update_button()

    def show_error(self, message: str) -> None:
        """Say why the sign-in was refused; empty the PIN."""
        self.busy(False)
        self.error_label.setText(message)
        self.error_label.show()
        self.fields.clear_pin()

    def error(self) -> str:
        """The refusal shown, or ""."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def reset(self) -> None:
        """Empty the form (after a sign-out)."""
        self.busy(False)
        self.error_label.hide()
        self.fields.staff_edit.clear()
        self.fields.pin_edit.clear()
        self.fields.staff_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _update_button(self) -> None:
        self.button.setEnabled(self.fields.complete() and not self._busy)

    @Slot()
    def _submit(self) -> None:
        if not self.fields.complete() or self._busy:
            return
        self.error_label.hide()
        self.busy(True)
        self.submitted.emit(*self.fields.credentials())


class ManagerWindow(QMainWindow):
    """The manager's window.

    Args:
        catalogue: the business types.
        language: ``en`` or ``zh_CN``.
        branch_name: shown in the title.
        zone: local time zone for times of day (None: the machine's).
        today: the Staffing page's default period ends the day before (None: today).

    Signals:
        sign_in_requested(str, str): staff number and PIN.
        refresh_requested(): read the board now (F5).
        sign_out_requested(): back to the sign-in (Ctrl+L).
    """

    sign_in_requested = Signal(str, str)
    refresh_requested = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        catalogue: Catalogue,
        language: str,
        branch_name: str,
        zone: tzinfo | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("manager-window")
        self.setStyleSheet(WINDOW_STYLE)
        self._zone = zone
        self._branch = branch_name
        self.setWindowTitle(self.tr("Manager's board — %1").replace("%1", branch_name))
        self.setMinimumSize(960, 600)
        self.pages = QStackedWidget(self)
        self.setCentralWidget(self.pages)

        self.sign_in_page = ManagerSignInPage(self.pages)
        self.sign_in_page.submitted.connect(self.sign_in_requested)
        self.pages.addWidget(self.sign_in_page)

        self.board_page = QWidget(self.pages)
        layout = QVBoxLayout(self.board_page)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        self.heading = QLabel(self.board_page)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.stale_banner = QLabel(self.board_page)
        self.stale_banner.setObjectName("staleBanner")
        self.stale_banner.setWordWrap(True)
        self.stale_banner.hide()
        layout.addWidget(self.stale_banner)
        self.board = BoardView(catalogue, language, zone, self.board_page)
        layout.addWidget(self.board, 1)
        self.pages.addWidget(self.board_page)
        self.staffing_page = StaffingPage(language, today or date.today(), self.pages)
        self.staffing_page.back_requested.connect(self.show_board)
        self.pages.addWidget(self.staffing_page)
        self.stars_page = StarsPage(language, today or date.today(), self.pages)
        self.stars_page.back_requested.connect(self.show_board)
        self.pages.addWidget(self.stars_page)

        bar = self.statusBar()
        self.updated_label = QLabel(bar)
        self.updated_label.setObjectName("boardUpdated")
        self.busy_label = QLabel(self.tr("Reading the queue…"), bar)
        self.busy_label.setObjectName("busyMark")
        self.busy_label.hide()
        self.keys_label = QLabel(bar)
        self.keys_label.setObjectName("boardUpdated")
        bar.addWidget(self.updated_label)
        bar.addWidget(self.busy_label)
        bar.addPermanentWidget(self.keys_label)

        self.refresh_action = self._action("refresh", "F5", self.refresh_requested.emit)
        self.sign_out_action = self._action("sign-out", "Ctrl+L", self.sign_out_requested.emit)
        self.close_action = self._action("close", "Ctrl+Q", self.close)
        self.refresh_action.setText(self.tr("Refresh"))
        self.sign_out_action.setText(self.tr("Sign out"))
        self.close_action.setText(self.tr("Close"))
        self._last_at: datetime | None = None
        self.reports_page: QWidget | None = None
        self._page_actions: list[QAction] = []
        self.board_action = self._page_action("board", "Ctrl+1", self.show_board)
        self.board_action.setText(self.tr("Board"))
        self.reports_action = self._page_action("reports", "Ctrl+2", self.show_reports)
        self.reports_action.setText(self.tr("Reports"))
        self.staffing_action = self._page_action("staffing", "Ctrl+3", self.show_staffing_page)
        self.staffing_action.setText(self.tr("Staffing"))
        # F7 as well: the key the page was first given (the teller's F-keys are elsewhere).
        self.staffing_action.setShortcuts([QKeySequence("Ctrl+3"), QKeySequence("F7")])
        self.stars_action = self._page_action("stars", "Ctrl+4", self.show_stars_page)
        self.stars_action.setText(self.tr("Stars"))
        self._page_buttons: dict[str, QPushButton] = {}
        for action in self._page_actions:
            button = QPushButton(
                f"{action.text()} ({action.shortcut().toString()})", self.statusBar()
            )
            button.setObjectName(f"page-{action.objectName()}")
            button.setFlat(True)
            button.clicked.connect(action.trigger)
            self.statusBar().addPermanentWidget(button)
            action.enabledChanged.connect(button.setEnabled)
            self._page_buttons[action.objectName()] = button
        self.staffing_button = self._page_buttons["staffing"]
        self._page_buttons["reports"].hide()  # until add_reports_page
        # Esc on the Staffing and Stars pages goes back to the board; a page shortcut, not the
        # window's, so that the Reports page's Esc (cancel a running report) stays unambiguous.
        for page in (self.staffing_page, self.stars_page):
            back = QAction(page)
            back.setObjectName(f"{page.objectName().removeprefix('manager-')}-back")
            back.setShortcut(QKeySequence("Esc"))
            back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            back.triggered.connect(self.show_board)
            page.addAction(back)
        self.show_sign_in()

    def _page_action(self, name: str, keys: str, slot: object) -> QAction:
        action = self._action(name, keys, slot)
        self._page_actions.append(action)
        return action

    def add_reports_page(self, page: QWidget) -> None:
        """Add the Reports page: Ctrl+2 (or its button) shows it, Ctrl+1 the board again."""
        self.reports_page = page
        self.pages.addWidget(page)
        self._page_buttons["reports"].show()
        self.show_sign_in()

    def show_board(self) -> None:
        """Back to the board (Ctrl+1)."""
        if self.refresh_action.isEnabled():
            self.pages.setCurrentWidget(self.board_page)
            self._keys(self.tr("F5 refresh · Ctrl+L sign out · Ctrl+Q close"))
            self.board.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_reports(self) -> None:
        """The Reports page (Ctrl+2), once signed in and added."""
        if self.reports_page is not None and self.refresh_action.isEnabled():
            self.pages.setCurrentWidget(self.reports_page)
            self._keys(self.tr("Ctrl+L sign out · Ctrl+Q close"))
            self.reports_page.setFocus(Qt.FocusReason.OtherFocusReason)

    def showing_reports(self) -> bool:
        """Whether the Reports page is shown."""
        return self.reports_page is not None and self.pages.currentWidget() is self.reports_page

    def _keys(self, text: str) -> None:
        if self.reports_page is not None:
            pages = self.tr("Ctrl+1 board · Ctrl+2 reports · Ctrl+3 staffing · Ctrl+4 stars · ")
        else:
            pages = self.tr("Ctrl+1 board · Ctrl+3 staffing · Ctrl+4 stars · ")
        self.keys_label.setText(pages + text)

    def _action(self, name: str, keys: str, slot: object) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _clock(self, at: datetime) -> str:
        return at.astimezone(self._zone).strftime("%H:%M:%S")

    # -- pages -----------------------------------------------------------------------------

    def show_sign_in(self) -> None:
        """The sign-in page (at start and after a sign-out); the board's keys do nothing."""
        self.sign_in_page.reset()
        self.pages.setCurrentWidget(self.sign_in_page)
        self.updated_label.setText("")
        self.busy_label.hide()
        self.stale_banner.hide()
        self._last_at = None
        self.keys_label.setText(self.tr("Enter sign in · Ctrl+Q close"))
        self.refresh_action.setEnabled(False)
        self.sign_out_action.setEnabled(False)
        for action in self._page_actions:
            action.setEnabled(False)

    def show_sign_in_error(self, message: str) -> None:
        """Say why the sign-in was refused."""
        self.sign_in_page.show_error(message)

    def show_board_page(self, name: str) -> None:
        """A supervisor signed in: show the board (read by the controller)."""
        self.heading.setText(
            self.tr("Today at %1 — signed in: %2").replace("%1", self._branch).replace("%2", name)
        )
        self.pages.setCurrentWidget(self.board_page)
        if self._last_at is None:
            self.updated_label.setText(self.tr("Reading the board…"))
        self.refresh_action.setEnabled(True)
        self.sign_out_action.setEnabled(True)
        for action in self._page_actions:
            action.setEnabled(True)
        self._keys(self.tr("F5 refresh · Ctrl+L sign out · Ctrl+Q close"))
        self.board.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_staffing_page(self) -> None:
        """The Staffing page (Ctrl+3 or F7, signed in only); its table is computed when asked."""
        if not self.refresh_action.isEnabled():
            return
        self.pages.setCurrentWidget(self.staffing_page)
        self._keys(self.tr("Esc board · Ctrl+L sign out · Ctrl+Q close"))
        self.staffing_page.show_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_stars_page(self) -> None:
        """The Stars page (Ctrl+4, signed in only); a month's levels are read when asked."""
        if not self.refresh_action.isEnabled():
            return
        self.pages.setCurrentWidget(self.stars_page)
        self._keys(self.tr("Esc board · Ctrl+L sign out · Ctrl+Q close"))
        if self.stars_page.show_button.isEnabled():
            self.stars_page.show_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.stars_page.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def showing_board(self) -> bool:
        """Whether the board page is shown."""
        return self.pages.currentWidget() is self.board_page

    # -- board -----------------------------------------------------------------------------

    def apply_board(self, board: Board) -> None:
        """Show fresh figures; the stale banner goes."""
        self._last_at = board.at
        self.board.show_board(board)
        self.stale_banner.hide()
        self.updated_label.setText(self.tr("Updated %1").replace("%1", self._clock(board.at)))

    def apply_stale(self, reason: str = "") -> None:
        """The last read failed: keep the figures shown and say since when they are.

        Args:
            reason: why, when it is not that the queue does not answer ("" when it is).
        """
        if self._last_at is None:
            if reason:
                text = self.tr("The board cannot be read: %1. Trying again…").replace("%1", reason)
            else:
                text = self.tr("The queue is not answering; trying again…")
        elif reason:
            template = self.tr(
                "The board cannot be read: %1. The figures below are from %2; trying again…"
            )
            text = template.replace("%1", reason).replace("%2", self._clock(self._last_at))
        else:
            template = self.tr(
                "The queue is not answering. The figures below are from %1; trying again…"
            )
            text = template.replace("%1", self._clock(self._last_at))
        self.stale_banner.setText(text)
        self.stale_banner.show()

    def stale_text(self) -> str:
        """The stale banner's text, or "" when the figures are fresh."""
        return self.stale_banner.text() if self.stale_banner.isVisibleTo(self) else ""

    def set_busy(self, busy: bool) -> None:
        """Show (or hide) that a read is taking long."""
        self.busy_label.setVisible(busy)
