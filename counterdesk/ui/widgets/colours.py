"""The colours the windows share for errors, notes, marks and warnings."""

from __future__ import annotations

#: Errors and refusals.
RED = "#c62828"
#: Secondary text: notes, subtitles, timers.
GREY = "#6b7280"
#: Marks of the current thing (icons of headings, the active step).
BLUE = "#1d5fc9"
#: Warnings that are not errors (a step quoted for a supervisor).
AMBER = "#b26a00"
#: The kiosk's ink: type icons, marks and the keypad's backspace.
NAVY = "#12355b"
#: Icons on a coloured tile or button.
WHITE = "#ffffff"
