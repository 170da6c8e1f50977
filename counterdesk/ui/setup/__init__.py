"""The set-up wizard: a terminal's configuration chosen page by page, written by the app."""
