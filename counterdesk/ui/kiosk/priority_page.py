"""The kiosk's priority page: a signed-in staff member picks the priority of the next ticket."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QHBoxLayout, QVBoxLayout, QWidget

from counterdesk.core.business import Priority
from counterdesk.ui.kiosk.tile import KioskTile, kiosk_label, plain_button
from counterdesk.ui.widgets.colours import WHITE

#: The priority choices offered after a staff sign-in, with their icons (white on colour).
PRIORITY_ICONS: dict[Priority, str] = {
    Priority.VIP: "mdi6.crown",
    Priority.GREEN: "mdi6.human-cane",
    Priority.NORMAL: "mdi6.account",
}


class PriorityPage(QWidget):
    """Three big tiles, one per priority level, and a way back.

    Signals:
        chosen(int): the priority level tapped.
        cancelled(): the staff member gave up.
    """

    chosen = Signal(int)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priorityPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(20)
        layout.addStretch(1)
        self._title = kiosk_label("priorityTitle", self)
        layout.addWidget(self._title)
        self._question = kiosk_label("priorityQuestion", self)
        layout.addWidget(self._question)
        layout.addSpacing(12)
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._row.setSpacing(24)
        self._group = QButtonGroup(self)
        self._tiles: dict[Priority, KioskTile] = {}
        for level in (Priority.VIP, Priority.GREEN, Priority.NORMAL):
            tile = KioskTile("priorityButton", PRIORITY_ICONS[level], WHITE, self)
            tile.setProperty("level", level.name.lower())
            for child in (tile.title_label, tile.subtitle_label):
                child.setProperty("onColour", True)
            tile.setMinimumHeight(220)
            self._group.addButton(tile, int(level))
            self._tiles[level] = tile
            self._row.addWidget(tile, 1)
        peers = list(self._tiles.values())
        for tile in peers:
            tile.peers = peers
        self._group.idClicked.connect(self.chosen)
        layout.addLayout(self._row, 3)
        layout.addSpacing(12)
        cancel_row = QHBoxLayout()
        cancel_row.addStretch(1)
        self._cancel = plain_button("priorityCancelButton", self)
        self._cancel.clicked.connect(self.cancelled)
        cancel_row.addWidget(self._cancel)
        cancel_row.addStretch(1)
        layout.addLayout(cancel_row)
        layout.addStretch(1)

    def set_staff_name(self, name: str) -> None:
        """Say who signed in."""
        self._title.setText(self.tr("Signed in: {name}").format(name=name))

    def priority_name(self, level: Priority) -> str:
        """The name of a priority level in the current language."""
        if level is Priority.VIP:
            return self.tr("VIP")
        if level is Priority.GREEN:
            return self.tr("Green channel")
        return self.tr("Normal")

    def set_portrait(self, portrait: bool) -> None:
        """Stack the priority tiles (portrait) or put them side by side."""
        self._row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def retranslate(self) -> None:
        """Set the page's texts in the current language."""
        self._question.setText(self.tr("Choose the priority of the next ticket"))
        self._tiles[Priority.VIP].set_texts(self.tr("VIP"))
        self._tiles[Priority.GREEN].set_texts(
            self.tr("Green channel"), self.tr("Elderly, disabled, pregnant")
        )
        self._tiles[Priority.NORMAL].set_texts(self.tr("Normal"))
        self._cancel.setText(self.tr("Cancel"))
