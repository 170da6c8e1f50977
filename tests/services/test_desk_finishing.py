"""Finishing a service and the customer's rating."""

from __future__ import annotations

import pytest
from desk_helpers import (
    SUPERVISOR,
    TELLER,
    VALID_ID,
    audit_actions,
    rating_prompt,
    serve_deposit,
    serving,
)

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.ratings import NoRatingCause, PromptStep, RatingOutcome
from counterdesk.core.tickets import TicketState
from counterdesk.services.desk import CounterDesk
from counterdesk.storage import models as m


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
    assert service.started_at is not None
    assert service.finished_at is not None
    assert (service.started_at - service.called_at).total_seconds() == 20
    assert (service.finished_at - service.started_at).total_seconds() == 45 + 30 + 90 + 25 + 15 + 10
    assert service.procedure_snapshot.snapshot["version"] == 2
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


def test_calling_next_while_the_rating_is_open_records_no_rating(
    desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("WDR")
    desk.queue.issue("WDR")
    desk.call_next()
    desk.start()
    for step in serving(desk.state()).procedure.steps:
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
    assert rating_prompt(state).step is PromptStep.REASONS
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
    assert rating_prompt(desk.expire_rating()).step is PromptStep.SCORE
    clock.advance(21)
    desk.expire_rating()
    latest = m.Rating.select().order_by(m.Rating.prompted_at.desc()).get()
    assert (latest.outcome, latest.cause) == (RatingOutcome.NO_RATING.value, "timeout")


def _finish_a_vip(desk: CounterDesk) -> None:
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    desk.finish("customer left", *SUPERVISOR)


def test_a_tap_ten_minutes_after_the_deadline_is_stored_as_no_rating(
    desk: CounterDesk, clock: FixedClock
) -> None:
    _finish_a_vip(desk)
    # The window's timer never fired (a frozen screen): the service itself keeps the deadline.
    clock.advance(desk.rating_timeout + 600)
    state = desk.rate(5)
    assert rating_prompt(state).step is PromptStep.DONE
    rating = m.Rating.get()
    assert (rating.outcome, rating.score, rating.cause) == (
        RatingOutcome.NO_RATING.value,
        None,
        NoRatingCause.TIMEOUT.value,
    )
    # Closed at the deadline, not at the late tap.
    assert rating.answered_at is not None
    assert (rating.answered_at - rating.prompted_at).total_seconds() == desk.rating_timeout
    desk.rate(1)  # nor does a second late tap change anything
    assert m.Rating.select().count() == 1


def test_reasons_chosen_an_hour_late_do_not_change_the_stored_rating(
    desk: CounterDesk, clock: FixedClock
) -> None:
    _finish_a_vip(desk)
    clock.advance(5)
    assert rating_prompt(desk.rate(1)).step is PromptStep.REASONS
    clock.advance(3600)
    desk.rate_reasons(["waiting", "attitude"])
    rating = m.Rating.get()
    assert (rating.outcome, rating.score, rating.reasons, rating.cause) == (
        RatingOutcome.RATED.value,
        1,
        [],
        None,
    )
    assert m.Rating.select().count() == 1
