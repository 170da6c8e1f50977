"""The teller's own month: ratings so far (from 10 ratings only) and their published stars."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QWidget

from counterdesk.core.star_figures import MIN_RATINGS_SHOWN, OwnMonth
from counterdesk.ui.teller.dialogs.base import TellerDialog, dialog_heading


class OwnMonthDialog(TellerDialog):
    """Shows what the signed-in teller may see of their month; Esc or Enter closes it.

    Below :data:`MIN_RATINGS_SHOWN` ratings it shows no rating figure at all (not even the
    count): the figures come from head office as of the last sync, never from this counter.
    """

    def __init__(self, month: OwnMonth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("own-month-dialog")
        self.setWindowTitle(self.tr("My month"))
        self.layout_.addWidget(dialog_heading(self.tr("My month"), self))
        self.figures = QFormLayout()
        self.layout_.addLayout(self.figures)
        if month.enough:
            self._row(self.tr("Ratings this month"), str(month.rated), "own-rated")
            mean = "-" if month.mean is None else f"{month.mean:.0f}"
            self._row(self.tr("Mean rating (0-100)"), mean, "own-mean")
            share = "-" if month.satisfied_share is None else f"{month.satisfied_share:.0f}%"
            self._row(self.tr("Satisfied"), share, "own-satisfied")
        else:
            self._note(
                self.tr("Your rating figures are shown from %1 ratings in the month.").replace(
                    "%1", str(MIN_RATINGS_SHOWN)
                ),
                "own-hidden",
            )
        if month.stars is not None:
            stars = "★" * month.stars + "☆" * (5 - month.stars)
            text = self.tr("%1 (%2 of 5, %3)").replace("%1", stars)
            text = text.replace("%2", str(month.stars)).replace("%3", month.stars_month)
            self._row(self.tr("My stars"), text, "own-stars")
        else:
            self._row(self.tr("My stars"), self.tr("no level published"), "own-stars")
        if month.as_of:
            self._note(
                self.tr("Head office's figures as of %1 (the last sync).").replace(
                    "%1", month.as_of.replace("T", " ")
                ),
                "own-as-of",
            )
        # Only Close: nothing here is to be confirmed (Enter and Esc close it too).
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        assert close is not None
        close.setDefault(True)
        self.layout_.addSpacing(4)
        self.layout_.addWidget(self.buttons)

    def _row(self, name: str, value: str, object_name: str) -> None:
        label = QLabel(value, self)
        label.setObjectName(object_name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.addRow(name, label)

    def _note(self, text: str, object_name: str) -> None:
        label = QLabel(text, self)
        label.setObjectName(object_name)
        label.setProperty("class", "note")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.layout_.addWidget(label)

    def text(self) -> str:
        """Every text the dialog shows, for tests."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))
