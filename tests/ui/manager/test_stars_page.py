"""The manager's Stars page in the real window: a month's levels read on the worker, explained.

The reader is a plain function returning a real ``MonthLevels`` graded by
:func:`counterdesk.core.stars.grade` from hand-made figures by a small policy, so no head office
is needed here (``tests/sync`` covers :func:`~counterdesk.sync.hq_stars.grade_month`); the
expected texts are computed by hand in the comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import QT_TRANSLATE_NOOP
from counterdesk.core.stars import adjust, grade, parse_policy
from counterdesk.sync.hq_stars import MonthLevels
from counterdesk.sync.push import HqUnavailable
from counterdesk.ui.manager.stars import StarsController, StarsReader
from counterdesk.ui.manager.window import ManagerWindow
from counterdesk.ui.tasks import TaskRunner

TODAY = date(2026, 12, 2)

#: Service (60%): satisfaction 70, service level 30; volume (40%): served.
POLICY = parse_policy(
    """
policy = "branch-test"
version = 2
title_en = "Test levels"
title_zh = "测试星级"
min_served = 20
stars = [45, 60, 75, 88]

[[dimensions]]
id = "service"
name_en = "Service"
name_zh = "服务"
weight = 60
  [[dimensions.measures]]
  measure = "satisfaction"
  weight = 70
  full = 95
  zero = 60
  [[dimensions.measures]]
  measure = "service_level"
  weight = 30
  full = 90
  zero = 50

[[dimensions]]
id = "volume"
name_en = "Volume"
name_zh = "业务量"
weight = 40
  [[dimensions.measures]]
  measure = "served"
  weight = 100
  full = 200
  zero = 0
""",
    "test.toml",
)

NAMES = {"1001": "Li Na", "1002": "Zhang Wei", "2001": "Wang Fang"}


def month_levels(month: str) -> MonthLevels:
    """1001 graded as computed; 1002 set to 3 by 2001; 1003 served too few for a level."""
    li = grade(POLICY, "1001", month, {"satisfaction": 88, "service_level": 80, "served": 150})
    zhang = grade(POLICY, "1002", month, {"satisfaction": None, "service_level": 95,
                                          "served": 210})  # fmt: skip
    zhang = adjust(zhang, 3, "Two complaints upheld by the audit", "2001")
    few = grade(POLICY, "1003", month, {"satisfaction": 90, "served": 12})
    return MonthLevels(month, POLICY, (li, zhang, few), {}, {"1002": 7})


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def open_window(
    qtbot: QtBot, catalogue: Catalogue, runner: TaskRunner, reader: StarsReader | None
) -> tuple[ManagerWindow, StarsController]:
    window = ManagerWindow(catalogue, "en", "Chaoyang", today=TODAY)
    qtbot.addWidget(window)
    controller = StarsController(window.stars_page, reader, runner, "en", lambda: NAMES)
    with qtbot.waitExposed(window):
        window.show()
    window.show_board_page("Wang Fang")  # signed in: the page keys work
    qtbot.waitUntil(lambda: window.board.hasFocus() or window.isActiveWindow())
    return window, controller


def test_ctrl_4_shows_last_months_levels_and_explains_the_selected_teller(
    qtbot: QtBot, catalogue: Catalogue, runner: TaskRunner
) -> None:
    asked: list[str] = []

    def reader(month: str) -> MonthLevels:
        asked.append(month)
        return month_levels(month)

    window, controller = open_window(qtbot, catalogue, runner, reader)
    page = window.stars_page
    assert window.showing_board()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is page
    assert "Ctrl+4 stars" in window.keys_label.text()
    assert page.month() == "2026-11"  # the month before 2026-12-02
    assert "--adjust STAFF_NO" in page.note_label.text()
    with qtbot.waitSignal(controller.levels_ready, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert asked == ["2026-11"]
    assert page.source_label.text() == (
        "Star levels of 2026-11, computed by head office with Test levels "
        "(policy branch-test version 2)."
    )
    assert page.table.rowCount() == 3
    # 1001: satisfaction (88−60)/35 = 80 points × 0.6·0.7 = 33.6; service level
    # (80−50)/40 = 75 × 0.6·0.3 = 13.5; served 150/200 = 75 × 0.4 = 30: 77.1, four stars.
    assert page.row_texts(0) == ["Li Na (1001)", "★★★★☆ 4", "77.1", "150", ""]
    # 1002: no ratings, so the service level carries the whole 60%: 100 × 0.6 + 100 × 0.4
    # = 100.0 (five stars computed), set to three by Wang Fang.
    assert page.row_texts(1) == [
        "Zhang Wei (1002)",
        "★★★☆☆ 3",
        "100.0",
        "210",
        "Set by Wang Fang (2001) instead of the computed 5: Two complaints upheld by the audit",
    ]
    # 1003 served 12, under the 20 a level needs; not in this PC's directory: number only.
    assert page.row_texts(2) == [
        "1003",
        "No level",
        "–",
        "12",
        "Served 12 this month, fewer than the 20 a level needs",
    ]
    # The first teller is selected and explained.
    assert page.explanation_label.text().startswith("How the level of Li Na (1001) was computed")
    assert page.explanation_texts() == [
        ["Service / Mean rating on a 0-100 scale", "88.0", "80.0", "42.0%", "33.60"],
        [
            "Service / Share of the teller's customers called within target",
            "80.0%",
            "75.0",
            "18.0%",
            "13.50",
        ],
        ["Volume / Services finished", "150", "75.0", "40.0%", "30.00"],
    ]
    page.table.selectRow(1)
    assert page.explanation_label.text().startswith("How the level of Zhang Wei (1002)")
    assert page.explanation_texts() == [
        ["Service / Mean rating on a 0-100 scale", "no data", "–", "0.0%", "0.00"],
        [
            "Service / Share of the teller's customers called within target",
            "95.0%",
            "100.0",
            "60.0%",
            "60.00",
        ],
        ["Volume / Services finished", "210", "100.0", "40.0%", "40.00"],
    ]
    # Another month is read when asked; Esc goes back to the board.
    page.set_month(date(2026, 10, 1))
    with qtbot.waitSignal(controller.levels_ready, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert asked == ["2026-11", "2026-10"]
    assert page.source_label.text().startswith("Star levels of 2026-10, ")
    qtbot.keyClick(page.show_button, Qt.Key.Key_Escape)
    assert window.showing_board()
    qtbot.mouseClick(window._page_buttons["stars"], Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is page


def test_without_head_office_the_page_says_so_and_show_is_disabled(
    qtbot: QtBot, catalogue: Catalogue, runner: TaskRunner
) -> None:
    window, _ = open_window(qtbot, catalogue, runner, None)
    page = window.stars_page
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is page
    assert page.source_label.text() == (
        "Star levels come from head office; this desk has no head office connection configured."
    )
    assert not page.show_button.isEnabled()
    assert page.table.rowCount() == 0


def test_head_office_down_is_said_in_words(
    qtbot: QtBot, catalogue: Catalogue, runner: TaskRunner
) -> None:
    def reader(month: str) -> MonthLevels:
        raise HqUnavailable(
            QT_TRANSLATE_NOOP("domain", "head office cannot be reached: {reason}"),
            reason="connection refused",
        )

    window, controller = open_window(qtbot, catalogue, runner, reader)
    page = window.stars_page
    window.show_stars_page()
    with qtbot.waitSignal(controller.failed, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert "head office cannot be reached: connection refused" in page.error().lower()
    assert not page.is_busy()
    assert page.show_button.isEnabled()  # try again
