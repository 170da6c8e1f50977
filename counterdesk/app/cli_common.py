"""What the command-line modules share: exit codes, the refusal exception, JSON output."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from counterdesk.core.tickets import Ticket

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_EMPTY, EXIT_DATABASE = 0, 1, 2, 3, 4
#: Another run of the same command holds what it needs (``counterdesk sync`` of one journal).
EXIT_BUSY = 5
#: Where ``queue issue`` and ``queue call`` read a PIN from (else they prompt for it).
PIN_ENV = "COUNTERDESK_PIN"


class CliError(Exception):
    """Stop the command with a message and an exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def print_json(data: Any, out: TextIO) -> None:
    """Write data as indented JSON (times in ISO 8601)."""

    def default(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, Path):
            return str(value)
        return str(value)

    json.dump(data, out, default=default, ensure_ascii=False, indent=2)
    out.write("\n")


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    """A ticket as JSON data, with its label, state and day spelled out."""
    data = asdict(ticket)
    data["label"] = ticket.label
    data["state"] = ticket.state.value
    data["day"] = ticket.day.isoformat()
    return data
