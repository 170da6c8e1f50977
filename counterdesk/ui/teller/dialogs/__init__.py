"""Dialogs of the teller's window, one module each, over a shared base."""
