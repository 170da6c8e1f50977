"""The teller's actions: one QAction each, with its icon and F-key, labelled in the language."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QStyle,
    QStyleOptionToolButton,
    QStylePainter,
    QToolButton,
    QWidget,
)

from counterdesk.services.state import DeskAction
from counterdesk.ui import icons


class DeskActions(QObject):
    """The window's actions; each fires its slot and clears the message bar first.

    Args:
        window: the window whose shortcuts they are (they are added to it).
        clear_message: called before every action's own slot.
        slots: the slot of each action, by name (``call``, ``recall``, ``no_show``, ``start``,
            ``transfer``, ``hold``, ``switch``, ``finish``, ``pause``, ``resume_held``,
            ``sign_out``).
    """

    def __init__(
        self,
        window: QWidget,
        clear_message: Callable[[], None],
        slots: dict[str, Callable[[], None]],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._clear_message = clear_message
        #: Each action's name without its key, in the current language (for the key hints).
        self.names: dict[QAction, str] = {}
        self.call = self._action("call-next", "mdi6.bullhorn", "F1", slots["call"])
        self.recall = self._action("recall", "mdi6.replay", "F2", slots["recall"])
        self.no_show = self._action("no-show", "mdi6.account-cancel", "F3", slots["no_show"])
        self.start = self._action("start", "mdi6.play-circle", "F4", slots["start"])
        self.transfer = self._action("transfer", "mdi6.swap-horizontal", "F5", slots["transfer"])
        self.hold = self._action("hold", "mdi6.pause-circle", "F6", slots["hold"])
        self.switch = self._action("switch", "mdi6.shuffle-variant", "F7", slots["switch"])
        self.finish = self._action("finish", "mdi6.check-decagram", "F8", slots["finish"])
        self.pause = self._action("pause", "mdi6.coffee", "F9", slots["pause"])
        self.resume_held = self._action(
            "resume-held", "mdi6.account-arrow-left", "F10", slots["resume_held"]
        )
        self.sign_out = self._action("sign-out", "mdi6.logout", "Ctrl+Shift+Q", slots["sign_out"])

    def all(self) -> tuple[QAction, ...]:
        """Every action, in the order of their keys."""
        return (
            self.call, self.recall, self.no_show, self.start, self.transfer, self.hold,
            self.switch, self.finish, self.pause, self.resume_held, self.sign_out,
        )  # fmt: skip

    def enable(self, allowed: frozenset[DeskAction]) -> None:
        """Enable the actions the desk allows now (``DeskState.allowed``) and grey the others."""
        for action, desk_actions in self._desk_actions().items():
            action.setEnabled(bool(desk_actions & allowed))

    def _desk_actions(self) -> dict[QAction, frozenset[DeskAction]]:
        # One key pauses or resumes, so it is live when either is allowed.
        a = DeskAction
        return {
            self.call: frozenset({a.CALL_NEXT}),
            self.recall: frozenset({a.RECALL}),
            self.no_show: frozenset({a.NO_SHOW}),
            self.start: frozenset({a.START}),
            self.transfer: frozenset({a.TRANSFER}),
            self.hold: frozenset({a.HOLD}),
            self.switch: frozenset({a.SWITCH}),
            self.finish: frozenset({a.FINISH}),
            self.pause: frozenset({a.PAUSE, a.RESUME}),
            self.resume_held: frozenset({a.RESUME_HELD}),
            self.sign_out: frozenset({a.SIGN_OUT}),
        }

    def retranslate(self) -> None:
        """Label each action with its name and key in the current language."""
        texts = {
            self.call: self.tr("Call next"),
            self.recall: self.tr("Recall"),
            self.no_show: self.tr("No-show"),
            self.start: self.tr("Start service"),
            self.transfer: self.tr("Transfer"),
            self.hold: self.tr("Hold"),
            self.switch: self.tr("Switch business"),
            self.finish: self.tr("Finish"),
            self.resume_held: self.tr("Resume held"),
            self.sign_out: self.tr("Sign out"),
        }
        self.names.update(texts)
        for action, text in texts.items():
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setText(f"{text} ({key})")
            action.setToolTip(f"{text} — {key}")

    def set_paused(self, paused: bool) -> None:
        """Label the pause action for pausing or for resuming."""
        name = self.tr("Resume") if paused else self.tr("Pause")
        self.names[self.pause] = name
        self.pause.setText(name + " (F9)")

    def _action(self, name: str, icon: str, key: str, slot: Callable[[], None]) -> QAction:
        action = QAction(icons.icon(icon, "#1f3b57"), "", self._window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(self._clear_message)
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action


class ActionButton(QToolButton):
    """A button for one action whose label never loses a word.

    Qt elides a label too long for its button ("Start s…ce (F4)"). On a narrow window (the
    demo's tile of one screen) this one breaks the label onto two lines instead, and only if
    two lines are still too wide, draws it smaller. On a full screen it looks as any button.
    """

    #: Room the style keeps between the label and the button's edges.
    PADDING = 8
    #: Smallest font the label is drawn in, in points.
    MIN_POINT_SIZE = 7.0

    def shown_text(self) -> str:
        """The label as it is drawn: one line, or two broken between words."""
        return self._layout_label()[0]

    def shown_font(self) -> QFont:
        """The font the label is drawn in (smaller than the button's when it must be)."""
        return self._layout_label()[1]

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the button with the label laid out to fit."""
        del event
        painter = QStylePainter(self)
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        text, font = self._layout_label()
        option.text = text
        if font != self.font():
            option.font = font
            option.fontMetrics = QFontMetrics(font)
            painter.setFont(font)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)

    def _layout_label(self) -> tuple[str, QFont]:
        text = self.text()
        room = self.contentsRect().width() - self.PADDING
        font = QFont(self.font())
        while True:
            metrics = QFontMetrics(font)
            if metrics.horizontalAdvance(text) <= room:
                return text, font
            two = _two_lines(metrics, text)
            if max(metrics.horizontalAdvance(line) for line in two.split("\n")) <= room:
                return two, font
            if font.pointSizeF() - 0.5 < self.MIN_POINT_SIZE:
                return two, font
            font.setPointSizeF(font.pointSizeF() - 0.5)


def _two_lines(metrics: QFontMetrics, text: str) -> str:
    """The text broken at the space that makes its longer line shortest."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    splits = ((" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words)))
    first, second = min(
        splits,
        key=lambda lines: max(
            metrics.horizontalAdvance(lines[0]), metrics.horizontalAdvance(lines[1])
        ),
    )
    return f"{first}\n{second}"
