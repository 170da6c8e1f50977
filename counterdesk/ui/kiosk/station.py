"""Wiring of the kiosk: its window follows the controller's states and refusals."""

from __future__ import annotations

import logging

from counterdesk.services.kiosk import KioskAction, KioskState
from counterdesk.ui.kiosk.controller import KioskController
from counterdesk.ui.kiosk.window import KioskWindow
from counterdesk.ui.messages import error_text

log = logging.getLogger(__name__)


def show_kiosk_state(window: KioskWindow, state: KioskState, hours: str) -> None:
    """Show what the kiosk may offer: closed, the available types, the priority unlock.

    Args:
        window: the kiosk window.
        state: the service's state.
        hours: the opening hours as shown on the closed page ("" when always open).
    """
    window.follow_unlock(state.priority_by)
    if not state.open_now:
        window.show_closed("hours", hours)
        return
    if not state.any_counter_open:
        window.show_closed("counters")
        return
    window.set_enabled_types(set(state.available))
    if window.page() == "closed":
        window.show_start()


def connect_kiosk(
    window: KioskWindow, controller: KioskController, *, hours: str, language: str
) -> None:
    """Connect the kiosk window's requests to the controller, and its answers back.

    Args:
        window: the kiosk window.
        controller: the kiosk's controller.
        hours: the opening hours as shown on the closed page ("" when always open).
        language: the language of refusal messages.
    """

    def refused(action: object, error: object) -> None:
        message = error_text(error, language=language)
        if action is KioskAction.UNLOCK_PRIORITY:
            window.show_staff_error(message)
        else:
            log.warning("kiosk refused a ticket: %s", error)
            window.show_ticket_refused(message)

    window.ticket_requested.connect(controller.request_ticket)
    window.staff_sign_in.connect(controller.staff_sign_in)
    window.staff_left.connect(controller.lock_priority)
    controller.issued.connect(window.show_issued)
    controller.unlocked.connect(window.staff_unlocked)
    controller.state_changed.connect(lambda state: show_kiosk_state(window, state, hours))
    controller.refused.connect(refused)
