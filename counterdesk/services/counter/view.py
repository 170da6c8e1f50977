"""Building the :class:`DeskState` snapshot the windows draw, with the actions allowed now."""

from __future__ import annotations

from collections.abc import Callable

from counterdesk.core.errors import DomainError
from counterdesk.queue.base import CounterMode
from counterdesk.services.counter.calling import CallingDesk
from counterdesk.services.counter.figures import today_figures
from counterdesk.services.counter.session import ActiveService, CounterSession
from counterdesk.services.counter.signin import SignInDesk
from counterdesk.services.state import (
    DeskAction,
    DeskState,
    RatingView,
    ServiceView,
    StepView,
)


def allowed_actions(
    session: CounterSession, signin: SignInDesk, calling: CallingDesk
) -> frozenset[DeskAction]:
    """The actions whose guards pass now: the same checks the use cases run first."""
    if session.teller is None:
        return frozenset({DeskAction.SIGN_IN})
    guards: dict[DeskAction, Callable[[], object]] = {
        DeskAction.SIGN_OUT: signin.check_sign_out,
        DeskAction.PAUSE: signin.check_pause,
        DeskAction.RESUME: signin.check_resume,
        DeskAction.CALL_NEXT: calling.check_call_next,
        DeskAction.RESUME_HELD: calling.check_resume_held,
        DeskAction.RECALL: calling.called,
        DeskAction.NO_SHOW: calling.called,
        DeskAction.START: calling.called,
        DeskAction.TRANSFER: session.active,
        DeskAction.HOLD: session.serving,
        DeskAction.SWITCH: session.serving,
        DeskAction.FINISH: session.serving,
        DeskAction.CHECK_STEP: session.serving,
        DeskAction.UNCHECK_STEP: session.serving,
        DeskAction.AUTHORISE_STEP: session.serving,
    }
    allowed = set()
    for action, guard in guards.items():
        try:
            guard()
        except DomainError:
            continue
        allowed.add(action)
    return frozenset(allowed)


def desk_state(session: CounterSession, allowed: frozenset[DeskAction]) -> DeskState:
    """A snapshot of the counter for the windows."""
    s = session
    if s.teller is None:
        mode = CounterMode.CLOSED
    else:
        mode = CounterMode.PAUSED if s.pause is not None else CounterMode.OPEN
    rating = None
    if s.prompt is not None:
        rating = RatingView(
            service_id=s.prompt.service_id,
            step=s.prompt.step,
            scale=s.rating_scale,
            deadline=s.prompt.deadline,
            reasons=s.prompt.reasons,
        )
    return DeskState(
        counter=s.counter,
        branch_name=s.branch_name,
        teller=s.teller,
        mode=mode,
        pause_reason=s.pause.reason if s.pause is not None else "",
        current=service_view(s, s.current) if s.current else None,
        held=tuple(a.ticket for a in s.held.values()),
        rating=rating,
        customer_rating=s.prompt is not None and s.prompt.is_open,
        today=today_figures(s),
        allowed=allowed,
    )


def service_view(session: CounterSession, active: ActiveService) -> ServiceView:
    """The customer at the counter with the checklist's progress."""
    checklist = active.checklist
    records = {r.step_id: r for r in checklist.records} if checklist else {}
    current = checklist.current() if checklist else None
    steps = []
    values = checklist.values if checklist is not None else {}
    for step in active.procedure.steps:
        needs = False
        if step.authorisation is not None and checklist is not None:
            needs = step.authorisation.required(checklist.values)
        steps.append(
            StepView(
                step=step,
                record=records.get(step.id),
                needs_authorisation=needs,
                is_current=current is not None and current.id == step.id,
                required=step.is_required(values),
                shown=step.is_shown(values),
            )
        )
    open_mandatory = (
        tuple(s.id for s in active.procedure.steps if s.is_required({}))
        if (checklist is None)
        else tuple(s.id for s in checklist.open_mandatory())
    )
    return ServiceView(
        service_id=active.service.uuid,
        ticket=active.ticket,
        business_type=session.catalogue.get(active.service.business_type),
        procedure=active.procedure,
        steps=tuple(steps),
        started_at=checklist.started_at if checklist else None,
        open_mandatory=open_mandatory,
    )
