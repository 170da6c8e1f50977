"""The teller window's dialogs that wait for a supervisor: authorising a step, overriding a finish.

Each stays open while the controller checks the supervisor's credentials, shows a refusal in
place, and closes once the desk's state shows the step done (or the service over).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from counterdesk.services.state import CounterAction, CounterTask, DeskAction, DeskState

# The dialogs' modules load when a supervisor is first needed, not at start-up.
if TYPE_CHECKING:
    from counterdesk.ui.teller.dialogs.authorisation import AuthorisationDialog
    from counterdesk.ui.teller.dialogs.finish_override import FinishOverrideDialog


class SupervisorDialogs(QObject):
    """Opens, follows and closes the two supervisor dialogs of a window.

    Signals:
        authorise_requested(str, str, str, str): step id, value text, supervisor, PIN.
        finish_override_requested(str, str, str): reason, supervisor, PIN.
        closed(): a dialog closed (the window takes the keyboard back).
    """

    authorise_requested = Signal(str, str, str, str)
    finish_override_requested = Signal(str, str, str)
    closed = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.auth_dialog: AuthorisationDialog | None = None
        self.override_dialog: FinishOverrideDialog | None = None
        self._pending_auth: tuple[str, str] | None = None

    def authorise(self, step_id: str, value_text: str, step_text: str) -> None:
        """Ask a supervisor to authorise a step (``step_text`` names it)."""
        from counterdesk.ui.teller.dialogs.authorisation import AuthorisationDialog

        dialog = AuthorisationDialog(step_text, self._window)
        dialog.setObjectName("authorisation-dialog")
        self.auth_dialog = dialog
        self._pending_auth = (step_id, value_text)

        def submit(staff_no: str, pin: str) -> None:
            dialog.busy(True)
            self.authorise_requested.emit(step_id, value_text, staff_no, pin)

        dialog.submitted.connect(submit)
        dialog.rejected.connect(self._forget_auth_dialog)
        dialog.open()

    def override(self, open_steps: list[str]) -> None:
        """Ask for a reason and a supervisor to finish with these (named) steps open."""
        from counterdesk.ui.teller.dialogs.finish_override import FinishOverrideDialog

        dialog = FinishOverrideDialog(open_steps, self._window)
        dialog.setObjectName("finish-override-dialog")
        self.override_dialog = dialog

        def submit(reason: str, staff_no: str, pin: str) -> None:
            dialog.busy(True)
            self.finish_override_requested.emit(reason, staff_no, pin)

        dialog.submitted.connect(submit)
        dialog.rejected.connect(self._forget_override_dialog)
        dialog.open()

    def follow(self, state: DeskState) -> None:
        """Close a dialog whose work the desk's new state shows done (or moot)."""
        current = state.current
        if self.auth_dialog is not None and self._pending_auth is not None:
            step_id = self._pending_auth[0]
            done = current is not None and any(
                v.step.id == step_id and v.record is not None for v in current.steps
            )
            if done or current is None:
                self.auth_dialog.accept()
                self._forget_auth_dialog()
        if self.override_dialog is not None and current is None:
            self.override_dialog.accept()
            self._forget_override_dialog()

    def show_refusal(self, action: CounterAction, message: str) -> bool:
        """Show a refusal of ``action`` in its open dialog; whether there was one."""
        dialog: AuthorisationDialog | FinishOverrideDialog | None = None
        if action is DeskAction.AUTHORISE_STEP:
            dialog = self.auth_dialog
        elif action is CounterTask.FINISH_OVERRIDE:
            dialog = self.override_dialog
        if dialog is None:
            return False
        dialog.busy(False)
        dialog.show_error(message)
        return True

    def _forget_auth_dialog(self) -> None:
        self.auth_dialog = None
        self._pending_auth = None
        self.closed.emit()

    def _forget_override_dialog(self) -> None:
        self.override_dialog = None
        self.closed.emit()
