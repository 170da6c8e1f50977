"""The counter's rules, through the same desk the windows and shortcuts use."""

from __future__ import annotations

import pytest
from desk_helpers import OTHER_TELLER, SUPERVISOR, TELLER, VALID_ID, MakeDesk

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError, QueueEmptyError
from counterdesk.core.ratings import NoRatingCause, PromptStep, RatingOutcome
from counterdesk.core.staff import AccountLockedError, NotAllowedError, SignInError
from counterdesk.core.tickets import TicketState
from counterdesk.queue.base import CounterMode
from counterdesk.services.desk import CounterDesk, FinishRefused
from counterdesk.storage import models as m


def serve_deposit(desk: CounterDesk, clock: FixedClock, amount: str = "80,000.00") -> None:
    desk.queue.issue("DEP")
    clock.advance(300)
    desk.call_next()
    clock.advance(20)
    desk.start()
    clock.advance(45)
    desk.check_step("identity", VALID_ID)
    clock.advance(30)
    desk.check_step("deposit_slip")
    clock.advance(90)
    desk.check_step("count_cash", amount)


def audit_actions() -> list[str]:
    return [row.action for row in m.AuditLog.select().order_by(m.AuditLog.at)]


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


def test_a_full_deposit_is_journaled_with_its_timings_and_rating(
    desk: CounterDesk, clock: FixedClock
) -> None:
    serve_deposit(desk, clock)
    state = desk.state()
    assert state.current is not None
    supervisor_step = next(v for v in state.current.steps if v.step.id == "supervisor")
    assert supervisor_step.needs_authorisation
    with pytest.raises(DomainError, match="needs a supervisor"):
        desk.check_step("supervisor")
    clock.advance(25)
    desk.authorise_step("supervisor", None, *SUPERVISOR)
    clock.advance(15)
    desk.check_step("signature")
    desk.check_step("return_documents")
    clock.advance(10)
    state = desk.finish()

    assert state.current is None
    assert state.rating is not None
    assert state.rating.step is PromptStep.SCORE
    service = m.Service.get()
    assert service.state == "finished"
    assert service.ticket_label == "A001"
    assert (service.started_at - service.called_at).total_seconds() == 20
    assert (service.finished_at - service.started_at).total_seconds() == 45 + 30 + 90 + 25 + 15 + 10
    assert service.sop_snapshot["version"] == 1
    steps = {s.step_id: s for s in m.StepRecord.select()}
    assert steps["count_cash"].value == "8000000"
    assert steps["count_cash"].seconds_open == 90
    assert steps["supervisor"].authoriser == SUPERVISOR[0]
    assert steps["supervisor"].checked_by == TELLER[0]
    assert desk.queue.get(service.ticket_id).state is TicketState.FINISHED

    state = desk.rate(5)
    assert state.rating is not None
    assert state.rating.step is PromptStep.DONE
    desk.rate(1)  # a second tap is ignored
    rating = m.Rating.get()
    assert (rating.outcome, rating.score, rating.scale_levels) == ("rated", 5, 5)
    assert m.Rating.select().count() == 1
    assert audit_actions()[-2:] == ["rating_prompted", "rating_recorded"]
    assert "step_authorised" in audit_actions()
    synced = {e.entity for e in desk.uow.events_after(0, 1000)}
    assert {"service", "step_record", "rating", "audit_log"} <= synced
    today = desk.state().today
    assert today.served == 1
    assert today.mean_rating == 5


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
    assert desk.queue.get(desk.state().current.ticket.id).state is TicketState.SERVING
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
    assert not any(v.record for v in desk.state().current.steps if v.step.id == "supervisor")


def test_calling_next_while_the_rating_is_open_records_no_rating(
    desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("WDR")
    desk.queue.issue("WDR")
    desk.call_next()
    desk.start()
    for step in desk.state().current.procedure.steps:
        if step.mandatory:
            value = None if step.capture is None else "100.00"
            desk.check_step(step.id, VALID_ID if step.id == "identity" else value)
    desk.finish()
    state = desk.call_next()
    assert state.rating is None
    rating = m.Rating.get()
    assert (rating.outcome, rating.cause) == ("no_rating", NoRatingCause.SUPERSEDED.value)


def test_low_score_asks_reasons_and_timeout_records_no_rating(
    desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    desk.finish("customer left", *SUPERVISOR)
    state = desk.rate(1)
    assert state.rating.step is PromptStep.REASONS
    state = desk.rate_reasons(["waiting", "attitude"])
    rating = m.Rating.get()
    assert (rating.score, rating.reasons) == (1, ["waiting", "attitude"])

    desk.dismiss_rating()
    clock.advance(60)
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    desk.finish("customer left", *SUPERVISOR)
    clock.advance(10)
    assert desk.expire_rating().rating.step is PromptStep.SCORE
    clock.advance(21)
    desk.expire_rating()
    latest = m.Rating.select().order_by(m.Rating.prompted_at.desc()).get()
    assert (latest.outcome, latest.cause) == (RatingOutcome.NO_RATING.value, "timeout")


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


def test_transfer_keeps_the_number_and_switch_links_both_parts(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("DEP")
    desk.call_next()
    desk.start()
    state = desk.switch_business_type("FX")
    assert state.current.business_type.code == "FX"
    assert state.current.procedure.business_type == "FX"
    first, second = m.Service.select().order_by(m.Service.called_at, m.Service.finished_at.desc())
    parts = {s.business_type: s for s in (first, second)}
    assert parts["DEP"].state == "abandoned"
    assert parts["FX"].previous_service.uuid == parts["DEP"].uuid

    desk.transfer(to_counter=5)
    other = make_desk(counter=5, serves=("DEP",))
    other.sign_in(*OTHER_TELLER)
    state = other.call_next()
    assert state.current.ticket.label == "A001"


def test_hold_lets_the_counter_serve_someone_else(desk: CounterDesk) -> None:
    first = desk.queue.issue("DEP")
    desk.queue.issue("DEP")
    desk.call_next()
    desk.start()
    state = desk.hold()
    assert [t.id for t in state.held] == [first.id]
    state = desk.call_next()
    assert state.current.ticket.label == "A002"
    with pytest.raises(DomainError, match="before you resume a held ticket"):
        desk.resume_held(first.id)
    desk.transfer("WDR")
    state = desk.resume_held(first.id)
    assert state.current.ticket.id == first.id
    assert state.held == ()


def test_a_restarted_desk_finds_the_same_ticket_and_checklist(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    serve_deposit(desk, clock)
    before = desk.state().current
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
