"""Opening hours of the branch, as the kiosk uses them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from counterdesk.core.errors import DomainError

_RANGE = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")


@dataclass(frozen=True)
class OpeningHours:
    """When customers may take tickets, in local time (``start`` included, ``end`` not)."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise DomainError("opening hours must end after they start, on the same day")

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        """Read ``"08:30-17:00"``.

        Raises:
            DomainError: not two HH:MM times with the end after the start.
        """
        match = _RANGE.match(text)
        if match is None:
            raise DomainError(f"opening hours {text!r} must look like 08:30-17:00")
        hours = [int(g) for g in match.groups()]
        return cls(time(hours[0], hours[1]), time(hours[2], hours[3]))

    def is_open(self, local: time) -> bool:
        """Whether the branch is open at a local time of day."""
        return self.start <= local < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"
