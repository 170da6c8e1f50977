"""counterdesk: a counter terminal for bank branches."""

__version__ = "0.1.0"
