"""The kiosk's start page: one tile per business type, in a grid that follows the screen's shape."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue
from counterdesk.ui.kiosk.tile import KioskTile, grid_columns, kiosk_label, plain_button
from counterdesk.ui.widgets.colours import NAVY
from counterdesk.ui.widgets.style import repolish

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


class StartPage(QWidget):
    """The welcome (or, once a priority is unlocked, a banner saying so) over the type tiles.

    Signals:
        type_tapped(int): the index in the catalogue of the tile tapped.
        priority_cancelled(): the banner's cancel was tapped.
    """

    type_tapped = Signal(int)
    priority_cancelled = Signal()

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self._catalogue = catalogue
        self._columns = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(20)
        self.welcome_block = QWidget(self)
        welcome = QVBoxLayout(self.welcome_block)
        welcome.setContentsMargins(0, 0, 0, 0)
        welcome.setSpacing(6)
        self._welcome_label = kiosk_label("welcomeLine", self.welcome_block)
        welcome.addWidget(self._welcome_label)
        self._choose_label = kiosk_label("chooseLine", self.welcome_block)
        welcome.addWidget(self._choose_label)
        layout.addWidget(self.welcome_block)

        self.priority_banner = QFrame(self)
        self.priority_banner.setObjectName("priorityBanner")
        banner = QHBoxLayout(self.priority_banner)
        banner.setContentsMargins(28, 14, 14, 14)
        self._banner_text = kiosk_label("priorityBannerText", self.priority_banner)
        self._banner_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        banner.addWidget(self._banner_text, 1)
        self._banner_cancel = plain_button("bannerCancelButton", self.priority_banner)
        self._banner_cancel.clicked.connect(self.priority_cancelled)
        banner.addWidget(self._banner_cancel)
        layout.addWidget(self.priority_banner)

        self._grid_host = QWidget(self)
        self._grid_host.setObjectName("typeGrid")
        self._grid_host.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._grid_host.setMinimumSize(1, 1)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(20)
        self._grid_host.installEventFilter(self)
        self._type_group = QButtonGroup(self)
        #: The tiles by business type code, in the catalogue's order.
        self.tiles: dict[str, KioskTile] = {}
        for index, business in enumerate(catalogue):
            tile = KioskTile(
                "typeButton",
                TYPE_ICONS.get(business.code, DEFAULT_TYPE_ICON),
                NAVY,
                self._grid_host,
            )
            tile.setProperty("code", business.code)
            self._type_group.addButton(tile, index)
            self.tiles[business.code] = tile
        peers = list(self.tiles.values())
        for tile in peers:
            tile.peers = peers
        self._type_group.idClicked.connect(self.type_tapped)
        layout.addWidget(self._grid_host, 1)

        self._green_note = kiosk_label("greenNote", self)
        layout.addWidget(self._green_note)

    def label_tiles(self, language: str) -> None:
        """Name each type in ``language``, with the other language underneath."""
        other = "en" if language.startswith("zh") else "zh_CN"
        for business in self._catalogue:
            tile = self.tiles[business.code]
            tile.set_texts(business.name(language), business.name(other), badge=business.prefix)

    def set_enabled_types(self, codes: set[str]) -> None:
        """Let customers tap only these types; the others show "not available now"."""
        for code, tile in self.tiles.items():
            available = code in codes
            tile.setEnabled(available)
            tile.set_note("" if available else self.tr("Not available now"))

    def set_pending(self, code: str, pending: bool) -> None:
        """Mark the tile whose ticket is being issued (or unmark it)."""
        tile = self.tiles[code]
        tile.setProperty("pending", pending)
        repolish(tile)

    def show_priority(self, text: str, level: str) -> None:
        """Word and colour the banner for an unlocked priority ``level`` (its lower-case name)."""
        self._banner_text.setText(text)
        self.priority_banner.setProperty("level", level)
        repolish(self.priority_banner)

    def set_scale(self, scale: float) -> None:
        """Shrink the page's margins and the gaps between tiles for a small screen."""
        layout = self.layout()
        assert layout is not None
        layout.setContentsMargins(*(round(m * scale) for m in (40, 28, 40, 28)))
        layout.setSpacing(round(20 * scale))
        self._grid.setSpacing(max(6, round(20 * scale)))
        for tile in self.tiles.values():
            tile.set_scale(scale)
        self._columns = 0  # arrange again for the new room

    def retranslate(self) -> None:
        """Set the page's own texts in the current language."""
        self._welcome_label.setText(self.tr("Welcome"))
        self._choose_label.setText(self.tr("Please tap the service you need to take a ticket"))
        self._green_note.setText(
            self.tr(
                "Elderly, disabled or pregnant? Our staff will give you a green channel ticket."
            )
        )
        self._banner_cancel.setText(self.tr("Cancel"))

    def arrange_grid(self) -> None:
        """Pick the columns that give the largest tiles, and place the tiles."""
        tiles = list(self.tiles.values())
        spacing = self._grid.spacing()
        width, height = self._grid_host.width(), self._grid_host.height()
        if width <= 1 or height <= 1:
            # Not laid out yet: judge by the window's shape.
            window = self.window()
            width, height = window.width(), window.height() * 2 // 3
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrange the grid again when its room changes."""
        if event.type() == QEvent.Type.Resize and watched is self._grid_host:
            self.arrange_grid()
        return super().eventFilter(watched, event)
