"""The teller window's finish: notices that do not move the layout, go when stale, and an idle half.

A real desk over a real journal and queue (SQLite in a temp dir), driven synchronously; the
window is the real one, shown offscreen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk, FinishRefused
from counterdesk.services.state import DeskAction
from counterdesk.ui.teller.queue_model import COL_LONGEST, COL_TARGET
from counterdesk.ui.teller.window import QUEUE_ALERT_WAITING, TellerWindow

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ID_NUMBER = "11010519491231002X"


@dataclass
class Counter:
    desk: CounterDesk
    window: TellerWindow
    clock: FixedClock

    def apply(self) -> None:
        self.window.apply_state(self.desk.state().for_teller())
        self.window.apply_queue(self.desk.queue.status())


@pytest.fixture
def counter(qtbot: QtBot, tmp_path: Path) -> Iterator[Counter]:
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch")
    clock = FixedClock(START)
    station = Station.open(config, clock)
    desk = build_desk(station, clock)
    desk.start_up()
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    desk.staff.add("2001", "Wang Wei", Role.SUPERVISOR, "2468")
    window = TellerWindow(station.catalogue, 3, [], "en", clock.now)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    desk.sign_in("1001", "1234")
    result = Counter(desk, window, clock)
    result.apply()
    yield result
    station.close()


def visible_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel) if label.isVisibleTo(root)]


def start_deposit(counter: Counter) -> None:
    counter.desk.queue.issue("DEP")
    counter.clock.advance(1010)
    counter.desk.call_next()
    counter.clock.advance(30)
    counter.desk.start()
    counter.clock.advance(217)
    counter.apply()


# -- notices ------------------------------------------------------------------------------


def test_the_refusal_and_the_queue_alert_do_not_move_the_queue_table(
    qtbot: QtBot, counter: Counter
) -> None:
    window = counter.window
    qtbot.waitUntil(lambda: window.queue_view.isVisible())

    def geometry() -> tuple[QRect, QRect, bool]:
        table = window.queue_view
        top_left = table.mapTo(window, table.rect().topLeft())
        return (
            QRect(top_left, table.size()),
            window.ticket_card.geometry(),
            table.verticalScrollBar().isVisible(),
        )

    before = geometry()
    assert not window.message.isVisible()
    assert not window.banner.isVisible()

    for _ in range(QUEUE_ALERT_WAITING):
        counter.desk.queue.issue("DEP")
    counter.clock.advance(3600)  # also past the deposit's target
    counter.apply()
    # A long refusal, two lines in the header's box.
    window.show_failure(DeskAction.CALL_NEXT, DomainError("refused, " * 30 + "for a test"))
    assert window.banner.isVisible()
    assert window.message.isVisible()
    assert geometry() == before


def test_a_refusal_goes_when_what_it_was_about_is_gone(counter: Counter) -> None:
    window = counter.window
    start_deposit(counter)
    try:
        counter.desk.finish()
    except FinishRefused as refused:
        window.show_failure(DeskAction.FINISH, refused)
    assert window.message.isVisible()
    assert window.message.text().startswith("Cannot finish: these mandatory steps")

    # The same service, shown again (the next heartbeat): the refusal still applies.
    counter.apply()
    assert window.message.isVisible()

    for step, value in (
        ("identity", ID_NUMBER), ("deposit_slip", ""), ("count_cash", "100.00"),
        ("supervisor", ""), ("signature", ""), ("return_documents", ""),
    ):  # fmt: skip
        counter.desk.check_step(step, value)
    counter.desk.finish()
    counter.desk.dismiss_rating()
    counter.desk.pause("cash")
    counter.apply()
    assert not window.message.isVisible()
    assert not any(text.startswith("Cannot finish") for text in visible_texts(window))


def test_a_refusal_shown_as_a_sentence(counter: Counter) -> None:
    window = counter.window
    counter.desk.queue.issue("DEP")
    counter.desk.call_next()
    counter.apply()
    with pytest.raises(DomainError) as refused:
        counter.desk.call_next()  # a customer is still at the counter
    window.show_failure(DeskAction.CALL_NEXT, refused.value)
    assert str(refused.value)[:1].islower()  # the template, as it nests in other messages
    assert window.message.isVisible()
    assert window.message.text()[:1].isupper()


# -- the idle half ------------------------------------------------------------------------


def test_with_no_customer_the_right_half_shows_who_waits_and_the_keys(counter: Counter) -> None:
    window = counter.window
    for code in ("DEP", "DEP", "WDR"):
        counter.desk.queue.issue(code)
    counter.clock.advance(1010)
    counter.apply()

    panel = window.idle_panel
    assert panel.isVisible()
    assert not window.checklist.isVisible()
    assert panel.waiting_count.text() == "3"
    assert panel.waiting_caption.text() == "3 customers are waiting for this counter."
    assert panel.longest.text().startswith("Longest wait: 16 min 50 s (")
    assert ("F1", "Call next") in panel.key_hints()
    assert ("F9", "Pause") in panel.key_hints()
    assert all(name != "Finish" for _, name in panel.key_hints())
    # Said once, on the ticket card, not repeated in the other half.
    assert visible_texts(window).count("No customer at the counter") == 1


def test_while_paused_the_keys_say_how_to_resume(counter: Counter) -> None:
    counter.desk.pause("lunch")
    counter.apply()
    assert counter.window.idle_panel.key_hints() == [("F9", "Resume")]


def test_a_started_service_shows_its_checklist_instead(counter: Counter) -> None:
    start_deposit(counter)
    assert counter.window.checklist.isVisible()
    assert not counter.window.idle_panel.isVisible()


# -- durations ----------------------------------------------------------------------------


def test_the_ticket_card_says_each_fact_once_with_durations_in_units(counter: Counter) -> None:
    start_deposit(counter)
    facts = counter.window.ticket_card.facts.text()
    assert facts == "Waited 16 min 50 s · Called 1× · In service 3 min 37 s"
    assert facts.lower().count("called") == 1


def test_the_queue_table_shows_durations_not_clock_times(counter: Counter) -> None:
    counter.desk.queue.issue("DEP")
    counter.clock.advance(70)
    counter.apply()
    model = counter.window.queue_model
    row = next(r for r in range(model.rowCount()) if model.row_status(r).business_type == "DEP")
    assert model.data(model.index(row, COL_LONGEST)) == "1 min 10 s"
    target = model.data(model.index(row, COL_TARGET))
    assert target.endswith(" min")
    assert ":" not in target
