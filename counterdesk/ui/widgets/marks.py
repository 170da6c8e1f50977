"""A row of an icon (a "mark") and a text beside it, as headings and information lines use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from counterdesk.ui import icons


def marked_row(
    mark_icon: str,
    color: str,
    size: int,
    text: QWidget,
    *,
    spacing: int,
    mark_alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignVCenter,
    text_alignment: Qt.AlignmentFlag | None = None,
) -> QHBoxLayout:
    """A row of the icon (``size`` pixels square) and ``text`` taking the rest of the width.

    Args:
        mark_icon: qtawesome name of the icon (listed in ``icons.ICONS``).
        color: the icon's colour.
        size: the icon's side in pixels.
        text: the widget beside it (its parent is the mark's parent).
        spacing: pixels between the icon and the text.
        mark_alignment: where the icon sits in the row's height.
        text_alignment: where the text sits in the row, if anywhere in particular.
    """
    row = QHBoxLayout()
    row.setSpacing(spacing)
    mark = QLabel(text.parentWidget())
    mark.setPixmap(icons.pixmap(mark_icon, color, size))
    mark.setFixedSize(size, size)
    row.addWidget(mark, 0, mark_alignment)
    if text_alignment is None:
        row.addWidget(text, 1)
    else:
        row.addWidget(text, 1, text_alignment)
    return row
