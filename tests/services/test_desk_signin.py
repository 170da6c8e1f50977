"""Signing in and out of a counter, pausing it."""

from __future__ import annotations

import pytest
from desk_helpers import (
    TELLER,
    MakeDesk,
    audit_actions,
)

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError, QueueEmptyError
from counterdesk.core.staff import AccountLockedError, SignInError
from counterdesk.queue.base import HEARTBEAT_SECONDS, STALE_AFTER_SECONDS, CounterMode
from counterdesk.services.desk import CounterDesk
from counterdesk.storage import models as m


def test_sign_in_opens_the_counter_and_wrong_pins_lock_the_account(
    make_desk: MakeDesk, clock: FixedClock
) -> None:
    desk = make_desk()
    assert desk.state().mode is CounterMode.CLOSED
    for _ in range(4):
        with pytest.raises(SignInError):
            desk.sign_in(TELLER[0], "0000")
    with pytest.raises(AccountLockedError):
        desk.sign_in(TELLER[0], "0000")
    with pytest.raises(AccountLockedError):
        desk.sign_in(*TELLER)
    assert audit_actions().count("sign_in_refused") == 6
    clock.advance(15 * 60 + 1)
    state = desk.sign_in(*TELLER)
    assert state.teller is not None
    assert state.teller.staff_no == TELLER[0]
    assert state.mode is CounterMode.OPEN
    assert [c.mode for c in desk.queue.status().counters] == [CounterMode.OPEN]


def test_pause_and_sign_out_need_a_free_counter(desk: CounterDesk) -> None:
    desk.queue.issue("DEP")
    desk.call_next()
    with pytest.raises(DomainError, match="finish or transfer ticket A001 before you pause"):
        desk.pause("lunch")
    with pytest.raises(DomainError, match="before you sign out"):
        desk.sign_out()
    desk.no_show()
    state = desk.pause("lunch")
    assert (state.mode, state.pause_reason) == (CounterMode.PAUSED, "lunch")
    with pytest.raises(DomainError, match="paused"):
        desk.call_next()
    desk.resume()
    with pytest.raises(QueueEmptyError):
        desk.call_next()
    assert desk.sign_out().teller is None
    assert m.Service.get().finish_reason == "no_show"


def test_the_desk_beats_only_while_signed_in_and_a_silent_counter_stops_being_open(
    make_desk: MakeDesk, clock: FixedClock
) -> None:
    desk = make_desk()
    assert desk.heartbeat() is False, "a closed counter needs no heartbeat"
    desk.sign_in(*TELLER)
    assert desk.queue.open_counters() == {3: desk.session.policy.serves}

    clock.advance(STALE_AFTER_SECONDS + 1)  # the program stopped beating (crashed, hung)
    assert desk.queue.open_counters() == {}
    (counter,) = desk.queue.status().counters
    assert (counter.mode, counter.responding) == (CounterMode.OPEN, False)

    assert desk.heartbeat() is True
    assert 3 in desk.queue.open_counters()
    desk.pause("lunch")
    clock.advance(HEARTBEAT_SECONDS)
    assert desk.heartbeat() is True, "a paused counter is alive too"
    (counter,) = desk.queue.status().counters
    assert (counter.mode, counter.responding) == (CounterMode.PAUSED, True)
