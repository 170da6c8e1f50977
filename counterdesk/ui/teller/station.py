"""Wiring of one counter station: the controller, the teller window and the customer screen."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from counterdesk.core.business import Catalogue
from counterdesk.core.ratings import PromptStep
from counterdesk.queue.base import CounterMode
from counterdesk.services.state import DeskState
from counterdesk.ui.customer.window import CustomerWindow
from counterdesk.ui.messages import pause_reason_text
from counterdesk.ui.teller.controller import DeskController
from counterdesk.ui.teller.window import TellerWindow

#: How long the thank-you page stays before the customer screen returns to its welcome page.
THANKS_MS = 4000


class CustomerPresenter(QObject):
    """Shows the desk on the customer screen and sends the customer's taps to the controller.

    The rating page appears only when the desk opens a prompt (on finish), so the teller can
    neither raise, skip nor answer it.
    """

    def __init__(
        self,
        window: CustomerWindow,
        controller: DeskController,
        catalogue: Catalogue,
        language: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.controller = controller
        self.catalogue = catalogue
        self.language = language
        self._shown: tuple[str, str] | None = None
        self._thanks = QTimer(self)
        self._thanks.setObjectName("customer-thanks")
        self._thanks.setSingleShot(True)
        self._thanks.setInterval(THANKS_MS)
        self._thanks.timeout.connect(controller.dismiss_rating)
        window.score_chosen.connect(controller.rate)
        window.reasons_chosen.connect(controller.rate_reasons)
        window.declined.connect(controller.decline_rating)
        controller.state_changed.connect(self.apply_state)

    @Slot(object)
    def apply_state(self, state: DeskState) -> None:
        """Pick the customer page for a desk snapshot."""
        rating = state.rating
        if rating is not None:
            key = (rating.service_id, rating.step.value)
            if key != self._shown:
                self._shown = key
                if rating.step is PromptStep.SCORE:
                    self.window.show_rating(rating.scale)
                elif rating.step is PromptStep.REASONS:
                    self.window.show_reasons(rating.reasons)
                else:
                    self.window.show_thanks()
                    self._thanks.start()
            return
        self._shown = None
        if state.mode is CounterMode.PAUSED:
            self.window.show_paused(pause_reason_text(state.pause_reason))
        elif state.current is not None:
            ticket = state.current.ticket
            self.window.show_serving(ticket.label, state.current.business_type.name(self.language))
        else:
            self.window.show_idle(state.branch_name, state.teller)


def connect_teller(window: TellerWindow, controller: DeskController) -> None:
    """Connect the teller window's requests to the controller, and its state back.

    The window gets the teller's view of the state and of the refusals, which say nothing of
    the customer's rating.
    """
    window.sign_in_requested.connect(controller.sign_in)
    window.sign_out_requested.connect(controller.sign_out)
    window.pause_requested.connect(controller.pause)
    window.resume_requested.connect(controller.resume)
    window.call_next_requested.connect(controller.call_next)
    window.recall_requested.connect(controller.recall)
    window.no_show_requested.connect(controller.no_show)
    window.start_requested.connect(controller.start_service)
    window.transfer_requested.connect(controller.transfer)
    window.hold_requested.connect(controller.hold)
    window.resume_held_requested.connect(controller.resume_held)
    window.switch_requested.connect(controller.switch_business_type)
    window.finish_requested.connect(controller.finish)
    window.finish_override_requested.connect(controller.finish_with_override)
    window.check_requested.connect(controller.check_step)
    window.uncheck_requested.connect(controller.uncheck_step)
    window.authorise_requested.connect(controller.authorise_step)
    controller.teller_state_changed.connect(window.apply_state)
    controller.queue_changed.connect(window.apply_queue)
    controller.queue_connection.connect(window.apply_queue_connection)
    controller.teller_failed.connect(window.show_failure)
    window.own_month_requested.connect(controller.read_own_month)
    controller.own_month_read.connect(window.show_own_month)
