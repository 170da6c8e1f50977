"""The teller's main window: sign-in, the calling panel, the queue, and the procedure checklist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import DomainError
from counterdesk.core.staff import StaffMember
from counterdesk.core.star_figures import OwnMonth
from counterdesk.queue.base import CounterMode, QueueStatus
from counterdesk.services.desk import FinishRefused
from counterdesk.services.state import CounterAction, DeskAction, DeskState
from counterdesk.ui.messages import error_text, pause_reasons
from counterdesk.ui.teller.actions import ActionButton, DeskActions
from counterdesk.ui.teller.checklist import ChecklistWidget
from counterdesk.ui.teller.idle_panel import IdlePanel
from counterdesk.ui.teller.queue_model import QueueModel
from counterdesk.ui.teller.sign_in import SignInPage
from counterdesk.ui.teller.status_bar import DeskStatusBar
from counterdesk.ui.teller.supervision import SupervisorDialogs
from counterdesk.ui.teller.ticket_card import TicketCard
from counterdesk.ui.widgets.fitting import wrapped_height

if TYPE_CHECKING:
    from counterdesk.ui.teller.dialogs.authorisation import AuthorisationDialog
    from counterdesk.ui.teller.dialogs.crash import CrashDialog
    from counterdesk.ui.teller.dialogs.own_month import OwnMonthDialog

#: Total waiting customers at which the lobby manager is alerted.
QUEUE_ALERT_WAITING = 15
#: Height of the refusal and queue alert box in the header: the action buttons' height.
NOTICES_HEIGHT = 72
#: Most lines the queue alert takes in that box: read at a glance, room left for a refusal.
BANNER_LINES = 2


class TellerWindow(QMainWindow):
    """The teller's screen. It shows :class:`DeskState` snapshots and emits what the teller does.

    Every action has a keyboard shortcut (F1-F10); the window holds no rule of its own — the
    desk decides, and a refusal comes back through :meth:`show_failure`. The transfer dialog
    offers the counters of the last queue status (:meth:`apply_queue`) that would take the
    ticket; the ``counters`` argument is no longer used (kept so that callers need not change).

    Signals:
        sign_in_requested(str, str): staff number, PIN.
        sign_out_requested(): sign out.
        pause_requested(str): pause with a reason.
        resume_requested(): end the pause.
        call_next_requested(): call the next customer.
        recall_requested(): call the same customer again.
        no_show_requested(): the customer did not come.
        start_requested(): service begins.
        transfer_requested(object, object): business-type code or None, counter or None.
        hold_requested(): hold the service.
        resume_held_requested(str): ticket id.
        switch_requested(str): the new business-type code.
        finish_requested(): finish under the procedure's rule.
        finish_override_requested(str, str, str): reason, supervisor, PIN.
        check_requested(str, str): step id, value text.
        uncheck_requested(str): step id.
        authorise_requested(str, str, str, str): step id, value text, supervisor, PIN.
        own_month_requested(): the teller asks for their own month (Ctrl+M, or the status
            bar's button); the answer comes back through :meth:`show_own_month`.
    """

    sign_in_requested = Signal(str, str)
    sign_out_requested = Signal()
    pause_requested = Signal(str)
    resume_requested = Signal()
    call_next_requested = Signal()
    recall_requested = Signal()
    no_show_requested = Signal()
    start_requested = Signal()
    transfer_requested = Signal(object, object)
    hold_requested = Signal()
    resume_held_requested = Signal(str)
    switch_requested = Signal(str)
    finish_requested = Signal()
    finish_override_requested = Signal(str, str, str)
    check_requested = Signal(str, str)
    uncheck_requested = Signal(str)
    authorise_requested = Signal(str, str, str, str)
    own_month_requested = Signal()

    def __init__(
        self,
        catalogue: Catalogue,
        counter: int,
        counters: list[int],
        language: str,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("teller-window")
        self._catalogue = catalogue
        self._counter = counter
        self._queue_status: QueueStatus | None = None
        self._language = language
        self._now = now
        self._state: DeskState | None = None
        self.supervision = SupervisorDialogs(self)
        self.supervision.authorise_requested.connect(self.authorise_requested)
        self.supervision.finish_override_requested.connect(self.finish_override_requested)
        self.supervision.closed.connect(self._take_back_keyboard)
        self.resize(1280, 800)

        self._pages = QStackedWidget(self)
        self.setCentralWidget(self._pages)
        self.sign_in_page = SignInPage(counter, self)
        self.sign_in_page.submitted.connect(self._on_sign_in)
        self._pages.addWidget(self.sign_in_page)
        self._work = QWidget(self)
        self._pages.addWidget(self._work)

        self.desk_actions = DeskActions(
            self,
            self._clear_message,
            {
                "call": self.call_next_requested.emit,
                "recall": self.recall_requested.emit,
                "no_show": self.no_show_requested.emit,
                "start": self.start_requested.emit,
                "transfer": self._transfer,
                "hold": self.hold_requested.emit,
                "switch": self._switch,
                "finish": self.finish_requested.emit,
                "pause": self._pause_or_resume,
                "resume_held": self._resume_held,
                "sign_out": self.sign_out_requested.emit,
            },
        )
        self._build_work_page()
        self.status_bar = DeskStatusBar(self)
        self.setStatusBar(self.status_bar)
        self.own_month_action = QAction(self)
        self.own_month_action.setObjectName("own-month")
        self.own_month_action.setShortcut(QKeySequence("Ctrl+M"))
        self.own_month_action.triggered.connect(self.own_month_requested)
        self.addAction(self.own_month_action)
        self.status_bar.add_own_month(self.own_month_action)
        self._own_month_dialog: OwnMonthDialog | None = None

        self._clock = QTimer(self)
        self._clock.setObjectName("teller-clock")
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self.retranslate()
        self.apply_state(DeskState(counter=counter, branch_name=""))

    # -- building -----------------------------------------------------------------------------

    def _button(self, action: QAction) -> QToolButton:
        button = ActionButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setMinimumSize(112, 72)
        button.setIconSize(QSize(26, 26))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setObjectName(f"button-{action.objectName()}")
        # Its F-key presses it; with the focus it would also take a stray Space meant for a step.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _build_work_page(self) -> None:
        actions = self.desk_actions
        outer = QVBoxLayout(self._work)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(8)

        header = QHBoxLayout()
        header.setSpacing(12)
        title_box = QVBoxLayout()
        title_box.setSpacing(0)
        self.counter_label = QLabel(self._work)
        self.counter_label.setObjectName("counter-title")
        self.teller_label = QLabel(self._work)
        self.teller_label.setObjectName("teller-name")
        title_box.addWidget(self.counter_label)
        title_box.addWidget(self.teller_label)
        header.addLayout(title_box)
        header.addWidget(self._build_notices(), 1)
        header.addWidget(self._button(actions.pause))
        header.addWidget(self._button(actions.sign_out))
        outer.addLayout(header)

        split = QSplitter(Qt.Orientation.Horizontal, self._work)
        left = QWidget(split)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)

        self.ticket_card = TicketCard(self._now, left)
        left_box.addWidget(self.ticket_card)

        grid = QGridLayout()
        buttons = (
            actions.call, actions.recall, actions.no_show, actions.start,
            actions.transfer, actions.hold, actions.switch, actions.finish,
        )  # fmt: skip
        for n, action in enumerate(buttons):
            grid.addWidget(self._button(action), n // 4, n % 4)
        left_box.addLayout(grid)

        self.held_title = QLabel(left)
        self.held_list = QListWidget(left)
        self.held_list.setObjectName("held-list")
        self.held_list.setMaximumHeight(70)
        self.held_list.itemActivated.connect(self._held_activated)
        left_box.addWidget(self.held_title)
        left_box.addWidget(self.held_list)

        self.queue_title = QLabel(left)
        self.queue_title.setObjectName("queue-title")
        self.queue_model = QueueModel(self._catalogue, self._language, self)
        self.queue_view = QTableView(left)
        self.queue_view.setObjectName("queue-overview")
        self.queue_view.setModel(self.queue_model)
        self.queue_view.verticalHeader().hide()
        self.queue_view.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.queue_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.queue_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        left_box.addWidget(self.queue_title)
        left_box.addWidget(self.queue_view, 1)

        # The right half: the checklist while a service runs, else who waits and the keys
        # (the ticket card already says there is no customer).
        self._right = QStackedWidget(split)
        self.checklist = ChecklistWidget(self._now, self._right)
        self.checklist.check_requested.connect(self._on_check)
        self.checklist.uncheck_requested.connect(self.uncheck_requested)
        self.checklist.authorisation_needed.connect(self._authorise)
        self.idle_panel = IdlePanel(self._counter, self._catalogue, self._right)
        self._right.addWidget(self.checklist)
        self._right.addWidget(self.idle_panel)
        self._right.setCurrentWidget(self.idle_panel)
        split.addWidget(left)
        split.addWidget(self._right)
        split.setStretchFactor(0, 45)
        split.setStretchFactor(1, 55)
        split.setSizes([560, 700])
        outer.addWidget(split, 1)
        self._split = split
        split.installEventFilter(self)

        self.setStyleSheet(
            """
            QLabel#counter-title { font-size: 18pt; font-weight: 600; color: #1f3b57; }
            QLabel#teller-name { font-size: 11pt; color: #444; }
            QFrame#ticket-card { background: #f4f7fb; border: 1px solid #d5dee9;
                                 border-radius: 10px; }
            QLabel#ticket-number { color: #1f3b57; }
            QLabel#ticket-type { font-size: 16pt; color: #1f3b57; }
            QLabel#ticket-facts { font-size: 11pt; color: #555; }
            QLabel#message-bar { background: #fdecea; color: #8a1c1c; border-radius: 6px;
                                 padding: 3px 10px; font-size: 10pt; }
            QLabel#queue-banner { background: #fff4ce; color: #6b4b00; border-radius: 6px;
                                  padding: 3px 10px; font-size: 10pt; font-weight: 600; }
            QLabel#queue-title { font-size: 12pt; font-weight: 600; margin-top: 6px; }
            QToolButton { font-size: 10pt; }
            """
        )

    def _build_notices(self) -> QWidget:
        """The red refusal and the amber queue alert, in the header's free middle.

        Their box has the header's height whether they show or not, so neither pushes the
        ticket card and the queue table down (nor gives the table a scroll bar). A refusal too
        long for it is cut; its tooltip has all of it. The list of business types over their
        target names those that fit and counts the rest (see :meth:`_fit_banner`).
        """
        notices = QWidget(self._work)
        self._notices = notices
        notices.installEventFilter(self)
        notices.setObjectName("notices")
        notices.setFixedHeight(NOTICES_HEIGHT)
        notices.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box = QVBoxLayout(notices)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self.message = QLabel(notices)
        self.message.setObjectName("message-bar")
        self.banner = QLabel(notices)
        self.banner.setObjectName("queue-banner")
        for label in (self.message, self.banner):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.hide()
        box.addStretch(1)
        box.addWidget(self.message)
        box.addWidget(self.banner)
        box.addStretch(1)
        return notices

    def retranslate(self) -> None:
        """Set every text (again, after a language change)."""
        self.setWindowTitle(self.tr("counterdesk — counter %1").replace("%1", str(self._counter)))
        self.counter_label.setText(self.tr("Counter %1").replace("%1", str(self._counter)))
        self.desk_actions.retranslate()
        self.held_title.setText(self.tr("Held customers (F10 resumes the selected one)"))
        self.queue_title.setText(self.tr("Queue now"))
        self.idle_panel.retranslate()
        self.own_month_action.setText(self.tr("My month (Ctrl+M)"))
        if self._state is not None:
            self.apply_state(self._state)

    def changeEvent(self, event: QEvent) -> None:
        """Re-translate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- showing state ------------------------------------------------------------------------

    @Slot(object)
    def apply_state(self, state: DeskState) -> None:
        """Show a desk snapshot: which page, the ticket, the actions allowed, the checklist."""
        self._state = state
        if _situation(state) != self._message_situation:
            # The refusal was about a situation that is gone (the service finished, the
            # counter paused...): it no longer describes anything on the screen.
            self._clear_message()
        # The desk says what is allowed; the window only greys the rest.
        self.desk_actions.enable(state.allowed)
        self.own_month_action.setVisible(state.teller is not None)
        if state.teller is None:
            self._pages.setCurrentWidget(self.sign_in_page)
            self.sign_in_page.busy(False)
            return
        if self._pages.currentWidget() is not self._work:
            self.sign_in_page.clear()
            self._pages.setCurrentWidget(self._work)
            self.checklist.setFocus(Qt.FocusReason.OtherFocusReason)
        self.teller_label.setText(self._teller_text(state.teller))
        self.desk_actions.set_paused(state.mode is CounterMode.PAUSED)
        current = state.current
        self.ticket_card.show_state(state, self._language)
        self.checklist.set_service(current if current and current.started_at else None,
                                   self._language)  # fmt: skip
        self._right.setCurrentWidget(
            self.checklist if self.checklist.view is not None else self.idle_panel
        )
        self.idle_panel.show_keys(self.desk_actions.all(), self.desk_actions.names)
        self.held_list.clear()
        for ticket in state.held:
            item = QListWidgetItem(f"{ticket.label}  {self._type_name(ticket.business_type)}")
            item.setData(Qt.ItemDataRole.UserRole, ticket.id)
            self.held_list.addItem(item)
        if state.held:
            self.held_list.setCurrentRow(0)
        self.held_title.setVisible(bool(state.held))
        self.held_list.setVisible(bool(state.held))
        self.status_bar.show_today(state, self._language)
        self.idle_panel.show_today(state.today, self._language)
        self.supervision.follow(state)

    @Slot(object)
    def show_own_month(self, month: OwnMonth) -> None:
        """Show the teller's own month (figures from 10 ratings only) in a small dialog."""
        if self._state is None or self._state.teller is None:
            return  # signed out meanwhile: it was someone else's
        from counterdesk.ui.teller.dialogs.own_month import OwnMonthDialog  # when first asked

        dialog = OwnMonthDialog(month, self)
        self._own_month_dialog = dialog
        dialog.finished.connect(self._take_back_keyboard)
        dialog.open()

    @property
    def own_month_dialog(self) -> OwnMonthDialog | None:
        """The own-month dialog last opened (tests)."""
        return self._own_month_dialog

    def _teller_text(self, teller: StaffMember) -> str:
        return f"{teller.name} · {teller.staff_no}"

    def _type_name(self, code: str) -> str:
        return self._catalogue.get(code).name(self._language)

    @Slot(object)
    def apply_queue(self, status: QueueStatus) -> None:
        """Show the queue overview and raise the banner when the queue is too long."""
        self._queue_status = status
        self.queue_model.set_status(status)
        self.idle_panel.show_queue(status, self._language)
        self._fit_banner()

    def _banner_text(self, names: list[str], shown: int) -> str:
        """The queue alert with the first ``shown`` names of the types over target."""
        status = self._queue_status
        parts = []
        if status is not None and status.waiting >= QUEUE_ALERT_WAITING:
            parts.append(
                self.tr("Queue alert: %1 customers waiting").replace("%1", str(status.waiting))
            )
        if names and shown >= len(names):
            parts.append(self.tr("Over target: %1").replace("%1", ", ".join(names)))
        elif names:
            parts.append(
                self.tr("Over target: %1 +%2 more")
                .replace("%1", ", ".join(names[:shown]))
                .replace("%2", str(len(names) - shown))
            )
        return " · ".join(parts)

    def _fit_banner(self) -> None:
        """Show the queue alert in the room the header's box leaves it.

        A narrow window (the demo's quarter of a screen) cannot list every type over its
        target: the names that fit are listed, then how many more; the tooltip has them all.
        """
        status = self._queue_status
        over = [t for t in status.types if t.waiting and t.over_target] if status else []
        names = [self._type_name(t.business_type) for t in over]
        text = self._banner_text(names, len(names))
        self.banner.setToolTip(text)
        self.banner.setVisible(bool(text))
        if not text:
            self.banner.setText("")
            return
        self.banner.ensurePolished()
        margin_w = self.banner.width() - self.banner.contentsRect().width()
        margin_h = self.banner.height() - self.banner.contentsRect().height()
        width = self._notices.width() - margin_w
        room = self._notices.height() - margin_h
        if self.message.isVisibleTo(self._notices):
            room -= self.message.heightForWidth(self._notices.width()) + 4
        metrics = QFontMetrics(self.banner.font())
        lines = max(1, min(BANNER_LINES, room // metrics.lineSpacing()))
        # Measured as the lines are laid out (a line is taller than the line spacing).
        limit = wrapped_height(metrics, "\n".join("X" * lines), width)
        shown = len(names)
        while shown > 1 and wrapped_height(metrics, text, width) > limit:
            shown -= 1
            text = self._banner_text(names, shown)
        self.banner.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the queue alert to the header's box when the box changes size.

        And pass a half's new minimum size on: a splitter takes it in but does not tell the
        layout above it, so the window kept its old minimum and squeezed the halves (the
        demo's tiling reads the window's minimum).
        """
        if watched is self._notices and event.type() == QEvent.Type.Resize:
            self._fit_banner()
        elif isinstance(watched, QSplitter) and event.type() == QEvent.Type.LayoutRequest:
            watched.updateGeometry()
            self._work.updateGeometry()
        return super().eventFilter(watched, event)

    def show_connecting(self) -> None:
        """The start-up is still reaching the queue: say so until it answers (or cannot)."""
        self.status_bar.show_connecting()
        self.sign_in_page.set_notice(self.tr("Connecting to the queue…"))

    @Slot(bool)
    def apply_queue_connection(self, ok: bool) -> None:
        """Show whether the queue answers."""
        self.status_bar.show_queue_connection(ok)
        self.sign_in_page.set_notice("" if ok else self.tr("Queue offline — reconnecting…"))

    @Slot(object, object)
    def show_failure(self, action: CounterAction, error: object) -> None:
        """Show why an action was refused, where the teller is looking."""
        message = error_text(
            error, language=self._language, step_name=lambda s: self._step_texts([s])[0]
        )
        if action is DeskAction.SIGN_IN:
            self.sign_in_page.busy(False)
            self.sign_in_page.show_error(message)
            return
        if self.supervision.show_refusal(action, message):
            return
        if isinstance(error, FinishRefused):
            if error.can_override:
                self.supervision.override(self._step_texts(list(error.verdict.open_steps)))
                return
            message = self._finish_message(list(error.verdict.open_steps))
        if action is DeskAction.CHECK_STEP and isinstance(error, DomainError):
            self.checklist.show_step_error(self._last_step, message)
        self._show_message(message)

    def _finish_message(self, open_steps: list[str]) -> str:
        texts = self._step_texts(open_steps)
        return self.tr("Cannot finish: these mandatory steps are still open: %1").replace(
            "%1", "; ".join(texts)
        )

    def _step_texts(self, step_ids: list[str]) -> list[str]:
        state = self._state
        if state is None or state.current is None:
            return step_ids
        by_id = {v.step.id: v.step.text(self._language) for v in state.current.steps}
        return [by_id.get(s, s) for s in step_ids]

    # -- teller input -------------------------------------------------------------------------

    _last_step = ""
    #: The two halves' splitter (None while the window is being built).
    _split: QSplitter | None = None
    _message_situation: tuple[object, ...] | None = None

    def _show_message(self, message: str) -> None:
        self.message.setText(message)
        self.message.setToolTip(message)
        self.message.show()
        self._message_situation = _situation(self._state)
        self._fit_banner()

    def _clear_message(self) -> None:
        self.message.hide()
        self._message_situation = None
        self._fit_banner()

    def _on_check(self, step_id: str, value_text: str) -> None:
        self._clear_message()
        self._last_step = step_id
        self.check_requested.emit(step_id, value_text)

    def _on_sign_in(self, staff_no: str, pin: str) -> None:
        self.sign_in_page.busy(True)
        self.sign_in_requested.emit(staff_no, pin)

    def _pause_or_resume(self) -> None:
        self._clear_message()
        if self._state is not None and self._state.mode is CounterMode.PAUSED:
            self.resume_requested.emit()
            return
        from counterdesk.ui.teller.dialogs.pause import PauseDialog  # built when first needed

        dialog = PauseDialog(pause_reasons(), self)
        if dialog.exec():
            self.pause_requested.emit(dialog.reason())

    def _types(self) -> list[tuple[str, str]]:
        return [(t.code, f"{t.prefix} {t.name(self._language)}") for t in self._catalogue]

    def _transfer(self) -> None:
        self._clear_message()
        from counterdesk.ui.teller.dialogs.transfer import TransferDialog

        state = self._state
        if state is None or state.current is None:
            return
        # The counters as the queue last reported them (read on the worker, never here).
        status = self._queue_status
        others = [c for c in status.counters if c.counter != self._counter] if status else []
        dialog = TransferDialog(self._types(), others, state.current.ticket.business_type, self)
        if dialog.exec():
            business_type, counter = dialog.choice()
            self.transfer_requested.emit(business_type, counter)

    def _switch(self) -> None:
        self._clear_message()
        state = self._state
        if state is None or state.current is None:
            return
        from counterdesk.ui.teller.dialogs.switch_type import SwitchTypeDialog

        dialog = SwitchTypeDialog(self._types(), state.current.business_type.code, self)
        if dialog.exec():
            self.switch_requested.emit(dialog.code())

    def _resume_held(self) -> None:
        item = self.held_list.currentItem()
        if item is not None:
            self.resume_held_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _held_activated(self, item: QListWidgetItem) -> None:
        if self.desk_actions.resume_held.isEnabled():
            self.resume_held_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _authorise(self, step_id: str, value_text: str) -> None:
        self._clear_message()
        self._last_step = step_id
        self.supervision.authorise(step_id, value_text, self._step_texts([step_id])[0])

    def _take_back_keyboard(self) -> None:
        # Back to the checklist, so the F-keys work at once without a click.
        self.activateWindow()
        self.checklist.focus_current_step()

    @property
    def auth_dialog(self) -> AuthorisationDialog | None:
        """The open authorisation dialog, if any (tests and screenshots drive it)."""
        return self.supervision.auth_dialog

    @Slot()
    def _tick(self) -> None:
        self.ticket_card.update_facts(self._state)

    def show_crash(self, summary: str, log_path: str) -> None:
        """Tell staff an error was logged (in one line), where the log is, and that work goes on.

        One dialog for all errors while it is open, so a repeating error does not stack them.
        """
        from counterdesk.ui.teller.dialogs.crash import CrashDialog

        dialog = self.findChild(CrashDialog)
        if dialog is None:
            dialog = CrashDialog(self)
        dialog.show_crash(summary, log_path)

    @property
    def crash_dialog(self) -> CrashDialog | None:
        """The crash dialog, once an error was shown (tests and screenshots look at it)."""
        from counterdesk.ui.teller.dialogs.crash import CrashDialog

        return self.findChild(CrashDialog)


def _situation(state: DeskState | None) -> tuple[object, ...] | None:
    """What a refusal shown in the message bar is about: who, the counter's mode, the ticket."""
    if state is None:
        return None
    current = state.current
    return (
        state.teller.staff_no if state.teller is not None else None,
        state.mode,
        current.ticket.id if current is not None else None,
        current.ticket.state if current is not None else None,
        current.business_type.code if current is not None else None,
    )
