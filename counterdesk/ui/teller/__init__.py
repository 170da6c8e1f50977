"""The teller's program: main window, checklist, dialogs, desk controller and the station wiring."""
