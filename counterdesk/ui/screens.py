"""Choosing the customer screen and placing windows: full screen, or the demo's side by side."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QLayout, QWidget

from counterdesk.ui.placement import Rect, demo_rects

logger = logging.getLogger(__name__)

#: Size of the customer window when there is no second screen (it then opens as a window).
WINDOWED_SIZE = QSize(1024, 768)
#: The smallest rectangle the demo gives a window, even on a small screen.
DEMO_MINIMUM = QSize(320, 120)


def choose_customer_screen(app: QGuiApplication, setting: str | int) -> QScreen | None:
    """Find the screen the customer window belongs on.

    Never picks by list order or geometry for ``auto``: on X both screens may sit at (0, 0),
    and the list order is not the order of the cables.

    Args:
        app: the running application.
        setting: ``"auto"`` for the first screen that is not the primary one; a screen's
            ``name()``; or an index into ``app.screens()``.

    Returns:
        The screen, or None when there is no such screen (the caller then shows a window on
        the primary screen).
    """
    screens = app.screens()
    if isinstance(setting, int) and not isinstance(setting, bool):
        if 0 <= setting < len(screens):
            return screens[setting]
        logger.warning("customer screen %d does not exist; screens: %s", setting, _names(screens))
        return None
    if setting == "auto":
        primary = app.primaryScreen()
        return next((screen for screen in screens if screen is not primary), None)
    for screen in screens:
        if screen.name() == setting:
            return screen
    logger.warning("customer screen %r not found; screens: %s", setting, _names(screens))
    return None


def place_on_screen(window: QWidget, screen: QScreen | None) -> None:
    """Show a window full screen on ``screen``, or as a normal window when it is None.

    Args:
        window: a top-level widget, not shown yet.
        screen: where it goes; None for a ``WINDOWED_SIZE`` window on the primary screen.
    """
    if screen is None:
        window.resize(WINDOWED_SIZE)
        primary = QGuiApplication.primaryScreen()
        if primary is not None:
            area = primary.availableGeometry()
            frame = window.frameGeometry()
            frame.moveCenter(area.center())
            # A screen smaller than the window: keep the title bar reachable.
            window.move(max(frame.left(), area.left()), max(frame.top(), area.top()))
        window.show()
        return
    # The native window must exist before it can be moved to another screen.
    window.winId()
    handle = window.windowHandle()
    if handle is not None:
        handle.setScreen(screen)
    # Without a window manager showFullScreen() does not resize, so set the geometry too.
    window.setGeometry(screen.geometry())
    window.showFullScreen()


def _names(screens: list[QScreen]) -> str:
    return ", ".join(repr(screen.name()) for screen in screens) or "none"


def screen_areas(app: QGuiApplication) -> list[Rect]:
    """Each screen's available area, the primary screen first, then in Qt's order."""
    primary = app.primaryScreen()
    screens = [primary, *(s for s in app.screens() if s is not primary)] if primary else []
    return [_rect(screen.availableGeometry()) for screen in screens]


class DemoTiler(QObject):
    """Keeps the demo's windows side by side on the screens that exist (see :func:`demo_rects`).

    Each window's frame is kept inside its rectangle; the first window (the teller's) is
    shown last, so it is on top where minimum sizes made two windows overlap. A window whose
    minimum size grows later (its contents changed) pushes its neighbours aside: the windows
    are laid out again.
    """

    def __init__(self, app: QGuiApplication, windows: dict[str, QWidget]) -> None:
        """Show the windows tiled.

        Args:
            app: the running application.
            windows: the windows by name, most important first; not shown yet.
        """
        super().__init__(app)
        self._app = app
        self._windows = dict(windows)
        self._minimum: dict[str, tuple[int, int]] = {}
        #: The rectangle each window was given (its frame's, in desktop coordinates).
        self.rects: dict[str, Rect] = {}
        self._again = QTimer(self)
        self._again.setObjectName("demo-tiling")
        self._again.setSingleShot(True)
        self._again.timeout.connect(self.tile)
        self.tile()
        first = windows[next(iter(windows))]
        first.raise_()
        first.activateWindow()
        for window in windows.values():
            window.installEventFilter(self)

    @Slot()
    def tile(self) -> None:
        """Place every window in its rectangle (again), showing those not shown yet."""
        self._place()
        hidden = [w for w in self._windows.values() if not w.isVisible()]
        for window in reversed(hidden):
            window.show()
        if hidden:
            # A window manager adds its frame once the window is mapped: the frames count
            # towards the minimums now.
            self._place()

    def _place(self) -> None:
        self._minimum = {name: window_minimum(w) for name, w in self._windows.items()}
        with_frames = {
            name: (width + _frame_extra(w)[0], height + _frame_extra(w)[1])
            for (name, (width, height)), w in zip(
                self._minimum.items(), self._windows.values(), strict=True
            )
        }
        self.rects = demo_rects(screen_areas(self._app), tuple(self._windows), with_frames)
        for name in reversed(tuple(self._windows)):
            _set_frame_geometry(self._windows[name], self.rects[name])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Lay the windows out again when one's minimum size grew past its rectangle."""
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize) and isinstance(
            watched, QWidget
        ):
            name = next((n for n, w in self._windows.items() if w is watched), None)
            if (
                name is not None
                and self._minimum
                and window_minimum(watched) != (self._minimum.get(name))
            ):
                self._again.start(0)
        return super().eventFilter(watched, event)


def tile_windows(app: QGuiApplication, windows: dict[str, QWidget]) -> DemoTiler:
    """Show the demo's windows side by side and keep them so (a :class:`DemoTiler`)."""
    return DemoTiler(app, windows)


def window_minimum(window: QWidget) -> tuple[int, int]:
    """The smallest (width, height) the demo gives ``window``."""
    # A window with a layout cannot be smaller than its layout's minimum (unless the layout
    # says so); none is given less than DEMO_MINIMUM, so each stays usable on a small screen.
    # Style sheets change sizes: measure the window as it will be shown.
    window.ensurePolished()
    for child in window.findChildren(QWidget):
        child.ensurePolished()
    layout = window.layout()
    if layout is not None:
        layout.activate()
    size = window.minimumSize().expandedTo(window.minimumSizeHint())
    if layout is not None and layout.sizeConstraint() == QLayout.SizeConstraint.SetNoConstraint:
        size = window.minimumSize()
    size = size.expandedTo(DEMO_MINIMUM)
    return size.width(), size.height()


def _frame_extra(window: QWidget) -> tuple[int, int]:
    """How much wider and taller the window's frame is than the window (0 until shown)."""
    if not window.isVisible():
        return 0, 0
    frame, inner = window.frameGeometry(), window.geometry()
    return frame.width() - inner.width(), frame.height() - inner.height()


def _set_frame_geometry(window: QWidget, rect: Rect) -> None:
    extra_w, extra_h = _frame_extra(window)
    window.resize(max(1, rect.width - extra_w), max(1, rect.height - extra_h))
    window.move(rect.x, rect.y)  # move() places the frame's corner


def _rect(geometry: QRect) -> Rect:
    return Rect(geometry.x(), geometry.y(), geometry.width(), geometry.height())
