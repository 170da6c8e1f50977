"""Choosing the customer screen and placing a window on it, full screen."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)

#: Size of the customer window when there is no second screen (it then opens as a window).
WINDOWED_SIZE = QSize(1024, 768)


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
