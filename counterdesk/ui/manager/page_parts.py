"""The parts the manager's Staffing and Stars pages share.

The heading with the way back to the board, the busy mark beside the Show button, and the
lines that say the source or an error.

The texts are the page's own (translated in the page's context); these helpers only build
and lay out the widgets, with the object names the style sheets and tests use.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


def add_heading(
    page: QWidget,
    layout: QBoxLayout,
    title: str,
    back: str,
    back_name: str,
    go_back: SignalInstance,
) -> tuple[QLabel, QPushButton]:
    """A bold heading row with the button back to the board (which emits ``go_back``)."""
    top = QHBoxLayout()
    heading = QLabel(title, page)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    heading.setFont(font)
    top.addWidget(heading, 1)
    button = QPushButton(back, page)
    button.setObjectName(back_name)
    button.clicked.connect(go_back)
    top.addWidget(button)
    layout.addLayout(top)
    return heading, button


class BusyMark:
    """An endless progress bar and a label, shown while the page's work runs."""

    def __init__(self, page: QWidget, row: QBoxLayout, name: str, text: str) -> None:
        self._page = page
        self.bar = QProgressBar(page)
        self.bar.setObjectName(name)
        self.bar.setRange(0, 0)  # busy: no known end
        self.bar.setMaximumWidth(140)
        self.bar.setTextVisible(False)
        self.bar.hide()
        row.addWidget(self.bar)
        self.label = QLabel(text, page)
        self.label.setObjectName("busyMark")
        self.label.hide()
        row.addWidget(self.label)

    def set_visible(self, busy: bool) -> None:
        """Show or hide the mark."""
        self.bar.setVisible(busy)
        self.label.setVisible(busy)

    def is_visible(self) -> bool:
        """Whether the mark shows (on a shown page)."""
        return self.bar.isVisibleTo(self._page)


def add_messages(page: QWidget, layout: QBoxLayout, prefix: str) -> tuple[QLabel, QLabel]:
    """The source line and the (hidden, plain-text) error line: ``{prefix}Source/Error``."""
    source = QLabel(page)
    source.setObjectName(f"{prefix}Source")
    source.setWordWrap(True)
    layout.addWidget(source)
    error = QLabel(page)
    error.setObjectName(f"{prefix}Error")
    error.setWordWrap(True)
    error.setTextFormat(Qt.TextFormat.PlainText)
    error.hide()
    layout.addWidget(error)
    return source, error
