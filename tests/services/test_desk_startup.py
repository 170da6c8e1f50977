"""Building a desk does nothing; its start-up step recovers."""

from __future__ import annotations

from desk_helpers import SUPERVISOR, TELLER, MakeDesk

from counterdesk.core.clock import FixedClock
from counterdesk.services.desk import CounterDesk
from counterdesk.storage import models as m


def test_building_a_desk_touches_neither_journal_nor_queue(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    desk.finish("customer left", *SUPERVISOR)  # the rating prompt is open
    queue_before = desk.queue.status()
    events_before = m.SyncEvent.select().count()
    clock.advance(60)

    restarted = make_desk(start=False)
    assert m.SyncEvent.select().count() == events_before, "no journal row written"
    assert restarted.queue.status() == queue_before
    assert restarted.state().teller is None

    restarted.start_up()
    rating = m.Rating.get()
    assert (rating.outcome, rating.cause) == ("no_rating", "timeout")


def test_a_desk_started_late_recovers_the_customer_at_the_counter(
    make_desk: MakeDesk, desk: CounterDesk
) -> None:
    desk.queue.issue("DEP")
    desk.call_next()
    restarted = make_desk(start=False)
    restarted.start_up()
    state = restarted.sign_in(*TELLER)
    assert state.current is not None
    assert state.current.ticket.label == "A001"
