"""The touch ticket dispenser: a header over five pages, and the rules of moving between them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue, Priority
from counterdesk.services.state import IssuedTicket
from counterdesk.ui import icons
from counterdesk.ui.kiosk.closed_page import ClosedPage
from counterdesk.ui.kiosk.issued_page import IssuedPage
from counterdesk.ui.kiosk.priority_page import PriorityPage
from counterdesk.ui.kiosk.staff_page import StaffPage
from counterdesk.ui.kiosk.start_page import StartPage
from counterdesk.ui.kiosk.tile import kiosk_label

if TYPE_CHECKING:
    from counterdesk.ui.widgets.out_of_order import OutOfOrderPage

_PAGES = ("start", "issued", "closed", "staff", "priority")
#: The screen the kiosk's sizes are drawn for; smaller screens shrink them (see kiosk_scale).
FULL_SIZE = (1000, 900)
#: The smallest the sizes get, and the steps they shrink by (each step restyles the window).
MIN_SCALE = 0.35
SCALE_STEP = 0.05


def kiosk_scale(width: int, height: int) -> float:
    """How much a ``width`` x ``height`` kiosk shrinks its type and margins (1.0: not at all).

    A kiosk at least :data:`FULL_SIZE` in both directions (a 1080 x 1920 portrait or a
    1920 x 1080 landscape screen) keeps its sizes; a smaller one shrinks them in steps of
    :data:`SCALE_STEP`, so everything stays on its screen.
    """
    if width <= 0 or height <= 0:
        return 1.0
    raw = min(1.0, width / FULL_SIZE[0], height / FULL_SIZE[1])
    steps = math.floor(raw / SCALE_STEP + 1e-9)
    return max(MIN_SCALE, round(steps * SCALE_STEP, 2))


def scaled_stylesheet(stylesheet: str, scale: float) -> str:
    """The style sheet with every pixel size multiplied by ``scale`` (at least 1 px)."""
    if scale == 1.0:
        return stylesheet
    return re.sub(
        r"(\d+)px", lambda match: f"{max(1, round(int(match.group(1)) * scale))}px", stylesheet
    )


#: How long the staff sign-in page waits for a tap (how long an unlock lasts is the service's).
STAFF_RETURN_AFTER_MS = 60_000
#: Taps on the issued page are ignored this long, so that the second tap of a double tap on
#: a type button does not dismiss the number the customer has not read yet.
TAP_GUARD_MS = 700
#: A ticket request with no answer from the controller re-opens the buttons after this long.
PENDING_TIMEOUT_MS = 15_000


class KioskWindow(QWidget):
    """The kiosk where customers take a ticket; it shows and emits, nothing more.

    Pages (:meth:`page`): ``start`` (one tile per business type), ``issued`` (the number taken),
    ``closed``, ``staff`` (staff sign-in) and ``priority`` (a signed-in staff member picks the
    priority of the next ticket, then the type on the ``start`` page). How long and for how
    many tickets an unlock lasts is the kiosk service's rule: the window leaves the priority
    path when :meth:`follow_unlock` says the unlock is gone.

    Business type names come from the catalogue in the language set with :meth:`set_language`;
    the window's own texts go through Qt's translators.

    Signals:
        ticket_requested(str, int): a type was tapped: its code and the priority level
            (0 normal, 1 VIP, 2 green channel). Once per visit of the start page.
        staff_sign_in(str, str): a staff member asks to unlock the priority path: staff
            number and PIN. The controller answers with :meth:`staff_unlocked` or
            :meth:`show_staff_error`.
        staff_left(): the staff pages (or a priority chosen there) were left: cancelled,
            timed out or back to the start page; an unlock still running is to be dropped.
    """

    ticket_requested = Signal(str, int)
    staff_sign_in = Signal(str, str)
    staff_left = Signal()

    def __init__(
        self,
        catalogue: Catalogue,
        language: str,
        branch_name: str,
        stylesheet: str = "",
        return_after_ms: int = 8000,
        parent: QWidget | None = None,
        *,
        staff_return_after_ms: int = STAFF_RETURN_AFTER_MS,
        tap_guard_ms: int = TAP_GUARD_MS,
    ) -> None:
        """Build all pages and show the start page.

        Args:
            catalogue: the business types offered, in the order of their tiles.
            language: ``en`` or ``zh_CN``, for the business type names.
            branch_name: shown at the top of every page.
            stylesheet: QSS text (``resources/styles/kiosk.qss``, read by the caller).
            return_after_ms: how long the issued number stays before the start page returns.
            parent: the parent widget, normally None (a top-level window).
            staff_return_after_ms: how long the staff sign-in page waits for a tap before the
                start page returns.
            tap_guard_ms: how long taps on a new issued page are ignored.
        """
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        # A top-level widget paints its QSS background only with this attribute.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._catalogue = catalogue
        self._language = language
        self._branch_name = branch_name
        self._enabled_types: set[str] = set(catalogue.codes)
        self._request_open = False
        self._pending_code = ""
        self._priority: Priority | None = None
        self._staff_name = ""
        self._locked_down = False
        self._close_allowed = False
        self._portrait: bool | None = None
        self._stylesheet = stylesheet
        self._scale = 1.0

        self._return_timer = self._timer("kioskReturnTimer", return_after_ms, self.show_start)
        self._staff_timer = self._timer("kioskStaffTimer", staff_return_after_ms, self.show_start)
        self._pending_timer = self._timer("kioskPendingTimer", PENDING_TIMEOUT_MS, self.show_start)
        self._tap_guard = self._timer("kioskTapGuardTimer", tap_guard_ms, None)

        self._header = self._build_header()
        self._stack = QStackedWidget(self)
        self._start = StartPage(catalogue, self)
        self._start.type_tapped.connect(self._on_type_clicked)
        self._start.priority_cancelled.connect(self.show_start)
        self._start.label_tiles(language)
        self._issued = IssuedPage(self)
        self._issued.set_language(language)
        self._issued.tapped.connect(self._on_issued_tapped)
        self._closed = ClosedPage(self)
        self._staff = StaffPage(self)
        self._staff.submitted.connect(self._on_sign_in)
        self._staff.touched.connect(self._on_staff_activity)
        self._staff.cancelled.connect(self.show_start)
        self._priority_page = PriorityPage(self)
        self._priority_page.chosen.connect(self._on_priority_chosen)
        self._priority_page.cancelled.connect(self.show_start)
        self._pages: dict[str, QWidget] = {
            "start": self._start,
            "issued": self._issued,
            "closed": self._closed,
            "staff": self._staff,
            "priority": self._priority_page,
        }
        for name in _PAGES:
            self._stack.addWidget(self._pages[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window's size is the screen's: pages must not push a minimum size on it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self._header)
        layout.addWidget(self._stack, 1)
        # Built on the first error: most days it is never shown.
        self._out_of_order: OutOfOrderPage | None = None

        if stylesheet:
            self.setStyleSheet(stylesheet)
        self._retranslate()
        self.show_start()

    # -- public API ---------------------------------------------------------------------

    def page(self) -> str:
        """Name of the visible page: start, issued, closed, staff or priority."""
        return _PAGES[self._stack.currentIndex()]

    def language(self) -> str:
        """The language of the business type names."""
        return self._language

    def set_language(self, lang: str) -> None:
        """Show business type names in ``en`` or ``zh_CN`` (the other language underneath)."""
        self._language = lang
        self._start.label_tiles(lang)
        self._issued.set_language(lang)

    def priority(self) -> Priority | None:
        """The priority the next ticket gets, while a staff member has unlocked one."""
        return self._priority

    def set_enabled_types(self, codes: set[str]) -> None:
        """Let customers tap only these types; the others show "not available now"."""
        self._enabled_types = set(codes)
        self._start.set_enabled_types(self._enabled_types)

    def show_start(self) -> None:
        """Show the welcome page with a tile per business type; lock the priority path."""
        self._lock_priority()
        self._set_page("start")

    def show_issued(self, issued: IssuedTicket, printed: bool) -> None:
        """Show the number just taken, then return to the start page after a while.

        Args:
            issued: the ticket, the customers ahead and the wait estimate.
            printed: False when the slip could not be printed (the customer must remember
                the number).
        """
        self._issued.show_ticket(issued, printed)
        self._set_page("issued")
        self._return_timer.start()
        if self._tap_guard.interval() > 0:
            self._tap_guard.start()

    def show_closed(self, reason: str, hours: str = "") -> None:
        """Tell customers no ticket can be taken now.

        Args:
            reason: ``hours`` (outside opening hours), ``counters`` (no counter is open) or
                ``connecting`` (still reaching the queue at start-up).
            hours: the opening hours, as the caller words them (shown for ``hours``).
        """
        self._lock_priority()
        self._closed.set_reason(reason, hours)
        self._set_page("closed")

    def follow_unlock(self, unlocked_by: str | None) -> None:
        """Follow the service's priority unlock: when it is gone, leave the priority path.

        Args:
            unlocked_by: the lobby manager whose unlock is still good, or None (used up by a
                ticket, expired or dropped).
        """
        if unlocked_by is not None:
            return
        if self.page() in ("priority", "start") and self._priority_path():
            self.show_start()
        else:
            # A ticket is on its way or shown: its priority was the last one.
            self._priority = None

    def show_ticket_refused(self, message: str) -> None:
        """A ticket request was refused: a priority one back to staff sign-in, with the reason.

        A refused customer's request just returns to the start page (the tiles already show
        what is available).
        """
        if self._priority is None:
            self.show_start()
            return
        self._lock_priority()
        self._staff.clear()
        self._set_page("staff")
        self._staff.show_error(message)
        # The lobby manager signs in again from the staff number (the error empties the PIN).
        self._staff.fields.staff_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._staff_timer.start()

    def show_staff_error(self, message: str) -> None:
        """Show why the staff sign-in was refused and let the staff member try again."""
        self._staff.show_error(message)
        if self.page() == "staff":
            self._staff_timer.start()

    def staff_unlocked(self, staff_name: str) -> None:
        """The controller accepted the sign-in: offer the priority levels for one ticket."""
        if self.page() != "staff" or not self._staff.is_signing_in():
            # A late answer after the staff page timed out or was cancelled unlocks nothing.
            return
        self._staff.stop_waiting()
        self._staff_name = staff_name
        self._staff.clear()
        self._priority_page.set_staff_name(staff_name)
        self._set_page("priority")

    def show_out_of_order(self) -> None:
        """Cover the pages with "please ask a member of staff" (after an error)."""
        self._staff_button.setEnabled(False)
        if self._out_of_order is None:
            from counterdesk.ui.widgets.out_of_order import OutOfOrderPage

            self._out_of_order = OutOfOrderPage(self._stack)
        self._out_of_order.show_over()

    def clear_out_of_order(self) -> None:
        """Uncover the pages: the page the kiosk's state put there meanwhile shows again."""
        if self._out_of_order is not None:
            self._out_of_order.hide()
        self._staff_button.setEnabled(True)

    def out_of_order(self) -> bool:
        """Whether the "please ask a member of staff" page covers the kiosk."""
        return self._out_of_order is not None and self._out_of_order.isVisibleTo(self)

    def lock_down(self) -> None:
        """Make the window a frameless, always-on-top kiosk that customers cannot close.

        Call before showing it full screen; :meth:`allow_close` lets the application close it.
        """
        self._locked_down = True
        visible = self.isVisible()
        self.setWindowFlags(
            self.windowFlags()
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        if visible:
            # Changing the flags hides a shown window.
            self.show()

    def allow_close(self) -> None:
        """Let the next close request close the window (the application is quitting)."""
        self._close_allowed = True

    # -- Qt overrides -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close a locked-down kiosk unless the application allowed it."""
        if self._locked_down and not self._close_allowed:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Swallow Escape and Alt+F4 on a locked-down kiosk."""
        if self._locked_down and (
            event.key() == Qt.Key.Key_Escape
            or (
                event.key() == Qt.Key.Key_F4 and event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay the pages out for a portrait or a landscape screen."""
        super().resizeEvent(event)
        self._apply_orientation()
        self._apply_scale()
        self._start.arrange_grid()
        self._issued.fit_ticket_number()

    def changeEvent(self, event: QEvent) -> None:
        """Translate the window's own texts again when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- slots --------------------------------------------------------------------------

    @Slot(int)
    def _on_type_clicked(self, index: int) -> None:
        code = self._catalogue.codes[index]
        if not self._request_open or code not in self._enabled_types:
            return
        self._request_open = False
        level = int(self._priority) if self._priority is not None else int(Priority.NORMAL)
        self._pending_code = code
        self._start.set_pending(code, True)
        self._pending_timer.start()
        self.ticket_requested.emit(code, level)

    @Slot()
    def _on_issued_tapped(self) -> None:
        if self.page() == "issued" and not self._tap_guard.isActive():
            self.show_start()

    @Slot()
    def _on_staff_button(self) -> None:
        if self.page() != "start":
            return
        self._staff.clear()
        self._set_page("staff")
        self._staff.fields.staff_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._staff_timer.start()

    @Slot()
    def _on_sign_in(self) -> None:
        fields = self._staff.fields
        if self.page() != "staff" or self._staff.is_signing_in() or not fields.complete():
            return
        self._staff.begin_sign_in()
        self._staff_timer.start()
        self.staff_sign_in.emit(*fields.credentials())

    @Slot()
    def _on_staff_activity(self) -> None:
        if self.page() == "staff":
            self._staff_timer.start()

    @Slot(int)
    def _on_priority_chosen(self, level: int) -> None:
        if self.page() != "priority":
            return
        self._priority = Priority(level)
        self._start.show_priority(
            self.tr("Ticket with priority: {level}. Choose the service.").format(
                level=self._priority_page.priority_name(self._priority)
            ),
            self._priority.name.lower(),
        )
        self._set_page("start")

    # -- page switching -----------------------------------------------------------------

    def _timer(self, name: str, interval: int, slot: Callable[[], None] | None) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        if slot is not None:
            timer.timeout.connect(slot)
        return timer

    def _set_page(self, name: str) -> None:
        self._return_timer.stop()
        self._pending_timer.stop()
        self._tap_guard.stop()
        if name != "staff":
            self._staff_timer.stop()
        if self._pending_code:
            self._start.set_pending(self._pending_code, False)
            self._pending_code = ""
        # A new page is a new chance to tap; a late tap on a hidden page must not count.
        self._request_open = name == "start"
        unlocked = self._priority is not None
        self._start.priority_banner.setVisible(name == "start" and unlocked)
        self._start.welcome_block.setVisible(not unlocked)
        self._staff_button.setVisible(name == "start" and not unlocked)
        if name != "staff":
            self._staff.stop_waiting()
        self._stack.setCurrentWidget(self._pages[name])

    def _priority_path(self) -> bool:
        return self._priority is not None or self.page() in ("staff", "priority")

    def _lock_priority(self) -> None:
        left = self._priority_path()
        self._priority = None
        self._staff_name = ""
        self._staff.clear()
        if left:
            self.staff_left.emit()

    # -- building and laying out ----------------------------------------------------------

    def _build_header(self) -> QWidget:
        header = QWidget(self)
        header.setObjectName("header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(header)
        row.setContentsMargins(40, 14, 20, 14)
        self._branch_label = kiosk_label("branchName", header, wrap=False)
        self._branch_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._branch_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self._branch_label, 1)
        self._staff_button = QPushButton(header)
        self._staff_button.setObjectName("staffButton")
        self._staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._staff_button.setIcon(icons.icon("mdi6.account-key-outline", "#9fb3c8"))
        self._staff_button.setIconSize(QSize(30, 30))
        self._staff_button.setFixedSize(56, 56)
        self._staff_button.clicked.connect(self._on_staff_button)
        row.addWidget(self._staff_button)
        return header

    def _apply_orientation(self) -> None:
        portrait = self.height() > self.width()
        if portrait == self._portrait:
            return
        self._portrait = portrait
        # The style sheet sizes some texts down on a landscape screen.
        self.setProperty("landscape", not portrait)
        if self.styleSheet():
            self.setStyleSheet(self.styleSheet())
        self._issued.set_portrait(portrait)
        self._staff.set_portrait(portrait)
        self._priority_page.set_portrait(portrait)

    def scale(self) -> float:
        """How much the kiosk's type, margins and buttons are shrunk for its screen (1: not)."""
        return self._scale

    def _apply_scale(self) -> None:
        scale = kiosk_scale(self.width(), self.height())
        if scale == self._scale:
            return
        self._scale = scale
        if self._stylesheet:
            self.setStyleSheet(scaled_stylesheet(self._stylesheet, scale))
        header = self._header.layout()
        assert header is not None
        header.setContentsMargins(*(round(m * scale) for m in (40, 14, 20, 14)))
        side = max(32, round(56 * scale))
        self._staff_button.setFixedSize(side, side)
        self._staff_button.setIconSize(QSize(side * 30 // 56, side * 30 // 56))
        self._start.set_scale(scale)
        self._issued.set_scale(scale)

    def _retranslate(self) -> None:
        self._branch_label.setText(self._branch_name)
        self._staff_button.setAccessibleName(self.tr("Staff"))
        self._staff_button.setToolTip(self.tr("Staff"))
        self._start.retranslate()
        self.set_enabled_types(self._enabled_types)
        self._issued.retranslate()
        self._closed.retranslate()
        self._staff.retranslate()
        self._priority_page.retranslate()
        if self._out_of_order is not None:
            self._out_of_order.retranslate()
