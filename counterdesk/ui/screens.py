"""Choosing the customer screen and placing windows: full screen, or the demo's side by side."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QLayout, QWidget

from counterdesk.ui.placement import Rect, demo_rects

logger = logging.getLogger(__name__)

#: Size of the customer window when there is no second screen (it then opens as a window).
WINDOWED_SIZE = QSize(1024, 768)
#: The smallest rectangle the demo gives a window, even on a small screen.
DEMO_MINIMUM = QSize(320, 160)


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


def tile_windows(app: QGuiApplication, windows: dict[str, QWidget]) -> dict[str, Rect]:
    """Show the demo's windows side by side on the screens that exist (see :func:`demo_rects`).

    Each window's frame is kept inside its rectangle; the first window (the teller's) is
    shown last, so it is on top where minimum sizes made two windows overlap.

    Args:
        app: the running application.
        windows: the windows by name, most important first; not shown yet.

    Returns:
        The rectangle each window was given (its frame's, in desktop coordinates).
    """
    minimum = {name: window_minimum(window) for name, window in windows.items()}
    rects = demo_rects(screen_areas(app), tuple(windows), minimum)
    for name in reversed(tuple(windows)):
        window, rect = windows[name], rects[name]
        _set_frame_geometry(window, rect)
        window.show()
        # A window manager adds its frame only once the window is mapped: fit again then.
        _set_frame_geometry(window, rect)
    first = windows[next(iter(windows))]
    first.raise_()
    first.activateWindow()
    return rects


def window_minimum(window: QWidget) -> tuple[int, int]:
    """The smallest (width, height) the demo gives ``window``."""
    # A window with a layout cannot be smaller than its layout's minimum (unless the layout
    # says so); none is given less than DEMO_MINIMUM, so each stays usable on a small screen.
    size = window.minimumSize().expandedTo(window.minimumSizeHint())
    layout = window.layout()
    if layout is not None and layout.sizeConstraint() == QLayout.SizeConstraint.SetNoConstraint:
        size = window.minimumSize()
    size = size.expandedTo(DEMO_MINIMUM)
    return size.width(), size.height()


def _set_frame_geometry(window: QWidget, rect: Rect) -> None:
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w = frame.width() - inner.width() if window.isVisible() else 0
    extra_h = frame.height() - inner.height() if window.isVisible() else 0
    window.resize(max(1, rect.width - extra_w), max(1, rect.height - extra_h))
    window.move(rect.x, rect.y)  # move() places the frame's corner


def _rect(geometry: QRect) -> Rect:
    return Rect(geometry.x(), geometry.y(), geometry.width(), geometry.height())
