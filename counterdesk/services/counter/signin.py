"""Signing a teller in and out of a counter, and pausing it."""

from __future__ import annotations

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text
from counterdesk.queue.base import CounterMode
from counterdesk.services.counter.session import CounterSession
from counterdesk.storage.counter_journal import PauseRecord, SessionRecord


class SignInDesk:
    """Sign-in, sign-out, pause and resume of one counter.

    Args:
        session: the counter's shared state.
    """

    def __init__(self, session: CounterSession) -> None:
        self.s = session

    def sign_in(self, staff_no: str, pin: str) -> None:
        """Sign a member of staff in at this counter and open it.

        Services a restart left with another (or no) teller are taken over and audited.

        Raises:
            SignInError, AccountLockedError: wrong credentials or a locked account.
            DomainError: somebody is already signed in.
        """
        s = self.s
        if s.teller is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "{name} is signed in at counter {counter}; sign out first"
                ),
                name=s.teller.name,
                counter=s.counter,
            )
        try:
            member = s.staff.verify(staff_no, pin)
        except DomainError as exc:
            s.journal.audit(staff_no, "sign_in_refused", {"counter": s.counter, "why": str(exc)})
            raise
        # The queue first: if it cannot be reached, nobody is half signed in; but a journal
        # that could not record the sign-in refuses it before the counter opens.
        s.journal.check_writable()
        s.queue.set_counter_mode(s.counter, CounterMode.OPEN, serves=s.policy.serves)
        with s.journal.transaction() as tx:
            session = tx.save_session(
                SessionRecord(staff_no=member.staff_no, counter=str(s.counter), signed_in_at=tx.at)
            )
            tx.audit(member.staff_no, "sign_in", {"counter": s.counter})
            for active in s.all_active():
                if active.service.staff_no != member.staff_no:
                    tx.audit(
                        member.staff_no,
                        "service_taken_over",
                        {"service": active.service.uuid, "from": active.service.staff_no},
                    )
                    active.service.staff_no = member.staff_no
                    tx.save_service(active.service)
                if active.checklist is None:
                    continue
                active.checklist.teller = member.staff_no
                # Authorisation is bound to whoever finishes: a supervisor who takes over a
                # service they authorised would be both teller and authoriser.
                voided = active.checklist.void_authorisations_by(member.staff_no)
                for sid in voided:
                    row_id = active.step_rows.pop(sid, None)
                    if row_id is not None:
                        tx.delete_step(row_id)
                if voided:
                    tx.audit(
                        member.staff_no,
                        "authorisation_voided",
                        {"service": active.service.uuid, "steps": list(voided)},
                    )
        s.teller = member
        s.staff_session = session

    def heartbeat(self) -> bool:
        """Tell the queue this counter's program is alive, while somebody is signed in.

        The window sends one every :data:`~counterdesk.queue.base.HEARTBEAT_SECONDS` on its
        worker. An open or paused counter that stops (the program crashed, the PC lost the
        network) is reported as not responding and the kiosk stops offering what only it
        serves; the next heartbeat makes it live again.

        Returns:
            Whether a heartbeat was sent (nobody signed in: the counter is closed, none needed).
        """
        s = self.s
        if s.teller is None:
            return False
        s.queue.heartbeat(s.counter)
        return True

    def check_sign_out(self) -> None:
        """Refuse a sign-out the counter is not ready for (the guard of :meth:`sign_out`)."""
        s = self.s
        s.signed_in()
        s.free_counter(Text(QT_TRANSLATE_NOOP("domain", "sign out")))
        s.no_held()
        if s.pause is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "counter {counter} is paused; resume it first"),
                counter=s.counter,
            )

    def sign_out(self) -> None:
        """Close the counter and end the teller's session."""
        s = self.s
        teller = s.signed_in()
        self.check_sign_out()
        s.close_prompt_unanswered()
        with s.journal.transaction() as tx:
            if s.staff_session is not None:
                s.staff_session.signed_out_at = tx.at
                tx.save_session(s.staff_session)
            tx.audit(teller.staff_no, "sign_out", {"counter": s.counter})
        s.queue.set_counter_mode(s.counter, CounterMode.CLOSED)
        s.teller = None
        s.staff_session = None
        s.pause = None

    def check_pause(self) -> None:
        """Refuse a pause while one runs or a customer is at the counter."""
        s = self.s
        s.signed_in()
        if s.pause is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "counter {counter} is already paused"),
                counter=s.counter,
            )
        s.free_counter(Text(QT_TRANSLATE_NOOP("domain", "pause")))

    def pause(self, reason: str) -> None:
        """Pause the counter (lunch, meeting, cash replenishment, ...)."""
        s = self.s
        teller = s.signed_in()
        if not reason.strip():
            raise DomainError(QT_TRANSLATE_NOOP("domain", "give a reason to pause the counter"))
        self.check_pause()
        with s.journal.transaction() as tx:
            session_id = s.staff_session.uuid if s.staff_session else ""
            pause = tx.save_pause(
                PauseRecord(session_id=session_id, reason=reason.strip(), started_at=tx.at)
            )
            tx.audit(teller.staff_no, "pause", {"counter": s.counter, "reason": reason})
        s.queue.set_counter_mode(s.counter, CounterMode.PAUSED, reason.strip())
        s.pause = pause

    def check_resume(self) -> None:
        """Refuse a resume when the counter is not paused."""
        s = self.s
        s.signed_in()
        if s.pause is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "counter {counter} is not paused"),
                counter=s.counter,
            )

    def resume(self) -> None:
        """End the pause; the counter takes customers again."""
        s = self.s
        teller = s.signed_in()
        self.check_resume()
        assert s.pause is not None  # checked above
        with s.journal.transaction() as tx:
            s.pause.ended_at = tx.at
            tx.save_pause(s.pause)
            tx.audit(teller.staff_no, "resume", {"counter": s.counter})
        s.queue.set_counter_mode(s.counter, CounterMode.OPEN, serves=s.policy.serves)
        s.pause = None
