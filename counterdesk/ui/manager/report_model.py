"""A thin item model over a :class:`~counterdesk.ui.manager.report_tables.ReportTable`.

Sorting goes through a :class:`QSortFilterProxyModel` on :data:`SORT_ROLE`: figures sort by
their value (9 before 10, 9.5% before 10%), words by their folded text; empty cells first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from counterdesk.ui.manager.report_tables import ReportTable

#: The role the proxy sorts by (the cell's number or folded text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ReportTableModel(QAbstractTableModel):
    """Rows of one report table; :meth:`set_table` resets it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: ReportTable | None = None

    def set_table(self, table: ReportTable | None) -> None:
        """Show ``table`` (None: nothing)."""
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Rows of the table (none under a row)."""
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Columns of the table."""
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text, its sort value, its alignment."""
        if self.table is None or not index.isValid():
            return None
        cell = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == SORT_ROLE:
            return cell.sort
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.table.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column headings."""
        if (
            self.table is not None
            and orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return self.table.headers[section]
        return None


class ReportSortProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`: numbers by value, words by text, empty cells first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        """Empty before anything; numbers by value; otherwise as text."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        if isinstance(a, float) and isinstance(b, float):
            return a < b
        return str(a) < str(b)
