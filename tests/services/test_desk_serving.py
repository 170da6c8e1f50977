"""Serving through the procedure: steps, authorisations, the finish rules."""

from __future__ import annotations

import pytest
from desk_helpers import (
    OTHER_TELLER,
    SUPERVISOR,
    TELLER,
    VALID_ID,
    audit_actions,
    serve_deposit,
    serving,
)

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.staff import NotAllowedError, SignInError
from counterdesk.core.tickets import TicketState
from counterdesk.services.desk import CounterDesk, FinishRefused
from counterdesk.storage import models as m


def test_block_rule_refuses_finish_and_names_the_open_steps(
    desk: CounterDesk, clock: FixedClock
) -> None:
    serve_deposit(desk, clock, amount="500.00")
    with pytest.raises(FinishRefused) as refused:
        desk.finish("customer in a hurry", *SUPERVISOR)
    # Below the threshold the supervisor step is still checked, just without a supervisor.
    assert refused.value.verdict.open_steps == ("supervisor", "signature", "return_documents")
    assert not refused.value.can_override
    assert desk.state().current is not None
    assert desk.queue.get(serving(desk.state()).ticket.id).state is TicketState.SERVING
    assert m.Rating.select().count() == 0


def test_warn_rule_needs_a_reason_and_another_supervisor(
    desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    desk.check_step("identity", VALID_ID)
    with pytest.raises(FinishRefused) as refused:
        desk.finish()
    assert refused.value.can_override
    with pytest.raises(DomainError, match="other than the signed-in teller"):
        desk.finish("system down", TELLER[0], TELLER[1])
    with pytest.raises(NotAllowedError):
        desk.finish("system down", *OTHER_TELLER)
    with pytest.raises(SignInError):
        desk.finish("system down", SUPERVISOR[0], "9999")
    with pytest.raises(FinishRefused, match="a reason"):
        desk.finish("", *SUPERVISOR)
    desk.finish("dual-recording system down", *SUPERVISOR)
    service = m.Service.get()
    assert (service.state, service.override_by) == ("finished", SUPERVISOR[0])
    assert service.finish_reason == "dual-recording system down"
    assert "finish_override" in audit_actions()


def test_the_teller_cannot_authorise_their_own_step(desk: CounterDesk, clock: FixedClock) -> None:
    serve_deposit(desk, clock)
    with pytest.raises(DomainError, match="other than the signed-in teller"):
        desk.authorise_step("supervisor", None, *TELLER)
    with pytest.raises(NotAllowedError):
        desk.authorise_step("supervisor", None, *OTHER_TELLER)
    assert "authorisation_refused" in audit_actions()
    assert not any(v.record for v in serving(desk.state()).steps if v.step.id == "supervisor")
