"""Helpers shared by the procedure, catalogue and checklist tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from counterdesk.core.procedures.model import Capture, CaptureType

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
PROCEDURES = RESOURCES / "procedures"


def toml(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the nth line containing needle, computed independently of the loader."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth]


def amount(max_: int | None = 100000000) -> Capture:
    return Capture(CaptureType.AMOUNT, "Amount", "金额", min=1, max=max_)
