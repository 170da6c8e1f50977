"""The teller window says it is connecting until the queue answers, then whether it does."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.ui.teller.window import TellerWindow


def test_the_window_says_connecting_until_the_queue_answers(
    qtbot: QtBot, catalogue: Catalogue
) -> None:
    window = TellerWindow(catalogue, 3, [1, 2, 3], "en", lambda: datetime(2026, 12, 1, tzinfo=UTC))
    qtbot.addWidget(window)
    window.show_connecting()
    assert window.sign_in_page.notice() == "Connecting to the queue…"
    assert window.status_bar.queue.text() == "Connecting to the queue…"

    window.apply_queue_connection(False)
    assert window.sign_in_page.notice() == "Queue offline — reconnecting…"
    assert window.status_bar.queue.text() == "Queue offline — reconnecting…"

    window.apply_queue_connection(True)
    assert window.sign_in_page.notice() == ""
    assert window.status_bar.queue.text() == "Queue: connected"
