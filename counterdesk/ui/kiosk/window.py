"""The touch ticket dispenser: business type buttons, the issued number, closed and staff pages."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue, Priority
from counterdesk.core.slip import wait_minutes
from counterdesk.services.state import IssuedTicket
from counterdesk.ui import icons
from counterdesk.ui.widgets.credentials import CredentialFields
from counterdesk.ui.widgets.fitting import (
    largest_fitting,
    set_pixel_size,
    widest_word,
    with_pixel_size,
    wrapped_height,
)
from counterdesk.ui.widgets.style import repolish

_PAGES = ("start", "issued", "closed", "staff", "priority")

_NAVY = "#12355b"
_WHITE = "#ffffff"

#: The icon of each shipped business type; other codes get :data:`DEFAULT_TYPE_ICON`.
TYPE_ICONS: dict[str, str] = {
    "DEP": "mdi6.cash-plus",
    "WDR": "mdi6.cash-minus",
    "TRF": "mdi6.bank-transfer",
    "OPEN": "mdi6.account-plus",
    "CARD": "mdi6.credit-card-refresh-outline",
    "PWD": "mdi6.lock-reset",
    "FX": "mdi6.currency-usd",
    "VIP": "mdi6.diamond-stone",
}
DEFAULT_TYPE_ICON = "mdi6.ticket-outline"

#: The priority choices offered after a staff sign-in, with their icons (white on colour).
_PRIORITY_ICONS: dict[Priority, str] = {
    Priority.VIP: "mdi6.crown",
    Priority.GREEN: "mdi6.human-cane",
    Priority.NORMAL: "mdi6.account",
}

#: How long the staff pages (and a type grid unlocked for a priority ticket) wait for a tap.
STAFF_RETURN_AFTER_MS = 60_000
#: Taps on the issued page are ignored this long, so that the second tap of a double tap on
#: a type button does not dismiss the number the customer has not read yet.
TAP_GUARD_MS = 700
#: A ticket request with no answer from the controller re-opens the buttons after this long.
PENDING_TIMEOUT_MS = 15_000

#: Smallest comfortable tile; the grid picks its columns so tiles stay near this shape.
_TILE_ASPECT = 1.35
_KEYPAD_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back")


def _label(object_name: str, parent: QWidget, wrap: bool = True, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    label.setObjectName(object_name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def grid_columns(count: int, width: int, height: int, aspect: float = _TILE_ASPECT) -> int:
    """Columns for ``count`` tiles in a ``width`` x ``height`` area.

    Picks the column count that gives the largest tile of shape ``aspect`` (width / height),
    so eight types make 2 columns on a portrait screen and 4 on a landscape one.
    """
    if count <= 0 or width <= 0 or height <= 0:
        return 1
    best, best_size = 1, -1.0
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        size = min(width / columns / aspect, height / rows)
        if size > best_size:
            best, best_size = columns, size
    return best


class KioskTile(QPushButton):
    """A big touch tile: an icon, a title and a subtitle, an optional letter badge and a note.

    Texts shrink together with their :attr:`peers` until every tile's texts fit, so a row of
    tiles looks even and a long English name is never cut.
    """

    TITLE_PIXEL_SIZE = 52
    SUBTITLE_PIXEL_SIZE = 30
    MIN_SCALE = 0.3
    #: The small lines stay readable: the title gives way first.
    SUBTITLE_MIN_PIXEL_SIZE = 20

    def __init__(
        self, object_name: str, icon_name: str, icon_color: str, parent: QWidget | None = None
    ) -> None:
        """Create an empty tile.

        Args:
            object_name: for the style sheet.
            icon_name: qtawesome name of the icon (listed in ``icons.ICONS``).
            icon_color: its colour.
            parent: the parent widget.
        """
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # The grid decides the size: the texts fit themselves to it, never the other way.
        self.setMinimumSize(1, 1)
        self._icon = icons.icon(icon_name, icon_color)
        #: Tiles whose texts share one size; self included.
        self.peers: list[KioskTile] = [self]
        self._scale = 1.0

        self.icon_label = QLabel(self)
        self.icon_label.setObjectName("tileIcon")
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label = _label("tileTitle", self, bold=True)
        self.subtitle_label = _label("tileSubtitle", self)
        self.note_label = _label("tileNote", self, bold=True)
        self.note_label.hide()
        self.badge = _label("prefixBadge", self, wrap=False, bold=True)
        self.badge.hide()
        for child in (
            self.icon_label,
            self.title_label,
            self.subtitle_label,
            self.note_label,
            self.badge,
        ):
            # Taps on the texts belong to the tile.
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            child.setMinimumSize(1, 1)
            child.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(20, 16, 20, 16)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)
        self._layout.addWidget(self.icon_label)
        self._layout.addSpacing(6)
        self._layout.addWidget(self.title_label)
        self._layout.addWidget(self.subtitle_label)
        self._layout.addWidget(self.note_label)
        self._layout.addStretch(1)

    def title(self) -> str:
        """The big line of text."""
        return self.title_label.text()

    def subtitle(self) -> str:
        """The small line of text under the title."""
        return self.subtitle_label.text()

    def set_texts(self, title: str, subtitle: str = "", badge: str = "") -> None:
        """Show a title, a subtitle (hidden when empty) and a corner badge (hidden when empty)."""
        self.title_label.setText(title)
        self.subtitle_label.setText(subtitle)
        self.subtitle_label.setVisible(bool(subtitle))
        self.badge.setText(badge)
        self.badge.setVisible(bool(badge))
        self.setAccessibleName(" ".join(part for part in (badge, title, subtitle) if part))
        self.fit()

    def set_note(self, note: str) -> None:
        """Show a short note under the texts (such as "not available now"), or hide it."""
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self.fit()

    def note(self) -> str:
        """The note shown, or ""."""
        return self.note_label.text() if not self.note_label.isHidden() else ""

    def scale(self) -> float:
        """How much the texts are shrunk to fit (1.0: not at all)."""
        return self._scale

    def fit(self) -> None:
        """Size the icon to the tile and shrink the texts of all peers until each fits."""
        scale = min(peer._fitting_scale() for peer in self.peers)
        for peer in self.peers:
            peer._apply(scale)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the icon and the texts to the new size."""
        super().resizeEvent(event)
        side = max(12, min(self.height() // 8, 56))
        self.badge.setGeometry(14, 14, side + 8, side)
        self.fit()

    def changeEvent(self, event: QEvent) -> None:
        """Grey the icon out with the tile."""
        if event.type() == QEvent.Type.EnabledChange:
            self._show_icon()
        super().changeEvent(event)

    def _icon_size(self) -> int:
        # Icons are pre-rendered at icons.SIZE: larger would be blurred.
        return max(32, min(int(self.height() * 0.24), int(self.width() * 0.3), icons.SIZE))

    def _show_icon(self) -> None:
        size = self._icon_size()
        mode = QIcon.Mode.Normal if self.isEnabled() else QIcon.Mode.Disabled
        self.icon_label.setPixmap(self._icon.pixmap(QSize(size, size), mode))
        self.icon_label.setFixedHeight(size)

    def _texts(self) -> list[tuple[QLabel, int, int]]:
        """The texts shown, each with its size at scale 1 and its smallest size."""
        shown = [(self.title_label, self.TITLE_PIXEL_SIZE, 10)]
        small = (self.SUBTITLE_PIXEL_SIZE, self.SUBTITLE_MIN_PIXEL_SIZE)
        if self.subtitle_label.text():
            shown.append((self.subtitle_label, *small))
        if not self.note_label.isHidden():
            shown.append((self.note_label, *small))
        return shown

    def _fitting_scale(self) -> float:
        margins = self._layout.contentsMargins()
        width = self.width() - margins.left() - margins.right() - 8
        spacing = self._layout.spacing()
        texts = self._texts()
        height = (
            self.height()
            - margins.top()
            - margins.bottom()
            - self._icon_size()
            - 6
            - spacing * (len(texts) + 1)
        )
        if width <= 0 or height <= 0:
            return self.MIN_SCALE
        scale = largest_fitting(
            1.0,
            self.MIN_SCALE,
            lambda scale: round(scale - 0.05, 2),
            lambda scale: self._fits(texts, scale, width, height),
        )
        return max(scale, self.MIN_SCALE)

    @staticmethod
    def _fits(texts: list[tuple[QLabel, int, int]], scale: float, width: int, height: int) -> bool:
        used = 0
        centred = int(Qt.AlignmentFlag.AlignCenter)
        for label, base, smallest in texts:
            metrics = QFontMetrics(with_pixel_size(label.font(), max(smallest, int(base * scale))))
            if widest_word(metrics, label.text()) > width:
                return False
            used += wrapped_height(metrics, label.text(), width, centred)
        return used <= height

    def _apply(self, scale: float) -> None:
        self._scale = scale
        for label, base, smallest in self._texts():
            set_pixel_size(label, max(smallest, int(base * scale)))
        set_pixel_size(self.badge, max(10, int(self.badge.height() * 0.62)))
        self._show_icon()


class _TapPage(QWidget):
    """A page that reports a tap anywhere on it (its labels let taps through).

    Signals:
        tapped(): the page was pressed.
    """

    tapped = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Report the tap."""
        event.accept()
        self.tapped.emit()


class KioskWindow(QWidget):
    """The kiosk where customers take a ticket; it shows and emits, nothing more.

    Pages (:meth:`page`): ``start`` (one tile per business type), ``issued`` (the number taken),
    ``closed``, ``staff`` (staff sign-in) and ``priority`` (a signed-in staff member picks the
    priority of the next ticket, then the type on the ``start`` page).

    Business type names come from the catalogue in the language set with :meth:`set_language`;
    the window's own texts go through Qt's translators.

    Signals:
        ticket_requested(str, int): a type was tapped: its code and the priority level
            (0 normal, 1 VIP, 2 green channel). Once per visit of the start page.
        staff_sign_in(str, str): a staff member asks to unlock the priority path: staff
            number and PIN. The controller answers with :meth:`staff_unlocked` or
            :meth:`show_staff_error`.
    """

    ticket_requested = Signal(str, int)
    staff_sign_in = Signal(str, str)

    # Set while building the staff page, used by methods the build calls.
    _staff_error: QLabel
    _keypad_target: QLineEdit

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
            staff_return_after_ms: how long the staff pages wait for a tap before the start
                page returns (and the priority path locks again).
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
        self._signing_in = False
        self._issued: IssuedTicket | None = None
        self._printed = True
        self._closed_reason = "hours"
        self._closed_hours = ""
        self._locked_down = False
        self._close_allowed = False
        self._portrait: bool | None = None
        self._columns = 0

        self._return_timer = self._timer("kioskReturnTimer", return_after_ms, self.show_start)
        self._staff_timer = self._timer("kioskStaffTimer", staff_return_after_ms, self.show_start)
        self._pending_timer = self._timer("kioskPendingTimer", PENDING_TIMEOUT_MS, self.show_start)
        self._tap_guard = self._timer("kioskTapGuardTimer", tap_guard_ms, None)

        self._header = self._build_header()
        self._stack = QStackedWidget(self)
        self._pages: dict[str, QWidget] = {}
        self._build_start()
        self._build_issued()
        self._build_closed()
        self._build_staff()
        self._build_priority()
        for name in _PAGES:
            self._stack.addWidget(self._pages[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window's size is the screen's: pages must not push a minimum size on it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self._header)
        layout.addWidget(self._stack, 1)

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
        self._label_type_tiles()
        self._fill_issued()

    def priority(self) -> Priority | None:
        """The priority the next ticket gets, while a staff member has unlocked one."""
        return self._priority

    def set_enabled_types(self, codes: set[str]) -> None:
        """Let customers tap only these types; the others show "not available now"."""
        self._enabled_types = set(codes)
        for code, tile in self._type_tiles.items():
            available = code in self._enabled_types
            tile.setEnabled(available)
            tile.set_note("" if available else self.tr("Not available now"))

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
        self._issued = issued
        self._printed = printed
        self._fill_issued()
        self._set_page("issued")
        self._return_timer.start()
        if self._tap_guard.interval() > 0:
            self._tap_guard.start()

    def show_closed(self, reason: str, hours: str = "") -> None:
        """Tell customers no ticket can be taken now.

        Args:
            reason: ``hours`` (outside opening hours) or ``counters`` (no counter is open).
            hours: the opening hours, as the caller words them (shown for ``hours``).
        """
        self._lock_priority()
        self._closed_reason = reason
        self._closed_hours = hours
        self._fill_closed()
        self._set_page("closed")

    def show_staff_error(self, message: str) -> None:
        """Show why the staff sign-in was refused and let the staff member try again."""
        self._signing_in = False
        self._staff_error.setText(message)
        self._staff_error.show()
        self._fields.clear_pin()
        self._keypad_target = self._fields.pin_edit
        self._update_sign_in_button()
        if self.page() == "staff":
            self._staff_timer.start()

    def staff_unlocked(self, staff_name: str) -> None:
        """The controller accepted the sign-in: offer the priority levels for one ticket."""
        if self.page() != "staff" or not self._signing_in:
            # A late answer after the staff page timed out or was cancelled unlocks nothing.
            return
        self._signing_in = False
        self._staff_name = staff_name
        self._clear_staff_form()
        self._priority_title.setText(self.tr("Signed in: {name}").format(name=staff_name))
        self._set_page("priority")
        self._staff_timer.start()

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
        self._arrange_type_grid()
        self._fit_ticket_number()

    def changeEvent(self, event: QEvent) -> None:
        """Translate the window's own texts again when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow which staff field the keypad types into; rearrange the grid on resize."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self._keypad_target = watched
        elif event.type() == QEvent.Type.Resize and watched is self._grid_host:
            self._arrange_type_grid()
        elif event.type() == QEvent.Type.Resize and watched is self._number_block:
            self._fit_ticket_number()
        return super().eventFilter(watched, event)

    # -- slots --------------------------------------------------------------------------

    @Slot(int)
    def _on_type_clicked(self, index: int) -> None:
        code = self._catalogue.codes[index]
        if not self._request_open or code not in self._enabled_types:
            return
        self._request_open = False
        level = int(self._priority) if self._priority is not None else int(Priority.NORMAL)
        # The unlocked priority is for one ticket only.
        self._priority = None
        self._staff_timer.stop()
        self._pending_code = code
        tile = self._type_tiles[code]
        tile.setProperty("pending", True)
        repolish(tile)
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
        self._clear_staff_form()
        self._set_page("staff")
        self._fields.staff_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._staff_timer.start()

    @Slot()
    def _on_sign_in(self) -> None:
        if self.page() != "staff" or self._signing_in or not self._fields.complete():
            return
        self._signing_in = True
        self._staff_error.hide()
        self._update_sign_in_button()
        self._staff_timer.start()
        self.staff_sign_in.emit(*self._fields.credentials())

    @Slot()
    def _on_staff_activity(self) -> None:
        if self.page() in ("staff", "priority"):
            self._staff_timer.start()
        self._update_sign_in_button()

    @Slot(int)
    def _on_priority_chosen(self, level: int) -> None:
        if self.page() != "priority":
            return
        self._priority = Priority(level)
        self._priority_banner_text.setText(
            self.tr("Ticket with priority: {level}. Choose the service.").format(
                level=self._priority_name(self._priority)
            )
        )
        self._priority_banner.setProperty("level", self._priority.name.lower())
        repolish(self._priority_banner)
        self._set_page("start")
        self._staff_timer.start()

    @Slot(int)
    def _on_keypad(self, index: int) -> None:
        key = _KEYPAD_KEYS[index]
        edit = self._keypad_target
        if key == "back":
            edit.backspace()
        elif key == "clear":
            edit.clear()
        else:
            edit.insert(key)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._on_staff_activity()

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
        if name not in ("staff", "priority"):
            self._staff_timer.stop()
        if self._pending_code:
            tile = self._type_tiles[self._pending_code]
            tile.setProperty("pending", False)
            repolish(tile)
            self._pending_code = ""
        # A new page is a new chance to tap; a late tap on a hidden page must not count.
        self._request_open = name == "start"
        unlocked = self._priority is not None
        self._priority_banner.setVisible(name == "start" and unlocked)
        self._welcome_block.setVisible(not unlocked)
        self._staff_button.setVisible(name == "start" and not unlocked)
        if name != "staff":
            self._signing_in = False
        self._stack.setCurrentWidget(self._pages[name])

    def _lock_priority(self) -> None:
        self._priority = None
        self._staff_name = ""
        self._clear_staff_form()

    def _clear_staff_form(self) -> None:
        self._fields.staff_edit.clear()
        self._fields.pin_edit.clear()
        self._staff_error.hide()
        self._staff_error.clear()
        self._keypad_target = self._fields.staff_edit
        self._signing_in = False
        self._update_sign_in_button()

    def _update_sign_in_button(self) -> None:
        self._sign_in_button.setEnabled(self._fields.complete() and not self._signing_in)
        self._sign_in_button.setText(
            self.tr("Checking…") if self._signing_in else self.tr("Sign in")
        )

    # -- building the pages -------------------------------------------------------------

    def _new_page(self, name: str, tap: bool = False) -> tuple[QWidget, QVBoxLayout]:
        page: QWidget = _TapPage(self) if tap else QWidget(self)
        page.setObjectName(f"{name}Page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(20)
        self._pages[name] = page
        return page, layout

    def _build_header(self) -> QWidget:
        header = QWidget(self)
        header.setObjectName("header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(header)
        row.setContentsMargins(40, 14, 20, 14)
        self._branch_label = _label("branchName", header, wrap=False)
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

    def _build_start(self) -> None:
        page, layout = self._new_page("start")
        layout.setContentsMargins(40, 28, 40, 28)
        self._welcome_block = QWidget(page)
        welcome = QVBoxLayout(self._welcome_block)
        welcome.setContentsMargins(0, 0, 0, 0)
        welcome.setSpacing(6)
        self._welcome_label = _label("welcomeLine", self._welcome_block)
        welcome.addWidget(self._welcome_label)
        self._choose_label = _label("chooseLine", self._welcome_block)
        welcome.addWidget(self._choose_label)
        layout.addWidget(self._welcome_block)

        self._priority_banner = QFrame(page)
        self._priority_banner.setObjectName("priorityBanner")
        banner = QHBoxLayout(self._priority_banner)
        banner.setContentsMargins(28, 14, 14, 14)
        self._priority_banner_text = _label("priorityBannerText", self._priority_banner)
        self._priority_banner_text.setAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        banner.addWidget(self._priority_banner_text, 1)
        self._banner_cancel = self._plain_button("bannerCancelButton", self._priority_banner)
        self._banner_cancel.clicked.connect(self.show_start)
        banner.addWidget(self._banner_cancel)
        layout.addWidget(self._priority_banner)

        self._grid_host = QWidget(page)
        self._grid_host.setObjectName("typeGrid")
        self._grid_host.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._grid_host.setMinimumSize(1, 1)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(20)
        self._grid_host.installEventFilter(self)
        self._type_group = QButtonGroup(page)
        self._type_tiles: dict[str, KioskTile] = {}
        for index, business in enumerate(self._catalogue):
            tile = KioskTile(
                "typeButton",
                TYPE_ICONS.get(business.code, DEFAULT_TYPE_ICON),
                _NAVY,
                self._grid_host,
            )
            tile.setProperty("code", business.code)
            self._type_group.addButton(tile, index)
            self._type_tiles[business.code] = tile
        peers = list(self._type_tiles.values())
        for tile in peers:
            tile.peers = peers
        self._type_group.idClicked.connect(self._on_type_clicked)
        layout.addWidget(self._grid_host, 1)

        self._green_note = _label("greenNote", page)
        layout.addWidget(self._green_note)
        self._label_type_tiles()

    def _build_issued(self) -> None:
        page, layout = self._new_page("issued", tap=True)
        assert isinstance(page, _TapPage)
        page.tapped.connect(self._on_issued_tapped)
        self._issued_body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._issued_body.setSpacing(28)
        # Stretch factors of [space, number, information, space], set per orientation: side
        # by side on a landscape screen, one block under the other, centred, on a portrait one.
        self._issued_body.addStretch(0)

        self._number_block = QWidget(page)
        self._number_block.installEventFilter(self)
        number = QVBoxLayout(self._number_block)
        number.setContentsMargins(0, 0, 0, 0)
        number.setSpacing(0)
        self._your_number = _label("yourNumberCaption", self._number_block)
        number.addWidget(self._your_number)
        self._ticket_number = _label("ticketNumber", self._number_block, wrap=False, bold=True)
        self._ticket_number.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        number.addWidget(self._ticket_number)
        self._issued_business = _label("issuedBusiness", self._number_block)
        number.addWidget(self._issued_business)
        self._issued_body.addWidget(self._number_block, 1, Qt.AlignmentFlag.AlignVCenter)

        info = QVBoxLayout()
        info.setSpacing(20)
        info.addStretch(1)
        card = QFrame(page)
        card.setObjectName("infoCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(36, 28, 36, 28)
        card_layout.setSpacing(18)
        self._ahead_label = self._info_row(card, card_layout, "mdi6.account-multiple", "aheadLine")
        self._wait_label = self._info_row(card, card_layout, "mdi6.clock-outline", "waitLine")
        info.addWidget(card)

        self._take_frame = QFrame(page)
        self._take_frame.setObjectName("takeTicket")
        self._take_label = self._info_row(
            self._take_frame,
            QHBoxLayout(),
            "mdi6.ticket-confirmation-outline",
            "takeTicketLine",
            color="#1b6e3a",
        )
        info.addWidget(self._take_frame)
        self._printer_frame = QFrame(page)
        self._printer_frame.setObjectName("printerFault")
        self._printer_label = self._info_row(
            self._printer_frame, QHBoxLayout(), "mdi6.printer-alert", "printerFaultLine", "#8d2b0b"
        )
        info.addWidget(self._printer_frame)
        info.addStretch(1)
        self._issued_body.addLayout(info, 1)
        self._issued_body.addStretch(0)
        layout.addLayout(self._issued_body, 1)

        hint = QHBoxLayout()
        hint.addStretch(1)
        tap_icon = QLabel(page)
        tap_icon.setPixmap(icons.pixmap("mdi6.gesture-tap", "#627d98", 30))
        hint.addWidget(tap_icon)
        self._tap_hint = _label("tapHint", page, wrap=False)
        hint.addWidget(self._tap_hint)
        hint.addStretch(1)
        layout.addLayout(hint)

    def _info_row(
        self,
        parent: QWidget,
        into: QVBoxLayout | QHBoxLayout,
        icon_name: str,
        object_name: str,
        color: str = _NAVY,
    ) -> QLabel:
        row = QHBoxLayout()
        row.setSpacing(20)
        mark = QLabel(parent)
        mark.setPixmap(icons.pixmap(icon_name, color, 48))
        mark.setFixedSize(48, 48)
        row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        text = _label(object_name, parent)
        text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(text, 1)
        if parent.layout() is None:
            # A frame of its own: the row is its whole content.
            frame_layout = QVBoxLayout(parent)
            frame_layout.setContentsMargins(28, 20, 28, 20)
            frame_layout.addLayout(row)
        else:
            into.addLayout(row)
        return text

    def _build_closed(self) -> None:
        page, layout = self._new_page("closed")
        layout.addStretch(2)
        self._closed_icon = QLabel(page)
        self._closed_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._closed_icon)
        self._closed_title = _label("closedTitle", page)
        layout.addWidget(self._closed_title)
        self._closed_text = _label("closedText", page)
        layout.addWidget(self._closed_text)
        layout.addStretch(3)

    def _build_staff(self) -> None:
        page, layout = self._new_page("staff")
        title_row = QHBoxLayout()
        title_row.addStretch(1)
        mark = QLabel(page)
        mark.setPixmap(icons.pixmap("mdi6.shield-account", _NAVY, 48))
        title_row.addWidget(mark)
        self._staff_title = _label("staffTitle", page, wrap=False)
        title_row.addWidget(self._staff_title)
        title_row.addStretch(1)
        layout.addStretch(1)
        layout.addLayout(title_row)
        self._staff_note = _label("staffNote", page)
        layout.addWidget(self._staff_note)

        self._staff_body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._staff_body.setSpacing(40)
        card = QFrame(page)
        card.setObjectName("staffCard")
        card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(36, 32, 36, 32)
        card_layout.setSpacing(20)
        self._fields = CredentialFields(self.tr("Staff number"), card)
        self._fields.setObjectName("staffFields")
        form = self._fields.layout()
        assert isinstance(form, QFormLayout)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(16)
        for edit in (self._fields.staff_edit, self._fields.pin_edit):
            edit.installEventFilter(self)
            edit.setMinimumHeight(72)
            row_label = form.labelForField(edit)
            if isinstance(row_label, QLabel):
                # A form puts labels at the top of their row: as tall as the field, centred.
                row_label.setMinimumHeight(72)
                row_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._keypad_target = self._fields.staff_edit
        self._fields.changed.connect(self._on_staff_activity)
        self._fields.return_pressed.connect(self._on_sign_in)
        card_layout.addWidget(self._fields)
        self._staff_error = _label("staffError", card)
        self._staff_error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._staff_error.hide()
        card_layout.addWidget(self._staff_error)
        buttons = QHBoxLayout()
        buttons.setSpacing(20)
        self._staff_cancel = self._plain_button("staffCancelButton", card)
        self._staff_cancel.clicked.connect(self.show_start)
        buttons.addWidget(self._staff_cancel, 1)
        self._sign_in_button = QPushButton(card)
        self._sign_in_button.setObjectName("signInButton")
        self._sign_in_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._sign_in_button.setIcon(icons.icon("mdi6.login", _WHITE))
        self._sign_in_button.setIconSize(QSize(32, 32))
        self._sign_in_button.setMinimumHeight(80)
        self._sign_in_button.clicked.connect(self._on_sign_in)
        buttons.addWidget(self._sign_in_button, 2)
        card_layout.addLayout(buttons)
        self._staff_body.addWidget(card, 3, Qt.AlignmentFlag.AlignTop)

        keypad = QWidget(page)
        keypad.setObjectName("keypad")
        keypad.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        keys = QGridLayout(keypad)
        keys.setContentsMargins(0, 0, 0, 0)
        keys.setSpacing(14)
        self._keypad_group = QButtonGroup(keypad)
        for index, key in enumerate(_KEYPAD_KEYS):
            button = QPushButton(keypad)
            button.setObjectName(f"key_{key}")
            button.setProperty("keypadKey", True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(110, 86)
            if key == "back":
                button.setIcon(icons.icon("mdi6.backspace-outline", _NAVY))
                button.setIconSize(QSize(36, 36))
            elif key != "clear":
                button.setText(key)
            self._keypad_group.addButton(button, index)
            keys.addWidget(button, index // 3, index % 3)
        self._keypad_group.idClicked.connect(self._on_keypad)
        self._clear_key = self._keypad_group.button(_KEYPAD_KEYS.index("clear"))
        self._staff_body.addWidget(keypad, 2)
        layout.addLayout(self._staff_body)
        layout.addStretch(2)

    def _build_priority(self) -> None:
        page, layout = self._new_page("priority")
        layout.addStretch(1)
        self._priority_title = _label("priorityTitle", page)
        layout.addWidget(self._priority_title)
        self._priority_question = _label("priorityQuestion", page)
        layout.addWidget(self._priority_question)
        layout.addSpacing(12)
        self._priority_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._priority_row.setSpacing(24)
        self._priority_group = QButtonGroup(page)
        self._priority_tiles: dict[Priority, KioskTile] = {}
        for level in (Priority.VIP, Priority.GREEN, Priority.NORMAL):
            tile = KioskTile("priorityButton", _PRIORITY_ICONS[level], _WHITE, page)
            tile.setProperty("level", level.name.lower())
            for child in (tile.title_label, tile.subtitle_label):
                child.setProperty("onColour", True)
            tile.setMinimumHeight(220)
            self._priority_group.addButton(tile, int(level))
            self._priority_tiles[level] = tile
            self._priority_row.addWidget(tile, 1)
        peers = list(self._priority_tiles.values())
        for tile in peers:
            tile.peers = peers
        self._priority_group.idClicked.connect(self._on_priority_chosen)
        layout.addLayout(self._priority_row, 3)
        layout.addSpacing(12)
        cancel_row = QHBoxLayout()
        cancel_row.addStretch(1)
        self._priority_cancel = self._plain_button("priorityCancelButton", page)
        self._priority_cancel.clicked.connect(self.show_start)
        cancel_row.addWidget(self._priority_cancel)
        cancel_row.addStretch(1)
        layout.addLayout(cancel_row)
        layout.addStretch(1)

    @staticmethod
    def _plain_button(object_name: str, parent: QWidget) -> QPushButton:
        button = QPushButton(parent)
        button.setObjectName(object_name)
        button.setProperty("plain", True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(200, 72)
        return button

    # -- layout -------------------------------------------------------------------------

    def _apply_orientation(self) -> None:
        portrait = self.height() > self.width()
        if portrait == self._portrait:
            return
        self._portrait = portrait
        # The style sheet sizes some texts down on a landscape screen.
        self.setProperty("landscape", not portrait)
        if self.styleSheet():
            self.setStyleSheet(self.styleSheet())
        vertical = QBoxLayout.Direction.TopToBottom
        horizontal = QBoxLayout.Direction.LeftToRight
        self._issued_body.setDirection(vertical if portrait else horizontal)
        for index, stretch in enumerate((1, 0, 0, 1) if portrait else (0, 1, 1, 0)):
            self._issued_body.setStretch(index, stretch)
        self._staff_body.setDirection(vertical if portrait else horizontal)
        self._priority_row.setDirection(vertical if portrait else horizontal)

    def _arrange_type_grid(self) -> None:
        tiles = list(self._type_tiles.values())
        spacing = self._grid.spacing()
        width, height = self._grid_host.width(), self._grid_host.height()
        if width <= 1 or height <= 1:
            # Not laid out yet: judge by the window's shape.
            width, height = self.width(), self.height() * 2 // 3
        columns = grid_columns(len(tiles), width + spacing, height + spacing)
        if columns == self._columns:
            return
        self._columns = columns
        for tile in tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
        rows = math.ceil(len(tiles) / columns)
        for column in range(len(tiles)):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in range(len(tiles)):
            self._grid.setRowStretch(row, 1 if row < rows else 0)

    def _fit_ticket_number(self) -> None:
        text = self._ticket_number.text()
        if not text:
            return
        width = self._number_block.width() or self.width()
        limit = 300 if self._portrait else 240
        font = self._ticket_number.font()
        size = largest_fitting(
            limit,
            48,
            lambda size: size - 8,
            lambda size: (
                QFontMetrics(with_pixel_size(font, size)).horizontalAdvance(text) <= width * 0.92
            ),
        )
        set_pixel_size(self._ticket_number, size)

    # -- filling in ---------------------------------------------------------------------

    def _other_language(self) -> str:
        return "en" if self._language.startswith("zh") else "zh_CN"

    def _label_type_tiles(self) -> None:
        other = self._other_language()
        for business in self._catalogue:
            tile = self._type_tiles[business.code]
            tile.set_texts(
                business.name(self._language), business.name(other), badge=business.prefix
            )

    def _fill_issued(self) -> None:
        issued = self._issued
        if issued is None:
            return
        self._ticket_number.setText(issued.ticket.label)
        self._issued_business.setText(issued.business_type.name(self._language))
        if issued.ahead <= 0:
            ahead = self.tr("No one is ahead of you")
        elif issued.ahead == 1:
            ahead = self.tr("1 person ahead of you")
        else:
            ahead = self.tr("{count} people ahead of you").format(count=issued.ahead)
        self._ahead_label.setText(ahead)
        seconds = issued.estimated_wait_seconds
        if seconds is None:
            wait = self.tr("Estimated wait: not available")
        else:
            # The same rounding as the printed slip, so screen and paper agree.
            minutes = max(1, wait_minutes(seconds))
            if minutes == 1:
                wait = self.tr("Estimated wait: about 1 minute")
            else:
                wait = self.tr("Estimated wait: about {minutes} minutes").format(minutes=minutes)
        self._wait_label.setText(wait)
        self._take_frame.setVisible(self._printed)
        self._printer_frame.setVisible(not self._printed)
        self._fit_ticket_number()

    def _fill_closed(self) -> None:
        if self._closed_reason == "counters":
            self._closed_icon.setPixmap(icons.pixmap("mdi6.store-off", _NAVY, icons.SIZE))
            self._closed_title.setText(self.tr("No counter is open at the moment"))
            self._closed_text.setText(self.tr("Please ask our staff."))
            self._closed_text.show()
        else:
            self._closed_icon.setPixmap(icons.pixmap("mdi6.store-clock", _NAVY, icons.SIZE))
            self._closed_title.setText(self.tr("We are closed"))
            hours = self._closed_hours
            self._closed_text.setText(
                self.tr("Opening hours: {hours}").format(hours=hours) if hours else ""
            )
            self._closed_text.setVisible(bool(hours))

    def _priority_name(self, level: Priority) -> str:
        if level is Priority.VIP:
            return self.tr("VIP")
        if level is Priority.GREEN:
            return self.tr("Green channel")
        return self.tr("Normal")

    def _retranslate(self) -> None:
        self._branch_label.setText(self._branch_name)
        self._staff_button.setAccessibleName(self.tr("Staff"))
        self._staff_button.setToolTip(self.tr("Staff"))
        self._welcome_label.setText(self.tr("Welcome"))
        self._choose_label.setText(self.tr("Please tap the service you need to take a ticket"))
        self._green_note.setText(
            self.tr(
                "Elderly, disabled or pregnant? Our staff will give you a green channel ticket."
            )
        )
        self._banner_cancel.setText(self.tr("Cancel"))
        self.set_enabled_types(self._enabled_types)
        self._your_number.setText(self.tr("Your number"))
        self._take_label.setText(self.tr("Please take your ticket"))
        self._printer_label.setText(
            self.tr("The printer is not working: please remember your number")
        )
        self._tap_hint.setText(self.tr("Tap anywhere to finish"))
        self._fill_issued()
        self._fill_closed()
        self._staff_title.setText(self.tr("Staff sign-in"))
        self._staff_note.setText(self.tr("Sign in to issue a priority ticket"))
        form = self._fields.layout()
        assert isinstance(form, QFormLayout)
        staff_label = form.labelForField(self._fields.staff_edit)
        if isinstance(staff_label, QLabel):
            staff_label.setText(self.tr("Staff number"))
        if self._clear_key is not None:
            self._clear_key.setText(self.tr("Clear"))
        self._staff_cancel.setText(self.tr("Cancel"))
        self._update_sign_in_button()
        self._priority_question.setText(self.tr("Choose the priority of the next ticket"))
        self._priority_tiles[Priority.VIP].set_texts(self.tr("VIP"))
        self._priority_tiles[Priority.GREEN].set_texts(
            self.tr("Green channel"), self.tr("Elderly, disabled, pregnant")
        )
        self._priority_tiles[Priority.NORMAL].set_texts(self.tr("Normal"))
        self._priority_cancel.setText(self.tr("Cancel"))
