"""Table model of today's queue per business type, coloured against the service-level target."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from counterdesk.core.business import Catalogue
from counterdesk.core.durations import format_duration
from counterdesk.queue.base import QueueStatus, TypeStatus

_Index = QModelIndex | QPersistentModelIndex

COL_TYPE, COL_WAITING, COL_LONGEST, COL_TARGET = range(4)
HEADERS = (
    QT_TRANSLATE_NOOP("QueueModel", "Business"),
    QT_TRANSLATE_NOOP("QueueModel", "Waiting"),
    QT_TRANSLATE_NOOP("QueueModel", "Longest wait"),
    QT_TRANSLATE_NOOP("QueueModel", "Target"),
)
#: Share of the target at which a row turns amber; red once the target is passed.
WARN_SHARE = 0.8
GREEN, AMBER, RED = QColor("#dff3e4"), QColor("#fff1c9"), QColor("#fbd5d5")


class QueueModel(QAbstractTableModel):
    """Rows: the branch's business types; columns: waiting, longest wait, target."""

    def __init__(self, catalogue: Catalogue, language: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._language = language
        self._rows: tuple[TypeStatus, ...] = ()

    def set_status(self, status: QueueStatus) -> None:
        """Show a new snapshot of the queue."""
        self.beginResetModel()
        self._rows = tuple(status.types)
        self.endResetModel()

    def row_status(self, row: int) -> TypeStatus:
        """The figures of one row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of business types shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return QCoreApplication.translate("QueueModel", str(HEADERS[section]))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, alignment and the target colour."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_TYPE:
                kind = self._catalogue.get(item.business_type)
                return f"{kind.prefix}  {kind.name(self._language)}"
            if column == COL_WAITING:
                return str(item.waiting)
            if column == COL_LONGEST:
                return (
                    format_duration(item.longest_wait_seconds, self._language)
                    if item.waiting
                    else "–"
                )
            if column == COL_TARGET:
                return format_duration(item.target_seconds, self._language)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_TYPE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and item.waiting:
            share = item.longest_wait_seconds / item.target_seconds
            return QBrush(RED if share > 1 else AMBER if share >= WARN_SHARE else GREEN)
        if role == Qt.ItemDataRole.ForegroundRole and item.waiting:
            return QBrush(QColor("#1d1d1f"))
        return None
