"""The demo's windows, shown side by side by the Qt side of the placement (real windows)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.ui.placement import DEMO_WINDOWS, Rect
from counterdesk.ui.screens import screen_areas, tile_windows


def _frame(window: QWidget) -> Rect:
    frame = window.frameGeometry()
    return Rect(frame.x(), frame.y(), frame.width(), frame.height())


def _window(qtbot: QtBot, name: str, minimum: tuple[int, int]) -> QWidget:
    window = QWidget()
    window.setObjectName(name)
    layout = QVBoxLayout(window)
    filler = QLabel(name, window)
    filler.setMinimumSize(*minimum)
    layout.addWidget(filler)
    qtbot.addWidget(window)
    return window


# The offscreen platform cannot raise a window (the teller's is raised on top).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_the_windows_are_shown_side_by_side_inside_the_screen(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QGuiApplication)
    windows = {name: _window(qtbot, name, (200, 150)) for name in DEMO_WINDOWS}

    tiler = tile_windows(app, windows)

    screen = screen_areas(app)[0]

    def tiled() -> None:
        for name, window in windows.items():
            assert window.isVisible(), name
            assert _frame(window) == tiler.rects[name], name
            assert screen.contains(_frame(window)), name
        for a, b in itertools.combinations(windows, 2):
            assert not _frame(windows[a]).overlaps(_frame(windows[b])), (a, b)

    qtbot.waitUntil(tiled)
    # The teller's window is the largest.
    areas = {name: r.width * r.height for name, r in tiler.rects.items()}
    assert max(areas, key=areas.__getitem__) == "teller"


def test_a_window_whose_minimum_grows_pushes_its_neighbours_aside(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QGuiApplication)
    windows = {name: _window(qtbot, name, (120, 100)) for name in DEMO_WINDOWS}
    tiler = tile_windows(app, windows)
    qtbot.waitUntil(lambda: all(w.isVisible() for w in windows.values()))
    screen = screen_areas(app)[0]
    wanted = round(screen.height * 0.7)  # taller than the teller's share of the screen
    assert tiler.rects["teller"].height < wanted

    label = windows["teller"].findChild(QLabel)
    assert label is not None
    label.setMinimumHeight(wanted)

    def moved() -> None:
        assert tiler.rects["teller"].height >= wanted
        assert windows["teller"].height() >= wanted
        for a, b in itertools.combinations(windows, 2):
            assert not _frame(windows[a]).overlaps(_frame(windows[b])), (a, b)

    qtbot.waitUntil(moved)
