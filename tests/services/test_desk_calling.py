"""Calling customers and moving them on: transfer, switch, hold."""

from __future__ import annotations

import pytest
from desk_helpers import (
    OTHER_TELLER,
    MakeDesk,
    serving,
)

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.services.desk import CounterDesk
from counterdesk.storage import models as m


def test_transfer_keeps_the_number_and_switch_links_both_parts(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("DEP")
    desk.call_next()
    desk.start()
    state = desk.switch_business_type("FX")
    assert serving(state).business_type.code == "FX"
    assert serving(state).procedure.business_type == "FX"
    first, second = m.Service.select().order_by(m.Service.called_at, m.Service.finished_at.desc())
    parts = {s.business_type: s for s in (first, second)}
    assert parts["DEP"].state == "abandoned"
    assert parts["FX"].previous_service.uuid == parts["DEP"].uuid

    other = make_desk(counter=5, serves=("DEP",))
    other.sign_in(*OTHER_TELLER)  # transfers go to live counters only
    desk.transfer(to_counter=5)
    state = other.call_next()
    assert serving(state).ticket.label == "A001"


def test_hold_lets_the_counter_serve_someone_else(desk: CounterDesk) -> None:
    first = desk.queue.issue("DEP")
    desk.queue.issue("DEP")
    desk.call_next()
    desk.start()
    state = desk.hold()
    assert [t.id for t in state.held] == [first.id]
    state = desk.call_next()
    assert serving(state).ticket.label == "A002"
    with pytest.raises(DomainError, match="before you resume a held ticket"):
        desk.resume_held(first.id)
    desk.transfer("WDR")
    state = desk.resume_held(first.id)
    assert serving(state).ticket.id == first.id
    assert state.held == ()
