"""The kiosk's big touch tile, whose texts shrink together to fit, and the grid's column count."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import (
    QFontMetrics,
    QIcon,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui import icons
from counterdesk.ui.widgets.fitting import (
    largest_fitting,
    set_pixel_size,
    widest_word,
    with_pixel_size,
    wrapped_height,
)

#: Smallest comfortable tile; the grid picks its columns so tiles stay near this shape.
_TILE_ASPECT = 1.35


def kiosk_label(object_name: str, parent: QWidget, wrap: bool = True, bold: bool = False) -> QLabel:
    """A centred plain-text label named for the style sheet, wrapping unless told not to."""
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
        #: The kiosk's own shrinking for a small screen (see ``KioskWindow.scale``).
        self._size_scale = 1.0

        self.icon_label = QLabel(self)
        self.icon_label.setObjectName("tileIcon")
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label = kiosk_label("tileTitle", self, bold=True)
        self.subtitle_label = kiosk_label("tileSubtitle", self)
        self.note_label = kiosk_label("tileNote", self, bold=True)
        self.note_label.hide()
        self.badge = kiosk_label("prefixBadge", self, wrap=False, bold=True)
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

    def set_scale(self, scale: float) -> None:
        """Shrink the tile's margins and its smallest text sizes with the kiosk's screen."""
        self._size_scale = scale
        self._layout.setContentsMargins(*(max(4, round(m * scale)) for m in (20, 16, 20, 16)))
        self._layout.setSpacing(max(2, round(6 * scale)))
        self.fit()

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
        smallest = round(32 * self._size_scale)
        return max(smallest, min(int(self.height() * 0.24), int(self.width() * 0.3), icons.SIZE))

    def _show_icon(self) -> None:
        size = self._icon_size()
        mode = QIcon.Mode.Normal if self.isEnabled() else QIcon.Mode.Disabled
        self.icon_label.setPixmap(self._icon.pixmap(QSize(size, size), mode))
        self.icon_label.setFixedHeight(size)

    def _texts(self) -> list[tuple[QLabel, int, int]]:
        """The texts shown, each with its size at scale 1 and its smallest size."""
        shown = [(self.title_label, self.TITLE_PIXEL_SIZE, 10)]
        smallest = max(10, round(self.SUBTITLE_MIN_PIXEL_SIZE * self._size_scale))
        small = (self.SUBTITLE_PIXEL_SIZE, smallest)
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
            return max(0.12, self.MIN_SCALE * self._size_scale)
        # A kiosk shrunk for a small screen lets its tile texts shrink further too.
        floor = max(0.12, self.MIN_SCALE * self._size_scale)
        scale = largest_fitting(
            1.0,
            floor,
            lambda scale: round(scale - 0.05, 2),
            lambda scale: self._fits(texts, scale, width, height),
        )
        return max(scale, floor)

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


def plain_button(object_name: str, parent: QWidget) -> QPushButton:
    """A large, flat text button (cancel and the like), named for the style sheet."""
    button = QPushButton(parent)
    button.setObjectName(object_name)
    button.setProperty("plain", True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumSize(200, 72)
    return button
