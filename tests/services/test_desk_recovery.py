"""A counter after a restart: the same customer, the same checklist, no rating lost."""

from __future__ import annotations

import pytest
from desk_helpers import (
    OTHER_TELLER,
    SUPERVISOR,
    TELLER,
    MakeDesk,
    audit_actions,
    serve_deposit,
    serving,
)

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk, FinishRefused
from counterdesk.storage import models as m


def test_a_restarted_desk_finds_the_same_ticket_and_checklist(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    serve_deposit(desk, clock)
    before = serving(desk.state())
    restarted = make_desk()
    assert restarted.state().teller is None
    state = restarted.sign_in(*TELLER)
    after = state.current
    assert after is not None
    assert after.ticket == before.ticket
    assert after.service_id == before.service_id
    assert [(v.step.id, bool(v.record)) for v in after.steps] == [
        (v.step.id, bool(v.record)) for v in before.steps
    ]
    restarted.authorise_step("supervisor", None, *SUPERVISOR)
    restarted.check_step("signature")
    restarted.check_step("return_documents")
    assert restarted.finish().rating is not None


def test_a_crash_between_queue_and_journal_is_repaired(
    make_desk: MakeDesk, desk: CounterDesk
) -> None:
    desk.queue.issue("DEP")
    # The queue dispatched the ticket but the station died before the journal knew.
    desk.queue.call_next(desk.policy)
    restarted = make_desk()
    state = restarted.sign_in(*OTHER_TELLER)
    assert state.current is not None
    assert state.current.ticket.label == "A001"
    assert m.Service.get().staff_no == OTHER_TELLER[0]


def test_a_rating_prompt_lost_in_a_restart_becomes_no_rating(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    desk.finish("customer left", *SUPERVISOR)
    assert m.Rating.select().count() == 0
    clock.advance(5)
    restarted = make_desk()
    rating = m.Rating.get()
    assert (rating.outcome, rating.cause) == ("no_rating", "timeout")
    make_desk()  # a second restart adds nothing: one rating per service
    assert m.Rating.select().count() == 1
    assert restarted.state().rating is None


def _authorised_then_taken_over(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock, by: tuple[str, str]
) -> CounterDesk:
    """The supervisor authorises the teller's step, the station restarts, ``by`` signs in."""
    serve_deposit(desk, clock)
    desk.authorise_step("supervisor", None, *SUPERVISOR)
    desk.check_step("signature")
    desk.check_step("return_documents")
    restarted = make_desk()
    restarted.sign_in(*by)
    return restarted


def _checked(desk: CounterDesk) -> dict[str, bool]:
    return {v.step.id: bool(v.record) for v in serving(desk.state()).steps}


def test_a_supervisor_who_takes_over_a_service_they_authorised_needs_another_supervisor(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    restarted = _authorised_then_taken_over(make_desk, desk, clock, by=SUPERVISOR)
    assert _checked(restarted)["supervisor"] is False
    assert _checked(restarted)["signature"] is True
    assert "authorisation_voided" in audit_actions()
    with pytest.raises(FinishRefused):
        restarted.finish()
    with pytest.raises(DomainError):  # the new teller cannot authorise for themselves
        restarted.authorise_step("supervisor", None, *SUPERVISOR)
    # Another restart finds the same open step: the journal agrees with the checklist.
    again = make_desk()
    again.sign_in(*SUPERVISOR)
    assert _checked(again) == _checked(restarted)
    again.staff.add("2002", "Chen Jie", Role.SUPERVISOR, "1357")
    again.authorise_step("supervisor", None, "2002", "1357")
    assert again.finish().rating is not None
    assert m.Service.get().staff_no == SUPERVISOR[0]


def test_a_supervisor_cannot_override_the_finish_of_a_service_they_took_over(
    make_desk: MakeDesk, desk: CounterDesk
) -> None:
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    restarted = make_desk()
    restarted.sign_in(*SUPERVISOR)
    with pytest.raises(DomainError):
        restarted.finish("customer left", *SUPERVISOR)
    assert m.Service.get().state != "finished"


def test_a_takeover_by_somebody_else_keeps_the_authorisation(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    restarted = _authorised_then_taken_over(make_desk, desk, clock, by=OTHER_TELLER)
    assert _checked(restarted)["supervisor"] is True
    assert "authorisation_voided" not in audit_actions()
    assert restarted.finish().rating is not None


def test_a_service_finished_in_the_queue_only_gets_its_no_rating_in_the_same_restart(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("VIP")
    ticket = desk.call_next().current
    assert ticket is not None
    desk.start()
    # The queue finished the ticket, then the station died before the journal knew.
    desk.queue.finish(ticket.ticket.id, desk.counter)
    clock.advance(5)
    make_desk()
    service = m.Service.get()
    assert service.state == "finished"
    rating = m.Rating.get()
    assert (rating.service.uuid, rating.outcome, rating.cause) == (
        service.uuid,
        "no_rating",
        "timeout",
    )
    make_desk()  # a second restart adds nothing: one rating per service
    assert m.Rating.select().count() == 1
