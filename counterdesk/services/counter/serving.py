"""Serving the customer through the procedure: checking, reopening and authorising steps."""

from __future__ import annotations

from counterdesk.core.procedures import CaptureType, Procedure, StepRecord
from counterdesk.core.staff import StaffMember
from counterdesk.services.counter.session import ActiveService, CounterSession


class ServingDesk:
    """The checklist use cases of one counter.

    Args:
        session: the counter's shared state.
    """

    def __init__(self, session: CounterSession) -> None:
        self.s = session

    def check_step(self, step_id: str, value_text: str | None = None) -> None:
        """Check a step that needs no supervisor (its value validated by the template).

        Raises:
            DomainError: invalid value, the step needs authorisation, or no service running.
        """
        s = self.s
        teller = s.signed_in()
        active, checklist = s.serving()
        record = checklist.check(step_id, s.clock.now(), value_text or None)
        self._store_step(active, record, teller)

    def authorise_step(
        self, step_id: str, value_text: str | None, supervisor_no: str, pin: str
    ) -> None:
        """Check a step with a supervisor's authorisation (not the signed-in teller)."""
        s = self.s
        teller = s.signed_in()
        active, checklist = s.serving()
        checklist.needs_authorisation(step_id, value_text or None)  # value errors first
        supervisor = s.authoriser(supervisor_no, pin, f"step {step_id}")
        record = checklist.check(
            step_id, s.clock.now(), value_text or None, authoriser=supervisor.staff_no
        )
        self._store_step(active, record, teller, audit=True)

    def uncheck_step(self, step_id: str) -> None:
        """Reopen a step (and steps authorised on its value)."""
        s = self.s
        teller = s.signed_in()
        active, checklist = s.serving()
        reopened = checklist.uncheck(step_id)
        with s.journal.transaction() as tx:
            for sid in reopened:
                row_id = active.step_rows.pop(sid, None)
                if row_id is not None:
                    tx.delete_step(row_id)
            if reopened:
                tx.audit(teller.staff_no, "step_reopened", {"service": active.service.uuid,
                                                            "steps": list(reopened)})  # fmt: skip

    def _store_step(
        self, active: ActiveService, record: StepRecord, teller: StaffMember, audit: bool = False
    ) -> None:
        with self.s.journal.transaction() as tx:
            row_id = tx.add_step(active.service.uuid, record, checked_by=teller.staff_no)
            if audit:
                tx.audit(
                    record.authoriser or "",
                    "step_authorised",
                    {"service": active.service.uuid, "step": record.step_id,
                     "teller": teller.staff_no},
                )  # fmt: skip
        active.step_rows[record.step_id] = row_id


def stored_value(procedure: Procedure, step_id: str, text: str | None) -> int | str | None:
    """A step's value as the checklist holds it, from the journal's text."""
    if text is None:
        return None
    capture = procedure.step(step_id).capture
    if capture is not None and capture.type in (CaptureType.AMOUNT, CaptureType.INTEGER):
        return int(text)
    return text
