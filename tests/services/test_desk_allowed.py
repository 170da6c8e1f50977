"""``DeskState.allowed``: the actions a window may offer are exactly the ones the desk accepts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from desk_helpers import OTHER_TELLER, SUPERVISOR, TELLER, VALID_ID, MakeDesk, serve_deposit

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import CaptureType
from counterdesk.queue.base import CounterMode
from counterdesk.services.desk import CounterDesk
from counterdesk.services.state import DeskAction

A = DeskAction


def _complete_and_finish(desk: CounterDesk) -> None:
    """Check every open step (so the procedure's rule lets it finish), then finish."""
    current = desk.state().current
    if current is not None and current.started_at is not None:
        for view in current.steps:
            if view.record is not None:
                continue
            capture = view.step.capture
            value = None
            if capture is not None:
                value = {
                    CaptureType.ID_NUMBER: VALID_ID,
                    CaptureType.AMOUNT: "100.00",
                    CaptureType.CHOICE: capture.choices[0].value if capture.choices else "",
                }.get(capture.type, "1")
            fresh = next(v for v in desk.state().current.steps if v.step.id == view.step.id)  # type: ignore[union-attr]
            if fresh.needs_authorisation:
                desk.authorise_step(view.step.id, value, *SUPERVISOR)
            else:
                desk.check_step(view.step.id, value)
    desk.finish()


def _resume_held(desk: CounterDesk) -> None:
    held = desk.state().held
    desk.resume_held(held[0].id if held else "no such ticket")


def _transfer_to_counter_5(desk: CounterDesk) -> None:
    desk.queue.set_counter_mode(5, CounterMode.OPEN)  # a live counter that serves every type
    desk.transfer(to_counter=5)


#: One way to do each action from any state.
ACTIONS: dict[DeskAction, Callable[[CounterDesk], object]] = {
    A.SIGN_IN: lambda desk: desk.sign_in(*OTHER_TELLER),
    A.SIGN_OUT: lambda desk: desk.sign_out(),
    A.PAUSE: lambda desk: desk.pause("lunch"),
    A.RESUME: lambda desk: desk.resume(),
    A.CALL_NEXT: lambda desk: desk.call_next(),
    A.RECALL: lambda desk: desk.recall(),
    A.NO_SHOW: lambda desk: desk.no_show(),
    A.START: lambda desk: desk.start(),
    A.TRANSFER: _transfer_to_counter_5,
    A.HOLD: lambda desk: desk.hold(),
    A.RESUME_HELD: _resume_held,
    A.SWITCH: lambda desk: desk.switch_business_type("FX"),
    A.CHECK_STEP: lambda desk: desk.check_step("signature"),
    A.UNCHECK_STEP: lambda desk: desk.uncheck_step("deposit_slip"),
    A.AUTHORISE_STEP: lambda desk: desk.authorise_step("supervisor", None, *SUPERVISOR),
    A.FINISH: _complete_and_finish,
}


def _closed(desk: CounterDesk, clock: FixedClock) -> None:
    pass


def _open(desk: CounterDesk, clock: FixedClock) -> None:
    desk.sign_in(*TELLER)


def _with_held(desk: CounterDesk, clock: FixedClock) -> None:
    desk.sign_in(*TELLER)
    desk.call_next()
    desk.start()
    desk.hold()


def _paused(desk: CounterDesk, clock: FixedClock) -> None:
    desk.sign_in(*TELLER)
    desk.pause("meeting")


def _paused_with_held(desk: CounterDesk, clock: FixedClock) -> None:
    _with_held(desk, clock)
    desk.pause("meeting")


def _called(desk: CounterDesk, clock: FixedClock) -> None:
    desk.sign_in(*TELLER)
    desk.call_next()


def _serving(desk: CounterDesk, clock: FixedClock) -> None:
    desk.sign_in(*TELLER)
    serve_deposit(desk, clock)  # identity, slip and 80,000.00 counted; more steps open


#: Each state of a counter, and what the teller window enabled in it (``apply_state``). One
#: difference: sign-out with held customers, which the window offered and the desk refused.
STATES: dict[str, tuple[Callable[[CounterDesk, FixedClock], None], frozenset[DeskAction]]] = {
    "closed": (_closed, frozenset({A.SIGN_IN})),
    "open": (_open, frozenset({A.CALL_NEXT, A.PAUSE, A.SIGN_OUT})),
    "open with a held customer": (_with_held, frozenset({A.CALL_NEXT, A.PAUSE, A.RESUME_HELD})),
    "paused": (_paused, frozenset({A.RESUME})),
    "paused with a held customer": (_paused_with_held, frozenset({A.RESUME})),
    "customer called": (_called, frozenset({A.RECALL, A.NO_SHOW, A.START, A.TRANSFER})),
    "customer served": (
        _serving,
        frozenset(
            {A.TRANSFER, A.HOLD, A.SWITCH, A.FINISH, A.CHECK_STEP, A.UNCHECK_STEP, A.AUTHORISE_STEP}
        ),
    ),
}


def _desk_in(state: str, make_desk: MakeDesk, clock: FixedClock) -> CounterDesk:
    desk = make_desk()
    for _ in range(3):  # somebody is always waiting, so calling can succeed
        desk.queue.issue("DEP")
    STATES[state][0](desk, clock)
    return desk


@pytest.mark.parametrize("state", STATES)
def test_each_state_allows_what_the_teller_window_offers(
    state: str, make_desk: MakeDesk, clock: FixedClock
) -> None:
    desk = _desk_in(state, make_desk, clock)
    assert desk.state().allowed == STATES[state][1]


@pytest.mark.parametrize("action", list(DeskAction), ids=lambda a: a.value)
@pytest.mark.parametrize("state", STATES)
def test_allowed_actions_succeed_and_the_others_are_refused(
    state: str, action: DeskAction, make_desk: MakeDesk, clock: FixedClock
) -> None:
    desk = _desk_in(state, make_desk, clock)
    allowed = desk.state().allowed
    if action in allowed:
        ACTIONS[action](desk)
    else:
        with pytest.raises(DomainError):
            ACTIONS[action](desk)
