"""The crash handler's place in a running terminal: installed first, followed by the windows.

What each screen does after an error (:mod:`counterdesk.ui.crash` logs it first):

- the teller window opens a dialog for staff: the error in one line, the log file, and that
  the program keeps running;
- the customer screen and the kiosk cover their pages with "please ask a member of staff"
  and uncover them with the next good state from their service, after a short hold
  (:class:`~counterdesk.ui.crash.CrashPageHold`): a kiosk has no staff at hand to dismiss
  it, and a fresh state shows the service answers again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from counterdesk.ui.crash import CRASH_PAGE_HOLD_MS, Crash, CrashHandler, CrashPageHold

if TYPE_CHECKING:
    from counterdesk.app.gui import Running


def follow_crashes(
    handler: CrashHandler, running: Running, *, hold_ms: int = CRASH_PAGE_HOLD_MS
) -> list[CrashPageHold]:
    """Connect the running windows to ``handler``; return the holds (keep them alive)."""
    holds: list[CrashPageHold] = []
    if running.teller is not None:
        teller = running.teller

        def tell_staff(crash: Crash) -> None:
            teller.show_crash(crash.summary, str(crash.log_path or ""))

        handler.crashed.connect(tell_staff)
    screens: list[tuple[Any, Any]] = [
        (running.customer, running.desk_controller),
        (running.kiosk, running.kiosk_controller),
    ]
    for window, controller in screens:
        if window is None or controller is None:
            continue
        hold = CrashPageHold(
            window.show_out_of_order, window.clear_out_of_order, hold_ms=hold_ms, parent=window
        )
        handler.crashed.connect(hold.crashed)
        controller.state_changed.connect(hold.good_state)
        holds.append(hold)
    return holds
