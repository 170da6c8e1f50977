"""The "please ask a member of staff" page laid over a customer screen after an error."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counterdesk.ui import icons
from counterdesk.ui.widgets.colours import NAVY

# The icon of the page: someone to ask.
ICON = "mdi6.face-agent"


class OutOfOrderPage(QWidget):
    """Covers its parent and asks customers to see staff; hidden until :meth:`show_over`.

    It lies over the parent's pages instead of being one of them, so the screen's own page
    flow (timers, the state from the service) carries on underneath and is simply uncovered
    again. Style it with ``#outOfOrderPage`` (its background), ``#outOfOrderTitle`` and
    ``#outOfOrderText``.
    """

    def __init__(self, parent: QWidget) -> None:
        """Build the page over ``parent``, hidden."""
        super().__init__(parent)
        self.setObjectName("outOfOrderPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        # Taps and keys stop here: nothing underneath may be used while it shows.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(24)
        layout.addStretch(2)
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._icon.setPixmap(icons.pixmap(ICON, NAVY, icons.SIZE))
        layout.addWidget(self._icon)
        self._title = self._label("outOfOrderTitle")
        layout.addWidget(self._title)
        self._text = self._label("outOfOrderText")
        layout.addWidget(self._text)
        layout.addStretch(3)
        self._covered = parent
        parent.installEventFilter(self)
        self.retranslate()
        self.hide()

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def show_over(self) -> None:
        """Cover the parent and take the keyboard."""
        self.setGeometry(self._covered.rect())
        self.raise_()
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def title(self) -> str:
        """The page's main line."""
        return self._title.text()

    def retranslate(self) -> None:
        """Set the page's texts in the current language."""
        self._title.setText(self.tr("Sorry, this screen is not working."))
        self._text.setText(self.tr("Please ask a member of staff."))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep covering the parent when it is resized."""
        if watched is self._covered and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._covered.rect())
        return False

    def changeEvent(self, event: QEvent) -> None:
        """Translate again when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
