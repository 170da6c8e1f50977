"""The lobby display: calls newest first, waiting counts, the notice ticker, both languages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.queue.base import QueueStatus, TypeStatus
from counterdesk.services.state import CallView
from counterdesk.ui.display import window as display_module
from counterdesk.ui.display.labels import CallTile, FitLabel
from counterdesk.ui.display.window import PREVIOUS_CALLS, DisplayWindow

STYLESHEET = Path(__file__).resolve().parents[3] / "resources" / "styles" / "display.qss"
AT = datetime(2026, 11, 30, 2, 15, tzinfo=UTC)
BRANCH = "Chaoyang Sub-branch 朝阳支行"
LONG_NOTICE = (
    "Welcome to Chaoyang Sub-branch. Opening hours: Monday to Friday 9:00-17:00, Saturday "
    "9:00-12:00. Please keep your ticket and listen for your number. Foreign exchange "
    "services are available at counters 7 and 8."
)


def call(seq: int, ticket: str, counter: int, recall: bool = False) -> CallView:
    return CallView(seq, ticket, counter, "DEP", AT + timedelta(seconds=seq), recall)


def status(*rows: tuple[str, int, float], catalogue: Catalogue) -> QueueStatus:
    types = tuple(
        TypeStatus(code, waiting, longest, catalogue.get(code).target_seconds)
        for code, waiting, longest in rows
    )
    return QueueStatus("2026-11-30", types, (), 40)


MakeDisplay = Callable[..., DisplayWindow]


@pytest.fixture
def make(qtbot: QtBot, catalogue: Catalogue) -> MakeDisplay:
    def factory(
        language: str = "en", size: tuple[int, int] = (1280, 800), *, marks: bool = False
    ) -> DisplayWindow:
        window = DisplayWindow(
            catalogue, language, BRANCH, STYLESHEET.read_text(encoding="utf-8"), now=lambda: AT,
            mark_over_target=marks,
        )  # fmt: skip
        qtbot.addWidget(window)
        window.resize(*size)
        with qtbot.waitExposed(window):
            window.show()
        return window

    return factory


def latest_texts(window: DisplayWindow) -> tuple[str, str]:
    ticket = window.findChild(FitLabel, "latestTicket")
    counter = window.findChild(FitLabel, "latestCounter")
    assert ticket is not None
    assert counter is not None
    return ticket.text(), counter.text()


def tile_texts(window: DisplayWindow) -> list[tuple[str, str]]:
    return [(t.ticket.text(), t.counter.text()) for t in window.findChildren(CallTile)]


def type_rows(window: DisplayWindow) -> dict[str, tuple[QFrame, str, str, bool]]:
    """Name → (row, count text, mark text, mark visible), top to bottom."""
    rows = {}
    for frame in window.findChildren(QFrame, "typeRow"):
        name = frame.findChild(FitLabel, "typeName")
        count = frame.findChild(FitLabel, "typeCount")
        mark = frame.findChild(FitLabel, "overTargetMark")
        assert name is not None
        assert count is not None
        assert mark is not None
        rows[name.text()] = (frame, count.text(), mark.text(), mark.isVisible())
    return rows


def test_calls_are_shown_newest_first(make: MakeDisplay) -> None:
    window = make()
    for seq, (ticket, counter) in enumerate([("A001", 1), ("B001", 2), ("A002", 3)], start=1):
        window.show_call(call(seq, ticket, counter))

    assert [c.ticket_label for c in window.calls()] == ["A002", "B001", "A001"]
    assert latest_texts(window) == ("A002", "Counter 3")
    tiles = tile_texts(window)
    assert tiles[:2] == [("B001", "Counter 2"), ("A001", "Counter 1")]
    assert tiles[2:] == [("", "")] * (PREVIOUS_CALLS - 2)


def test_only_the_newest_and_six_earlier_calls_are_kept(make: MakeDisplay) -> None:
    window = make()
    for seq in range(1, 11):
        window.show_call(call(seq, f"A{seq:03d}", seq))
    labels = [c.ticket_label for c in window.calls()]
    assert labels == [f"A{seq:03d}" for seq in range(10, 3, -1)]
    assert [t for t, _ in tile_texts(window)] == labels[1:]


def test_a_call_delivered_twice_is_shown_once(make: MakeDisplay) -> None:
    window = make()
    window.show_call(call(1, "A001", 1))
    window.show_call(call(2, "A002", 2))
    window.show_call(call(2, "A002", 2))
    window.show_call(call(1, "A001", 1))  # older than the newest: stale
    assert [c.seq for c in window.calls()] == [2, 1]
    assert latest_texts(window) == ("A002", "Counter 2")


def test_a_recall_moves_the_ticket_to_the_top_and_highlights_it_again(
    make: MakeDisplay, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(display_module, "HIGHLIGHT_MS", 3 * display_module.BLINK_MS)
    monkeypatch.setattr(display_module, "BLINK_MS", 10)
    window = make()
    window.show_call(call(1, "A001", 1))
    window.show_call(call(2, "B001", 4))
    assert window.is_highlighted()
    qtbot.waitUntil(lambda: not window.is_highlighted())
    latest = window.findChild(QFrame, "latestCall")
    assert latest is not None
    assert latest.property("flash") is False

    window.show_call(call(3, "A001", 1, recall=True))

    assert [(c.ticket_label, c.recall) for c in window.calls()] == [("A001", True), ("B001", False)]
    assert latest_texts(window) == ("A001", "Counter 1")
    assert tile_texts(window)[0] == ("B001", "Counter 4")
    assert window.is_highlighted()
    assert latest.property("flash") is True


def test_the_newest_call_blinks_then_stays_calm(
    make: MakeDisplay, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(display_module, "BLINK_MS", 10)
    monkeypatch.setattr(display_module, "HIGHLIGHT_MS", 60)
    window = make()
    latest = window.findChild(QFrame, "latestCall")
    assert latest is not None
    seen: set[bool] = set()
    timer = window.findChild(QTimer, "display-call-highlight")
    assert timer is not None
    timer.timeout.connect(lambda: seen.add(bool(latest.property("flash"))))

    window.show_call(call(1, "A001", 1))

    qtbot.waitUntil(lambda: not window.is_highlighted())
    assert seen == {True, False}
    assert latest.property("flash") is False


def test_the_lobby_sees_waiting_counts_and_no_long_wait_marks_by_default(
    make: MakeDisplay, catalogue: Catalogue
) -> None:
    window = make()
    window.set_waiting(
        status(("DEP", 7, 420), ("WDR", 12, 780), ("TRF", 4, 2000), catalogue=catalogue)
    )

    rows = type_rows(window)
    assert [row[1:] for row in rows.values()] == [
        ("7", "", False), ("12", "", False), ("4", "", False),
    ]  # fmt: skip
    assert not any(row[0].property("overTarget") for row in rows.values())
    legend = window.findChild(FitLabel, "overTargetLegend")
    assert legend is not None
    assert not legend.isVisible()


def test_waiting_counts_per_type_with_over_target_marked_when_set(
    make: MakeDisplay, catalogue: Catalogue
) -> None:
    window = make(marks=True)
    window.set_waiting(
        status(("DEP", 7, 420), ("WDR", 12, 780), ("PWD", 0, 0), catalogue=catalogue)
    )

    rows = type_rows(window)
    assert list(rows) == ["Cash deposit", "Cash withdrawal", "Password reset"]
    deposit, withdrawal, password = rows.values()
    assert deposit[1:] == ("7", "", False)
    assert withdrawal[1:] == ("12", "Long wait", True)
    assert password[1:] == ("0", "", False)
    assert withdrawal[0].property("overTarget") is True
    assert deposit[0].property("overTarget") is False
    assert password[0].property("idle") is True
    total = window.findChild(FitLabel, "waitingTotal")
    assert total is not None
    assert total.text() == "19 waiting"
    legend = window.findChild(FitLabel, "overTargetLegend")
    assert legend is not None
    assert legend.isVisible()

    # The wait falls back under target: the mark goes.
    window.set_waiting(status(("DEP", 7, 420), ("WDR", 3, 200), ("PWD", 0, 0), catalogue=catalogue))
    withdrawal = type_rows(window)["Cash withdrawal"]
    assert withdrawal[1:] == ("3", "", False)
    assert withdrawal[0].property("overTarget") is False
    assert not legend.isVisible()


def test_a_type_unknown_to_the_catalogue_shows_its_code(make: MakeDisplay) -> None:
    window = make()
    window.set_waiting(QueueStatus("2026-11-30", (TypeStatus("GOLD", 2, 10, 600),), (), 2))
    assert type_rows(window)["GOLD"][1] == "2"


def test_chinese_names_and_date(make: MakeDisplay, catalogue: Catalogue) -> None:
    window = make("zh_CN", marks=True)
    window.set_waiting(status(("DEP", 7, 420), ("VIP", 1, 700), catalogue=catalogue))

    rows = type_rows(window)
    assert list(rows) == ["现金存款", "理财及贵宾服务"]
    assert rows["理财及贵宾服务"][3]  # over target
    date = window.findChild(FitLabel, "clockDate")
    assert date is not None
    assert "2026年11月30日" in date.text()

    window.set_language("en")
    assert list(type_rows(window)) == ["Cash deposit", "Wealth management (VIP)"]
    assert "2026" in date.text()
    assert "年" not in date.text()


def test_the_clock_shows_local_time_and_ticks_by_a_named_timer(make: MakeDisplay) -> None:
    window = make()
    time = window.findChild(FitLabel, "clockTime")
    assert time is not None
    assert time.text() == AT.astimezone().strftime("%H:%M")
    timer = window.findChild(QTimer, "display-clock")
    assert timer is not None
    assert timer.isActive()
    assert timer.parent() is window


def test_a_short_notice_stands_still(make: MakeDisplay) -> None:
    window = make()
    window.set_notice("Welcome")
    ticker = window.notice()
    assert ticker.isVisible()
    assert not ticker.too_wide()
    assert not ticker.is_scrolling()
    assert ticker.offset() == 0


def test_a_long_notice_scrolls_and_stops_when_removed(make: MakeDisplay, qtbot: QtBot) -> None:
    window = make()
    window.set_notice(LONG_NOTICE)
    ticker = window.notice()
    assert ticker.too_wide()
    assert ticker.is_scrolling()
    qtbot.waitUntil(lambda: ticker.offset() > 5)

    window.set_notice("")
    assert not ticker.isVisible()
    assert not ticker.is_scrolling()


def test_connecting_shows_in_the_notice_line_then_the_notice_comes_back(make: MakeDisplay) -> None:
    window = make()
    window.set_notice("Welcome")
    window.show_connecting(True)
    assert window.notice().isVisible()
    assert window.notice().text() == "Connecting to the queue…"

    window.show_connecting(False)
    assert window.notice().text() == "Welcome"


def test_the_notice_stops_scrolling_while_the_window_is_hidden(make: MakeDisplay) -> None:
    window = make()
    window.set_notice(LONG_NOTICE)
    window.hide()
    assert not window.notice().is_scrolling()
    window.show()
    assert window.notice().is_scrolling()


def test_a_notice_that_fits_a_wider_screen_stops_scrolling(make: MakeDisplay) -> None:
    window = make()
    window.set_notice("Opening hours: Monday to Friday 9:00-17:00, Saturday 9:00-12:00 ok")
    window.resize(640, 800)
    assert window.notice().is_scrolling()
    window.resize(1920, 1080)
    assert not window.notice().is_scrolling()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_every_text_fits_on_the_lobby_screens(
    make: MakeDisplay, catalogue: Catalogue, language: str, size: tuple[int, int]
) -> None:
    window = make(language, size)
    for seq, (ticket, counter) in enumerate(
        [
            ("A009", 2),
            ("B004", 5),
            ("V002", 8),
            ("C003", 1),
            ("A010", 12),
            ("D001", 4),
            ("B005", 3),
        ],
        start=1,
    ):
        window.show_call(call(seq, ticket, counter))
    rows = [(t.code, 3, t.target_seconds + 1) for t in catalogue]
    window.set_waiting(status(*rows, catalogue=catalogue))
    window.set_notice(LONG_NOTICE)

    cut = [
        (label.objectName(), label.text())
        for label in window.findChildren(FitLabel)
        if label.isVisible() and label.text() and not label.fits()
    ]
    assert not cut
    for label in window.findChildren(FitLabel):
        if label.isVisible() and label.text():
            assert label.pixel_size() >= 14, label.objectName()
    shot = window.grab()
    assert (shot.width(), shot.height()) == size
