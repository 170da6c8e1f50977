"""A counter after a restart: the same customer, the same checklist, no rating lost."""

from __future__ import annotations

from desk_helpers import (
    OTHER_TELLER,
    SUPERVISOR,
    TELLER,
    MakeDesk,
    serve_deposit,
    serving,
)

from counterdesk.core.clock import FixedClock
from counterdesk.services.desk import CounterDesk
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
