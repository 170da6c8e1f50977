"""Sample staff and values shared by the desk tests."""

from __future__ import annotations

from collections.abc import Callable

from counterdesk.services.desk import CounterDesk

TELLER, OTHER_TELLER, SUPERVISOR = ("1001", "1234"), ("1002", "5678"), ("2001", "2468")
VALID_ID = "11010519491231002X"

MakeDesk = Callable[..., CounterDesk]
